using Microsoft.ML;
using OsteoMl.Common;

namespace OsteoMl.Model;

/// <summary>Saving a model so that an existing file is replaced only by a complete new one.</summary>
public static class ModelFile
{
    /// <summary>Writes to a temporary file in the target folder, then renames it over the target.</summary>
    public static void SaveAtomically(
        MLContext mlContext,
        ITransformer model,
        DataViewSchema inputSchema,
        string path,
        ModelCard? card = null,
        OsteoMl.Monitoring.DriftReference? drift = null
    ) =>
        AtomicFile.Write(
            path,
            temporary =>
            {
                mlContext.Model.Save(model, inputSchema, temporary);
                card?.WriteInto(temporary);
                drift?.WriteInto(temporary);
            }
        );
}
