using Microsoft.ML.Data;
using OsteoMl.Common;
using OsteoMl.Data;
using OsteoMl.Model;

namespace OsteoMl.Consumer;

/// <summary>
/// <c>osteoml codegen</c>: a small console project that loads a zip with ML.NET packages alone and reproduces
/// <c>osteoml predict</c> on a CSV: typed input and output classes read from the zip's own schema, a scorer that
/// cleans up after the zip, the packages at OsteoMl's versions, and a README of the conventions.
/// </summary>
public static class ConsumerProject
{
    /// <summary>Type names of the generated code, which the project's namespace must not take.</summary>
    private static readonly string[] GeneratedTypes =
    [
        "ModelInput",
        "ModelOutput",
        "InputCsv",
        "CsvRow",
        "Scorer",
        "Program",
    ];

    /// <summary>
    /// Writes the project into <paramref name="folder"/> (which must not exist or be empty), all at once: into a
    /// temporary sibling first, renamed into place when complete.
    /// </summary>
    /// <returns>The project's name (its csproj and assembly name).</returns>
    public static string Write(OsteoMlModel model, ModelCard card, string folder)
    {
        ArgumentNullException.ThrowIfNull(model);
        string target = Path.GetFullPath(folder);
        RefuseOccupied(folder, target);
        string name = ProjectName(target);
        var files = Files(model, card, name);
        string temporary = Path.Combine(
            Path.GetDirectoryName(target)!,
            $".{Path.GetFileName(target)}.{Environment.ProcessId}.tmp"
        );
        try
        {
            Directory.CreateDirectory(temporary);
            foreach (var (file, text) in files)
            {
                File.WriteAllText(Path.Combine(temporary, file), text);
            }
            if (Directory.Exists(target))
            {
                Directory.Delete(target); // empty, checked above
            }
            Directory.Move(temporary, target);
            return name;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"cannot write the project ({e.Message}); nothing was written.", folder);
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
    }

    /// <summary>Each generated file's name and text.</summary>
    public static IReadOnlyDictionary<string, string> Files(OsteoMlModel model, ModelCard card, string name)
    {
        ArgumentNullException.ThrowIfNull(model);
        var schema = ModelSchema.Of(model, card);
        var inputs = Inputs(model, schema);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [name + ".csproj"] = ConsumerCode.Project(name),
            ["ModelInput.cs"] = ConsumerCode.ModelInput(name, inputs),
            ["ModelOutput.cs"] = ConsumerCode.ModelOutput(name, schema.Outputs),
            ["InputCsv.cs"] = ConsumerTemplates.InputCsv(name, inputs),
            ["CsvRow.cs"] = ConsumerTemplates.CsvRow(name),
            ["Scorer.cs"] = ConsumerTemplates.Scorer(name, model.UsesImages),
            ["Program.cs"] = ConsumerTemplates.Program(name, model.Path),
            ["README.md"] = ConsumerReadme.Text(name, inputs, schema),
        };
    }

    private static List<InputColumn> Inputs(OsteoMlModel model, ModelSchema schema)
    {
        // The label is never an input to scoring (ConsumerApp scores without it).
        var columns = schema.Inputs.Where(c => c.Name != ModelColumns.Label).ToList();
        var properties = CSharpNames.Properties(columns.Select(c => c.Name), "ModelInput", "Warnings");
        return
        [
            .. columns.Select(
                (column, i) =>
                    new InputColumn(CsvName(column.Name), CSharpType(model, column.Name), properties[i], column)
            ),
        ];
    }

    /// <summary>The CSV column a zip input is read from: the id and film have CSV names of their own.</summary>
    private static string CsvName(string zipColumn) =>
        zipColumn switch
        {
            ModelColumns.PatientId => "patient_id",
            ModelColumns.ImagePath => "image",
            _ => zipColumn,
        };

    private static string CSharpType(OsteoMlModel model, string column) =>
        model.InputSchema[column].Type switch
        {
            TextDataViewType => "string",
            var type when type.RawType == typeof(float) => "float",
            var type => throw new ModelFileException(
                $"input column '{column}' is {type}; codegen writes Text and Single inputs only.",
                model.Path
            ),
        };

    private static void RefuseOccupied(string folder, string target)
    {
        if (File.Exists(target))
        {
            throw new UserInputException("--out is a file; give a new or empty folder.", folder);
        }
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new UserInputException(
                "--out is not empty; give a new or empty folder (nothing was overwritten).",
                folder
            );
        }
    }

    /// <summary>The folder's name as a C# identifier: the csproj's, assembly's and namespace's name.</summary>
    private static string ProjectName(string target)
    {
        string name = CSharpNames.Pascal(Path.GetFileName(target));
        return GeneratedTypes.Contains(name) ? name + "App" : name;
    }
}
