using System.Text.Json;
using OsteoMl.Model;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

/// <summary>
/// <c>osteoml schema</c>: the columns an ML.NET app must give the zip and the ones it gets back, with their types,
/// missing-value conventions and the categories seen at training, read from the zip itself.
/// </summary>
public sealed class SchemaCommand(IAnsiConsole console) : Command<SchemaSettings>
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public override int Execute(CommandContext context, SchemaSettings settings, CancellationToken cancellationToken)
    {
        using var model = OsteoMlModel.Load(settings.Model);
        var schema = ModelSchema.Of(model, ModelCard.Read(settings.Model));
        if (settings.Json)
        {
            console.Profile.Width = int.MaxValue;
            console.WriteLine(JsonSerializer.Serialize(schema, JsonOptions));
            return 0;
        }
        console.Write(Table("Input (in the zip's order)", schema.Inputs));
        console.Write(Table("Output (added by the zip)", schema.Outputs));
        foreach (var (name, threshold) in schema.Thresholds)
        {
            console.WriteLine($"threshold {name}: {threshold:0.####} (frozen at training)");
        }
        return 0;
    }

    private static Table Table(string title, IReadOnlyList<SchemaColumn> columns)
    {
        var table = new Table().Title(title).AddColumns("column", "type", "meaning", "missing", "categories");
        foreach (var column in columns)
        {
            table.AddRow(
                Markup.Escape(column.Name),
                Markup.Escape(column.Type),
                Markup.Escape(column.Meaning),
                Markup.Escape(column.Missing),
                Markup.Escape(column.Categories is { } values ? string.Join(", ", values) : "")
            );
        }
        return table;
    }
}
