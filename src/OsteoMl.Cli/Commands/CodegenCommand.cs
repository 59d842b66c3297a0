using OsteoMl.Consumer;
using OsteoMl.Model;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

/// <summary>
/// <c>osteoml codegen</c>: writes a buildable console project that scores CSVs with the zip through ML.NET alone,
/// typed from the zip's own schema, so that an app's author starts from code that runs instead of from load errors.
/// </summary>
public sealed class CodegenCommand(IAnsiConsole console) : Command<CodegenSettings>
{
    public override int Execute(CommandContext context, CodegenSettings settings, CancellationToken cancellationToken)
    {
        using var model = OsteoMlModel.Load(settings.Model);
        string project = ConsumerProject.Write(model, ModelCard.Read(settings.Model), settings.Out);
        string folder = Path.GetFullPath(settings.Out);
        console.MarkupParts($"Wrote the {project} project (namespace {project}) → ", $"[green]{folder}[/]");
        console.WriteLine(
            $"Build and run: cd {folder} && dotnet run -c Release -- IN.csv OUT.csv (see its README.md)."
        );
        return 0;
    }
}
