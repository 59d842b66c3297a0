using Microsoft.ML;

namespace OsteoMl.Pipeline;

/// <summary>Saving a model so that an existing file is replaced only by a complete new one.</summary>
public static class ModelFile
{
    /// <summary>Writes to a temporary file in the target folder, then renames it over the target.</summary>
    public static void SaveAtomically(MLContext mlContext, ITransformer model, DataViewSchema inputSchema, string path)
    {
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        string temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.tmp");
        try
        {
            mlContext.Model.Save(model, inputSchema, temporary);
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
