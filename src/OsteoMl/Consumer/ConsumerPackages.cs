namespace OsteoMl.Consumer;

/// <summary>
/// The packages an app needs to load and run an OsteoMl zip with ML.NET alone, each with why (what fails
/// without it), in the order a new user met the load errors.
/// </summary>
internal static class ConsumerPackages
{
    public static readonly (string Id, string Why)[] All =
    [
        ("Microsoft.ML", "MLContext, the zip's loader, the clinical and fusion transformers"),
        ("Microsoft.ML.ImageAnalytics", "the image loading and resizing steps (load error without it)"),
        ("Microsoft.ML.OnnxTransformer", "the ONNX image network steps (load error without it)"),
        ("Microsoft.ML.OnnxRuntime", "ONNX Runtime's native library (DllNotFoundException: onnxruntime without it)"),
        ("Microsoft.ML.FastTree", "a clinical branch AutoML picked from FastTree/FastForest"),
        ("Microsoft.ML.LightGbm", "a clinical branch AutoML picked from LightGbm"),
        ("SkiaSharp", "the image decoder ImageAnalytics uses; must stay on 2.88.x (3.x breaks image loading)"),
        ("SkiaSharp.NativeAssets.Linux.NoDependencies", "SkiaSharp's native library on Linux"),
    ];
}
