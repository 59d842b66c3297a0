using OsteoMl.Model;

namespace OsteoMl.Consumer;

/// <summary>
/// One zip input as the generated code handles it: the zip's column name, the CSV column it is read from, its C#
/// type and property, and its contract (<see cref="SchemaColumn"/>).
/// </summary>
internal sealed record InputColumn(string CsvName, string CSharpType, string Property, SchemaColumn Schema)
{
    public string ZipName => Schema.Name;
    public bool IsText => CSharpType == "string";
}
