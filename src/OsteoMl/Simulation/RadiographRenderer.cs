using System.Numerics;
using System.Numerics.Tensors;

namespace OsteoMl.Simulation;

/// <summary>
/// Renders a synthetic posteroanterior chest radiograph: 8-bit grayscale at the default 256 × 256, 16-bit at larger
/// <see cref="FilmGeometry"/> sizes. The anatomy is a sum of attenuation terms (soft tissue, lungs, heart, spine, ribs,
/// clavicles, humeral heads); the bones carry the patient's radiographic bone quality through cortical thickness,
/// trabecular density/orientation and bone attenuation. Everything else (body size, pose, exposure, detector, noise,
/// markers) is nuisance. See docs/simulator.md for the design, for what the two <see cref="SimulatorVersion"/>s change
/// and for what changes with the film size.
/// </summary>
internal static class RadiographRenderer
{
    /// <summary>The default film's pixels a side (<see cref="FilmGeometry.DefaultSize"/>).</summary>
    public const int Size = FilmGeometry.DefaultSize;

    /// <summary>
    /// Trabecular texture blur radius, per pixel of radius the 256 film's rule gives, in millimetres (films above 256).
    /// </summary>
    public const double TextureRadiusUnitMm = 0.4;

    /// <summary>Rows of a larger film whose anatomy is computed at once (a divisor of 256).</summary>
    private const int AnatomyBandRows = 32;

    /// <summary>The default 256 × 256 8-bit film.</summary>
    public static byte[] Render(
        SimulatedPatient patient,
        SiteProfile site,
        Random random,
        SimulatorVersion version = SimulatorVersion.V2
    ) => Render(patient, site, random, version, FilmGeometry.Default).Gray8!;

    /// <summary>
    /// The film at <paramref name="geometry"/>'s size. <paramref name="random"/> gives every scalar of the film (pose,
    /// body, exposure, detector, marker) in the order the 256 film has always drawn them, the 256 film's planes of
    /// normals included, so that every size draws the same scalars: a larger film is the same radiograph at a finer
    /// pixel spacing. Above 256 the film's own planes of normals (texture, detector noise) come from a second
    /// generator seeded by the film's last draw.
    /// </summary>
    /// <param name="output">
    /// Above 256, a size² array to write the 16-bit film into (reused from film to film by the caller), else a new one.
    /// </param>
    public static RenderedFilm Render(
        SimulatedPatient patient,
        SiteProfile site,
        Random random,
        SimulatorVersion version,
        FilmGeometry geometry,
        ushort[]? output = null
    )
    {
        int size = geometry.Size;
        using var planes = new FilmPlanes(size * size);
        double q = patient.RadiographicBoneQuality;
        double[] textureNormals = planes.Doubles();
        double[]? detectorNormals = null;
        FilmDraws draws;
        Random? pixelRandom = null;
        if (geometry.IsDefault)
        {
            detectorNormals = planes.Doubles();
            draws = Draw(random, patient, site, version, textureNormals, detectorNormals);
        }
        else
        {
            draws = Draw(random, patient, site, version, textureNormals: null, detectorNormals: null);
            pixelRandom = new Random(random.Next());
            pixelRandom.NextGaussians(textureNormals, version);
        }
        var bone = new BoneAppearance(
            CortexFraction: draws.CortexFraction,
            CorticalAttenuation: 0.55 * Math.Clamp(0.85 + 0.10 * q, 0.5, 1.2),
            TrabecularAttenuation: 0.38 * Math.Clamp(0.80 + 0.10 * q, 0.4, 1.2),
            Texture: TrabecularTexture(textureNormals, q, geometry, planes)
        );
        planes.Return(textureNormals);

        // Body habitus follows BMI; pose and exposure are random per film.
        double bodyScale = draws.BodyScale;
        double cos = Math.Cos(draws.Angle),
            sin = Math.Sin(draws.Angle);
        double shiftX = draws.ShiftX,
            shiftY = draws.ShiftY;

        // The anatomy by bands of rows: the whole film at once at 256 (as it always has been), AnatomyBandRows rows
        // at a time above, so that only the attenuation is a whole plane.
        int rows = geometry.IsDefault ? size : AnatomyBandRows;
        double[] u,
            v,
            torso,
            scratch,
            attenuation;
        if (geometry.IsDefault)
        {
            u = planes.Doubles();
            v = planes.Doubles();
            torso = planes.Doubles();
            attenuation = planes.Doubles();
            scratch = attenuation;
        }
        else
        {
            (u, v, torso, scratch) = (
                new double[rows * size],
                new double[rows * size],
                new double[rows * size],
                new double[rows * size]
            );
            attenuation = planes.Doubles();
        }
        for (int top = 0; top < size; top += rows)
        {
            for (int y = 0; y < rows; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    // Inverse pose: pixel → anatomy coordinates in [0,1]², centred at (0.5, 0.5).
                    double px = (x + 0.5) / size - 0.5 - shiftX,
                        py = (top + y + 0.5) / size - 0.5 - shiftY;
                    u[y * size + x] = 0.5 + cos * px + sin * py;
                    v[y * size + x] = 0.5 - sin * px + cos * py;
                }
            }
            TorsoOutline(u, v, bodyScale, version, torso, scratch);
            int first = top * size;
            for (int i = 0; i < u.Length; i++)
            {
                attenuation[first + i] = Anatomy(u[i], v[i], torso[i], bodyScale, draws.SoftTissue, bone, first + i);
            }
        }
        if (geometry.IsDefault)
        {
            planes.Return(u);
            planes.Return(v);
            planes.Return(torso);
        }
        planes.Return(bone.Texture);

        return Expose(attenuation, site, draws, detectorNormals, pixelRandom, version, geometry, planes, output);
    }

    /// <summary>
    /// The film's scalar draws, each computed as the renderer always has (the same expressions, the same order).
    /// </summary>
    private sealed record FilmDraws(
        double CortexFraction,
        double BodyScale,
        double Angle,
        double ShiftX,
        double ShiftY,
        double SoftTissue,
        double Gain,
        double Offset,
        double Gamma,
        double NoiseSd,
        double Target,
        int MarkerX,
        int MarkerY
    );

    /// <summary>
    /// Every draw of the 256 film from <paramref name="random"/>, in its order: the scalars and, where they fall, its
    /// two 256² planes of standard normals (trabecular noise, detector noise), into the planes given or, where null,
    /// drawn and discarded (a larger film draws its own planes, but must leave <paramref name="random"/> where the 256
    /// film leaves it so that the scalars after them are the same).
    /// </summary>
    private static FilmDraws Draw(
        Random random,
        SimulatedPatient patient,
        SiteProfile site,
        SimulatorVersion version,
        double[]? textureNormals,
        double[]? detectorNormals
    )
    {
        double q = patient.RadiographicBoneQuality;
        double cortexFraction = Math.Clamp(0.30 + 0.08 * q + random.NextNormal(0, 0.02), 0.10, 0.60);
        DrawNormals(random, textureNormals, version);

        double bodyScale = Math.Clamp(0.86 + 0.011 * (patient.Bmi - 23) + random.NextNormal(0, 0.02), 0.72, 1.05);
        double angle = random.NextNormal(0, 2.5) * Math.PI / 180;
        double shiftX = random.NextNormal(0, 0.02),
            shiftY = random.NextNormal(0, 0.02);
        double softTissue = 0.30 + 0.04 * (patient.Bmi - 23) / 4 + random.NextNormal(0, 0.03);

        double gain = random.NextUniform(0.9, 1.1) * site.ContrastScale;
        double offset = random.NextNormal(0.04, 0.03);
        double gamma = site.DetectorGamma * random.NextUniform(0.85, 1.18);
        double noiseSd = random.NextUniform(0.008, 0.025) * site.NoiseScale;
        double target = random.NextUniform(0.30, 0.42);
        DrawNormals(random, detectorNormals, version);

        // A lead side marker ("R") in one of the upper corners, as technologists place them (256-film pixels).
        int markerX = random.NextBernoulli(0.5) ? random.Next(8, 40) : random.Next(Size - 48, Size - 20);
        int markerY = random.Next(6, 30);
        return new FilmDraws(
            cortexFraction,
            bodyScale,
            angle,
            shiftX,
            shiftY,
            softTissue,
            gain,
            offset,
            gamma,
            noiseSd,
            target,
            markerX,
            markerY
        );
    }

    /// <summary>
    /// A 256² plane of standard normals into <paramref name="plane"/>, or drawn in even-sized chunks and discarded:
    /// either way the same draws (version 2 keeps both normals of a pair, so the chunks are even).
    /// </summary>
    private static void DrawNormals(Random random, double[]? plane, SimulatorVersion version)
    {
        if (plane is not null)
        {
            random.NextGaussians(plane, version);
            return;
        }
        Span<double> chunk = stackalloc double[1024];
        for (int drawn = 0; drawn < Size * Size; drawn += chunk.Length)
        {
            random.NextGaussians(chunk, version);
        }
    }

    /// <summary>
    /// The torso's superellipse 1 − |bx|^2.4 − |by|^3.5 per pixel (positive inside), −1 outside its bounding square,
    /// into <paramref name="outline"/>: the two powers per pixel are the costliest arithmetic of the anatomy, so they
    /// are taken over the whole film at once.
    /// </summary>
    private static void TorsoOutline(
        double[] u,
        double[] v,
        double bodyScale,
        SimulatorVersion version,
        double[] outline,
        double[] scratch
    )
    {
        for (int i = 0; i < u.Length; i++)
        {
            (outline[i], scratch[i]) = TorsoCoordinates(u[i], v[i], bodyScale);
        }
        Power(outline, 2.4, version);
        Power(scratch, 3.5, version);
        for (int i = 0; i < u.Length; i++)
        {
            var (bx, by) = TorsoCoordinates(u[i], v[i], bodyScale);
            outline[i] = bx >= 1 || by >= 1 ? -1 : 1 - outline[i] - scratch[i];
        }
    }

    /// <summary>|bx|, |by|: the pixel's place in the torso's bounding square (1 on its edges).</summary>
    private static (double Bx, double By) TorsoCoordinates(double u, double v, double bodyScale) =>
        (Math.Abs((u - 0.5) / (0.44 * bodyScale)), Math.Abs((v - 0.60) / 0.62));

    /// <summary>Each value (≥ 0) raised to <paramref name="exponent"/>, in place.</summary>
    private static void Power(double[] values, double exponent, SimulatorVersion version)
    {
        if (version == SimulatorVersion.V1)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = Math.Pow(values[i], exponent);
            }
            return;
        }
        // x^e = exp(e · ln x); ln 0 = −∞ gives 0 as Math.Pow does.
        TensorPrimitives.Log(values, values);
        TensorPrimitives.Multiply(values, exponent, values);
        TensorPrimitives.Exp(values, values);
    }

    /// <summary>e^x of each value, in place.</summary>
    private static void Exp(double[] values, SimulatorVersion version)
    {
        if (version == SimulatorVersion.V1)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = Math.Exp(values[i]);
            }
            return;
        }
        TensorPrimitives.Exp(values, values);
    }

    private sealed record BoneAppearance(
        double CortexFraction,
        double CorticalAttenuation,
        double TrabecularAttenuation,
        float[] Texture
    );

    private static double Anatomy(
        double u,
        double v,
        double body,
        double bodyScale,
        double softTissue,
        BoneAppearance bone,
        int pixel
    )
    {
        double a = 0;
        double dx = u - 0.5;

        // Soft tissue: an ellipse whose projected thickness falls towards the edges.
        // A superellipse (body, from TorsoOutline) gives the torso square shoulders; arms continue beyond it at the
        // top corners.
        double bx = dx / (0.44 * bodyScale);
        double ax = (Math.Abs(dx) - 0.47 * bodyScale) / 0.07,
            ay = (v - 0.30) / 0.28;
        double arm = 1 - ax * ax - ay * ay;
        if (body <= 0 && arm <= 0)
        {
            return 0;
        }
        if (body > 0)
        {
            a += softTissue * Math.Sqrt(body) + 0.10 * Math.Sqrt(body) * Smooth(0.60, 0.35, Math.Abs(bx));
        }
        if (arm > 0)
        {
            a += 0.8 * softTissue * Math.Sqrt(arm);
        }

        // Lungs remove attenuation (air); the heart adds it on the patient's left (image right).
        foreach (int side in (ReadOnlySpan<int>)[-1, 1])
        {
            double lx = (dx - side * 0.19 * bodyScale) / (0.15 * bodyScale),
                ly = (v - 0.50) / 0.33;
            double lung = 1 - lx * lx - ly * ly;
            if (lung > 0)
            {
                a -= 0.30 * Math.Sqrt(lung) * Smooth(0, 0.15, lung);
            }
        }
        double heartX = (dx - 0.05) / 0.135,
            heartY = (v - 0.64) / 0.16;
        double heart = 1 - heartX * heartX - heartY * heartY;
        if (heart > 0)
        {
            a += 0.16 * Math.Sqrt(heart);
        }

        double texture = bone.Texture[pixel];

        // Thoracic spine: vertebral bodies with cortical end plates separated by discs.
        if (Math.Abs(dx) < 0.05)
        {
            for (int k = 0; k < 15; k++)
            {
                double cy = 0.05 + 0.064 * k;
                double ex = Math.Abs(dx) / 0.043,
                    ey = Math.Abs(v - cy) / 0.025;
                double edge = Math.Max(ex, ey);
                if (edge < 1)
                {
                    a += BoneProfile(edge, bone, texture);
                }
            }
        }

        // Posterior ribs: ten per side, curving down laterally.
        double lateral = Math.Abs(dx) / (0.44 * bodyScale);
        if (lateral is > 0.06 and < 0.93)
        {
            double slope = (-0.03 + 0.34 * lateral) / (0.44 * bodyScale);
            double across = Math.Sqrt(1 + slope * slope);
            for (int i = 0; i < 10; i++)
            {
                double centre = 0.14 + 0.068 * i - 0.03 * lateral + 0.17 * lateral * lateral;
                double distance = Math.Abs(v - centre) / across;
                const double halfWidth = 0.016;
                if (distance < halfWidth)
                {
                    a += BoneProfile(distance / halfWidth, bone, texture) * Smooth(0.06, 0.12, lateral);
                }
            }
        }

        // Clavicles: thick S-free bands from the sternal notch up and out to the shoulders.
        if (Math.Abs(dx) is > 0.05 and < 0.38)
        {
            double t = (Math.Abs(dx) - 0.05) / 0.33;
            double centre = 0.15 - 0.07 * t + 0.02 * t * t;
            const double halfWidth = 0.026;
            double distance = Math.Abs(v - centre) / Math.Sqrt(1 + 0.2 * 0.2);
            if (distance < halfWidth)
            {
                a += BoneProfile(distance / halfWidth, bone, texture);
            }
        }

        // Humeral heads at the upper corners.
        foreach (int side in (ReadOnlySpan<int>)[-1, 1])
        {
            double hx = dx - side * 0.47 * bodyScale,
                hy = v - 0.19;
            double r = Math.Sqrt(hx * hx + hy * hy) / 0.085;
            if (r < 1)
            {
                a += 1.3 * BoneProfile(r, bone, texture);
            }
        }

        return a;
    }

    /// <summary>
    /// Attenuation across a bone at normalised distance <paramref name="edge"/> (0 centre, 1 surface).
    /// </summary>
    private static double BoneProfile(double edge, BoneAppearance bone, double texture)
    {
        double surface = Smooth(1.0, 0.93, edge);
        if (edge > 1 - bone.CortexFraction)
        {
            return bone.CorticalAttenuation * surface;
        }
        return bone.TrabecularAttenuation * (0.35 + 0.65 * texture) * surface;
    }

    /// <summary>
    /// A binary-looking trabecular pattern: blurred white noise (<paramref name="gaussians"/>), thresholded so that the
    /// bone volume fraction follows bone quality. Low quality → sparser, coarser, vertically striated (horizontal
    /// trabeculae lost).
    /// </summary>
    private static float[] TrabecularTexture(double[] gaussians, double q, FilmGeometry geometry, FilmPlanes planes)
    {
        float[] noise = planes.Floats();
        for (int i = 0; i < noise.Length; i++)
        {
            noise[i] = (float)gaussians[i];
        }
        var (horizontal, vertical) = TextureRadii(q, geometry);
        float[] blurred = BoxBlur(noise, planes.Floats(), geometry.Size, horizontal, vertical);
        planes.Return(noise);

        double volumeFraction = Math.Clamp(0.50 + 0.15 * q, 0.12, 0.85);
        // The order statistic a full sort gave, by selection (the same value, a tenth of the time).
        float[] order = planes.Floats();
        blurred.CopyTo(order, 0);
        float threshold = Common.OrderStatistic.Select(order, (int)((1 - volumeFraction) * (blurred.Length - 1)));
        planes.Return(order);
        float softness = (blurred.Max() - blurred.Min()) * 0.03f;
        for (int i = 0; i < blurred.Length; i++)
        {
            blurred[i] = (float)Smooth(threshold - softness, threshold + softness, blurred[i]);
        }
        return blurred;
    }

    /// <summary>
    /// The texture's box-blur radii (horizontal, vertical). The 256 film keeps its pixel radii: 1 or 2 across, 4, 2 or 1
    /// along the spine's axis as bone quality rises. Larger films take the same rule in millimetres,
    /// <see cref="TextureRadiusUnitMm"/> per 256-film pixel (0.4/0.8 mm across, 1.6/0.8/0.4 mm along), at least a
    /// pixel: trabeculae and the marrow spaces between them are 0.1–0.3 and 0.5–1.5 mm, so blobs of this size,
    /// thresholded, give a network of about that spacing that coarsens and striates vertically as q falls.
    /// </summary>
    private static (int Horizontal, int Vertical) TextureRadii(double q, FilmGeometry geometry)
    {
        int horizontal = q < -0.5 ? 1 : 2;
        int vertical =
            q < -0.5 ? 4
            : q < 0.5 ? 2
            : 1;
        if (geometry.IsDefault)
        {
            return (horizontal, vertical);
        }
        return (geometry.Pixels(TextureRadiusUnitMm * horizontal), geometry.Pixels(TextureRadiusUnitMm * vertical));
    }

    /// <summary>
    /// Mean over the (2 <paramref name="radiusX"/> + 1) × (2 <paramref name="radiusY"/> + 1) window clipped to the
    /// film. Where the whole horizontal window fits, <see cref="Vector{T}"/> lanes sum their windows in the same order
    /// as the scalar loop (rows, then columns, ascending), so every float and every film is the same as before.
    /// </summary>
    private static float[] BoxBlur(float[] source, float[] result, int size, int radiusX, int radiusY)
    {
        int width = Vector<float>.Count;
        for (int y = 0; y < size; y++)
        {
            int top = Math.Max(0, y - radiusY),
                bottom = Math.Min(size - 1, y + radiusY);
            int x = 0;
            for (; x < radiusX; x++)
            {
                result[y * size + x] = WindowMean(source, size, x, top, bottom, radiusX);
            }
            float count = (bottom - top + 1) * (2 * radiusX + 1);
            for (; x + width - 1 <= size - 1 - radiusX; x += width)
            {
                var sum = Vector<float>.Zero;
                for (int j = top; j <= bottom; j++)
                {
                    for (int i = x - radiusX; i <= x + radiusX; i++)
                    {
                        sum += new Vector<float>(source, j * size + i);
                    }
                }
                (sum / new Vector<float>(count)).CopyTo(result, y * size + x);
            }
            for (; x < size; x++)
            {
                result[y * size + x] = WindowMean(source, size, x, top, bottom, radiusX);
            }
        }
        return result;
    }

    private static float WindowMean(float[] source, int size, int x, int top, int bottom, int radiusX)
    {
        float sum = 0;
        int count = 0;
        for (int j = top; j <= bottom; j++)
        {
            for (int i = Math.Max(0, x - radiusX); i <= Math.Min(size - 1, x + radiusX); i++)
            {
                sum += source[j * size + i];
                count++;
            }
        }
        return sum / count;
    }

    /// <summary>
    /// Detector and exposure: log-like response, gain, offset, gamma, blur, noise and a lead marker; 8-bit at 256,
    /// 16-bit above. Hands <paramref name="attenuation"/> back to <paramref name="planes"/> once read.
    /// </summary>
    private static RenderedFilm Expose(
        double[] attenuation,
        SiteProfile site,
        FilmDraws draws,
        double[]? detectorNormals,
        Random? pixelRandom,
        SimulatorVersion version,
        FilmGeometry geometry,
        FilmPlanes planes,
        ushort[]? output
    )
    {
        double[] transmitted = planes.Doubles();
        for (int i = 0; i < transmitted.Length; i++)
        {
            transmitted[i] = -1.6 * attenuation[i];
        }
        planes.Return(attenuation);
        Exp(transmitted, version);
        float[] film = planes.Floats();
        for (int i = 0; i < film.Length; i++)
        {
            film[i] = (float)(1 - transmitted[i]);
        }
        planes.Return(transmitted);
        // Automatic exposure control and the detector's display processing normalise overall brightness:
        // the film's mean is set to a random target, so brightness says nothing about the bones.
        double meanFilm = film.Average(f => (double)f);
        double target = draws.Target;
        for (int i = 0; i < film.Length; i++)
        {
            film[i] = (float)(film[i] * target / Math.Max(meanFilm, 1e-6));
        }
        if (site.BlurRadius > 0)
        {
            // The site's unsharpness is physical: its radius in 256-film pixels spans Scale pixels each above 256.
            int radius = (int)Math.Ceiling(site.BlurRadius) * geometry.Scale;
            float[] sharp = film;
            film = BoxBlur(sharp, planes.Floats(), geometry.Size, radius, radius);
            planes.Return(sharp);
        }

        double[] response = planes.Doubles();
        for (int i = 0; i < response.Length; i++)
        {
            response[i] = Math.Max(0, film[i]);
        }
        planes.Return(film);
        Power(response, draws.Gamma, version);
        // The 256 film's noise plane was drawn with its scalars; a larger film draws its own now. Quantum noise per
        // square millimetre is the same at every size, so the SD per pixel grows with the pixel count a side: a film
        // averaged back down to 256 has the 256 film's noise.
        double[] noise = detectorNormals ?? planes.Doubles();
        pixelRandom?.NextGaussians(noise, version);
        double noiseSd = geometry.IsDefault ? draws.NoiseSd : draws.NoiseSd * geometry.Scale;
        double offset = draws.Offset,
            gain = draws.Gain;

        // A lead side marker ("R") in one of the upper corners, as technologists place them: the same place and size
        // on the film at every size.
        int scale = geometry.Scale;
        if (geometry.IsDefault)
        {
            var pixels = new byte[Size * Size];
            for (int i = 0; i < pixels.Length; i++)
            {
                double value = offset + gain * response[i] + noiseSd * noise[i];
                pixels[i] = (byte)Math.Clamp(Math.Round(255 * value), 0, 255);
            }
            DrawMarker(pixels, Size, draws.MarkerX, draws.MarkerY, cell: 2, (byte)250);
            return new RenderedFilm(geometry, pixels, null);
        }
        var wide = output ?? new ushort[geometry.Size * geometry.Size];
        if (wide.Length != geometry.Size * geometry.Size)
        {
            throw new ArgumentException($"{wide.Length} pixels for a {geometry.Size}² film.", nameof(output));
        }
        for (int i = 0; i < wide.Length; i++)
        {
            double value = offset + gain * response[i] + noiseSd * noise[i];
            wide[i] = (ushort)Math.Clamp(Math.Round(ushort.MaxValue * value), 0, ushort.MaxValue);
        }
        // 250 of 255 in 16 bits (65535 = 255 × 257).
        DrawMarker(
            wide,
            geometry.Size,
            scale * draws.MarkerX,
            scale * draws.MarkerY,
            cell: 2 * scale,
            (ushort)(250 * 257)
        );
        return new RenderedFilm(geometry, null, wide);
    }

    /// <summary>The "R" glyph, 5 × 7 cells of <paramref name="cell"/> pixels, top left at (left, top).</summary>
    private static void DrawMarker<T>(T[] pixels, int size, int left, int top, int cell, T lead)
    {
        string[] glyph = ["11110", "10001", "10001", "11110", "10100", "10010", "10001"];
        for (int row = 0; row < glyph.Length; row++)
        {
            for (int col = 0; col < glyph[row].Length; col++)
            {
                if (glyph[row][col] != '1')
                {
                    continue;
                }
                for (int dy = 0; dy < cell; dy++)
                {
                    for (int dx = 0; dx < cell; dx++)
                    {
                        int x = left + cell * col + dx,
                            y = top + cell * row + dy;
                        if (x >= 0 && x < size && y >= 0 && y < size)
                        {
                            pixels[y * size + x] = lead;
                        }
                    }
                }
            }
        }
    }

    /// <summary>Smooth step from 0 at <paramref name="from"/> to 1 at <paramref name="to"/> (either order).</summary>
    private static double Smooth(double from, double to, double x)
    {
        double t = Math.Clamp((x - from) / (to - from), 0, 1);
        return t * t * (3 - 2 * t);
    }
}
