using OsteoMl.Dicom;

namespace OsteoMl.Simulation;

/// <summary>
/// A rendered film: <see cref="Gray8"/> for the default 256 film, <see cref="Gray16"/> (the detector value × 65535)
/// above, row by row.
/// </summary>
internal sealed record RenderedFilm(FilmGeometry Geometry, byte[]? Gray8, ushort[]? Gray16)
{
    /// <summary>
    /// Writes the film as a PNG: 8-bit as the simulator always has at 256; 16-bit with a <c>pHYs</c> chunk giving the
    /// pixel spacing above.
    /// </summary>
    public void Write(string path)
    {
        int size = Geometry.Size;
        if (Gray8 is not null)
        {
            RadiographFile.WritePng(path, Gray8, size, size);
            return;
        }
        RadiographFile.WritePng16(path, Gray16!, size, size, Geometry.PixelsPerMetre);
    }

    /// <summary>Writes the film as a DICOM Digital X-Ray image with <paramref name="header"/> (same pixels).</summary>
    public void WriteDicom(string path, DicomFilmHeader header)
    {
        int size = Geometry.Size;
        byte[] bytes = Gray8 is not null
            ? DicomFilmWriter.ToBytes(header, Gray8, size, size)
            : DicomFilmWriter.ToBytes(header, Gray16!, size, size);
        File.WriteAllBytes(path, bytes);
    }
}
