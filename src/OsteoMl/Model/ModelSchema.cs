using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.Data;

namespace OsteoMl.Model;

/// <summary>
/// What an app that loads the zip with ML.NET must give it and gets back (<c>osteoml schema</c>): the input columns
/// in the zip's own order with their types and conventions, and the output columns a <c>predict</c> row is made of.
/// Read from the zip itself (its saved input schema and its output schema) and its model card (categories,
/// thresholds), so it cannot drift from the model.
/// </summary>
public sealed record ModelSchema(
    IReadOnlyList<SchemaColumn> Inputs,
    IReadOnlyList<SchemaColumn> Outputs,
    IReadOnlyDictionary<string, double> Thresholds
)
{
    private static readonly Dictionary<string, string> OutputMeanings = new(StringComparer.Ordinal)
    {
        [ModelColumns.ImageProbability] = "p_image: the image branch's probability of osteoporosis",
        [ModelColumns.ClinicalProbability] = "p_clinical: the clinical branch's probability",
        [ModelColumns.FusedProbability] = "p_fused: the fused (stacked, calibrated) probability",
        [ModelColumns.LogisticProbability] =
            "p_logistic: the reference model's probability, ML.NET's default logistic regression on the clinical columns (equal to p_clinical when AutoML chose that same model)",
        [ModelColumns.Predicted] = "predicted: p_fused (p_clinical in a tabular zip) at or above its frozen threshold",
        [ModelColumns.AttentionMap] = "the wavelet-attention network's 7 × 7 attention map (explain)",
    };

    public static ModelSchema Of(OsteoMlModel model, ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(card);
        var inputs = model.InputSchema.Select(c => Input(c, card)).ToList();
        var outputs = model
            .OutputSchema.Where(c => !c.IsHidden && OutputMeanings.ContainsKey(c.Name))
            .Select(c => new SchemaColumn(c.Name, TypeName(c.Type), OutputMeanings[c.Name], "never missing"))
            .ToList();
        return new ModelSchema(inputs, outputs, card.Thresholds);
    }

    private static SchemaColumn Input(DataViewSchema.Column column, ModelCard card)
    {
        string type = TypeName(column.Type);
        return column.Name switch
        {
            ModelColumns.PatientId => new(
                column.Name,
                type,
                "an id copied to the output; not a feature",
                "not allowed"
            ),
            ModelColumns.ImagePath => new(
                column.Name,
                type,
                "absolute path of the film as an 8-bit PNG or JPEG (a DICOM or 16-bit PNG film must be windowed to 8 bits "
                    + "first: OsteoMl.Dicom.RadiographFile.Loadable does it as train and predict do)",
                "not allowed"
            ),
            _ when column.Type is TextDataViewType => new(
                column.Name,
                type,
                "categorical clinical value, spelled exactly as in training (another spelling counts as blank)",
                "\"\" (empty string)",
                card.Categories?.GetValueOrDefault(column.Name)
            ),
            _ => new(
                column.Name,
                type,
                "numeric clinical value in the training CSV's unit; yes/no flags as 1/0",
                "float.NaN"
            ),
        };
    }

    private static string TypeName(DataViewType type) =>
        type switch
        {
            TextDataViewType => "string (Text)",
            BooleanDataViewType => "bool (Boolean)",
            VectorDataViewType vector => $"float[{vector.Size}] (Vector<Single>)",
            _ when type.RawType == typeof(float) => "float (Single)",
            _ => type.ToString() ?? type.RawType.Name,
        };
}
