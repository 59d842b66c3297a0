using System.Text.Json;
using OsteoMl.Cli;
using OsteoMl.Tests.Workflows;
using Spectre.Console.Testing;

namespace OsteoMl.Tests.Cli;

/// <summary><c>osteoml schema</c>: the zip's contract for an ML.NET app, read from the zip and its card.</summary>
public sealed class SchemaCliTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    [Fact]
    public void The_json_schema_lists_every_input_of_the_zip_with_its_type_and_the_outputs_predict_writes()
    {
        var console = new TestConsole();
        int code = CliApp.Run(["schema", "--model", fixture.ModelPath, "--json"], console);

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(console.Output);
        var inputs = json
            .RootElement.GetProperty("inputs")
            .EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!);
        var outputs = json
            .RootElement.GetProperty("outputs")
            .EnumerateArray()
            .Select(c => c.GetProperty("name").GetString())
            .ToList();
        using var model = OsteoMl.Model.OsteoMlModel.Load(fixture.ModelPath);
        Assert.Equal(model.InputSchema.Select(c => c.Name), inputs.Keys);
        Assert.Equal("float (Single)", inputs["age"].GetProperty("type").GetString());
        Assert.Equal("float.NaN", inputs["age"].GetProperty("missing").GetString());
        Assert.Equal("string (Text)", inputs["sex"].GetProperty("type").GetString());
        Assert.Equal(["F", "M"], inputs["sex"].GetProperty("categories").EnumerateArray().Select(v => v.GetString()));
        Assert.Contains("absolute path", inputs["ImagePath"].GetProperty("meaning").GetString());
        Assert.Equal(
            [
                "ImageProbability",
                "ClinicalProbability",
                "FusedProbability",
                "LogisticProbability",
                "PredictedOsteoporosis",
            ],
            outputs.Where(o => o != "AttentionMap")
        );
        Assert.True(json.RootElement.GetProperty("thresholds").GetProperty("fused").GetDouble() is > 0 and < 1);
    }

    [Fact]
    public void A_missing_zip_is_exit_2_naming_it()
    {
        var console = new TestConsole();
        int code = CliApp.Run(["schema", "--model", "no-such-model.zip"], console);

        Assert.Equal(2, code);
        Assert.Contains("no-such-model.zip", console.Output);
    }
}
