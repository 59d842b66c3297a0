using OsteoMl.Cli;

return CliApp.Run(args, Spectre.Console.AnsiConsole.Console);
