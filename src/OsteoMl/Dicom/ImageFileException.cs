using OsteoMl.Common;

namespace OsteoMl.Dicom;

/// <summary>A radiograph file given on its own (not as a cohort cell) that cannot be decoded.</summary>
public sealed class ImageFileException(string message, string path) : UserInputException(message, path);
