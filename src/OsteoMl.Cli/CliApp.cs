using Spectre.Console;
using Spectre.Console.Cli;
using OsteoMl.Cli.Commands;

namespace OsteoMl.Cli;

/// <summary>Builds the command tree; the console is injected so that tests can capture output.</summary>
public static class CliApp
{
    public static int Run(string[] args, IAnsiConsole console)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.Settings.Registrar.RegisterInstance<IAnsiConsole>(console);
            config.SetApplicationName("osteoml");
            config.ConfigureConsole(console);
            config.AddCommand<GenerateCommand>("generate")
                .WithDescription("Write a SYNTHETIC chest X-ray + clinical cohort (documented simulator).")
                .WithExample("generate", "--out", "cohort-b", "--patients", "1780", "--site", "B");
        });
        return app.Run(args);
    }
}
