namespace OsteoMl.Dicom;

/// <summary>
/// Lossless JPEG (ITU T.81 process 14, Huffman, one component): the DICOM syntaxes 1.2.840.10008.1.2.4.70 (first-order
/// prediction, selection value 1) and 1.2.840.10008.1.2.4.57 (any of the seven predictors). Returns the samples
/// little-endian (one or two bytes each), like native pixel data. Every read is bounds-checked.
/// </summary>
internal static class JpegLosslessDecoder
{
    public static byte[] Decode(byte[] data, int expectedWidth, int expectedHeight, int bytesPerSample)
    {
        var tables = new HuffmanTable?[4];
        int precision = 0,
            width = 0,
            height = 0,
            restartInterval = 0;
        int position = 0;
        if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8)
        {
            throw new InvalidDataException("JPEG stream does not start with SOI.");
        }
        position = 2;
        while (true)
        {
            int marker = NextMarker(data, ref position);
            if (marker is 0xD8 or (>= 0xD0 and <= 0xD7))
            {
                continue;
            }
            if (marker == 0xD9)
            {
                throw new InvalidDataException("JPEG stream ended before its scan.");
            }
            int length = Read16(data, position);
            if (length < 2 || position + length > data.Length)
            {
                throw new InvalidDataException("JPEG segment runs past the end of the data.");
            }
            int segment = position + 2,
                segmentEnd = position + length;
            switch (marker)
            {
                case 0xC3:
                    precision = data[segment];
                    height = Read16(data, segment + 1);
                    width = Read16(data, segment + 3);
                    if (data[segment + 5] != 1)
                    {
                        throw new InvalidDataException(
                            $"lossless JPEG with {data[segment + 5]} components; a grayscale radiograph has 1."
                        );
                    }
                    break;
                case 0xC0 or 0xC1 or 0xC2 or 0xC5 or 0xC6 or 0xC7 or 0xC9 or 0xCA or 0xCB or 0xCD or 0xCE or 0xCF:
                    throw new InvalidDataException(
                        $"JPEG frame type SOF{marker - 0xC0} in a lossless transfer syntax."
                    );
                case 0xC4:
                    for (int p = segment; p < segmentEnd; )
                    {
                        int id = data[p] & 0x0F;
                        if ((data[p] >> 4) != 0 || id > 3 || p + 17 > segmentEnd)
                        {
                            throw new InvalidDataException("malformed JPEG Huffman table.");
                        }
                        byte[] counts = data.AsSpan(p + 1, 16).ToArray();
                        int total = counts.Sum(c => c);
                        if (p + 17 + total > segmentEnd)
                        {
                            throw new InvalidDataException("JPEG Huffman table longer than its segment.");
                        }
                        tables[id] = new HuffmanTable(counts, data.AsSpan(p + 17, total).ToArray());
                        p += 17 + total;
                    }
                    break;
                case 0xDD:
                    restartInterval = Read16(data, segment);
                    break;
                case 0xDA:
                    if (width == 0 || precision is < 2 or > 16)
                    {
                        throw new InvalidDataException("JPEG scan before a valid lossless frame header (SOF3).");
                    }
                    if (width != expectedWidth || height != expectedHeight)
                    {
                        throw new InvalidDataException(
                            $"JPEG frame is {width}×{height}; the DICOM header says {expectedWidth}×{expectedHeight}."
                        );
                    }
                    int tableId = data[segment + 2] >> 4;
                    int predictor = data[segment + 3];
                    int pointTransform = data[segment + 5] & 0x0F;
                    var table =
                        tables[tableId & 3]
                        ?? throw new InvalidDataException("JPEG scan uses an undefined Huffman table.");
                    if (predictor is < 1 or > 7)
                    {
                        throw new InvalidDataException($"JPEG lossless predictor {predictor} is not 1–7.");
                    }
                    return DecodeScan(
                        data,
                        segmentEnd,
                        table,
                        width,
                        height,
                        precision,
                        predictor,
                        pointTransform,
                        restartInterval,
                        bytesPerSample
                    );
            }
            position = segmentEnd;
        }
    }

    private static byte[] DecodeScan(
        byte[] data,
        int start,
        HuffmanTable table,
        int width,
        int height,
        int precision,
        int predictor,
        int pointTransform,
        int restartInterval,
        int bytesPerSample
    )
    {
        var reader = new BitReader(data, start);
        var samples = new int[width * height];
        int initial = 1 << (precision - pointTransform - 1);
        int mask = (1 << precision) - 1;
        int sinceRestart = 0,
            firstLine = 0;
        bool freshStart = true;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                if (restartInterval > 0 && sinceRestart == restartInterval)
                {
                    reader.Restart();
                    sinceRestart = 0;
                    freshStart = true;
                    firstLine = y; // T.81 H.1.2.1: after a restart, prediction starts over as on the first line
                }
                int index = y * width + x;
                int prediction;
                if (freshStart)
                {
                    prediction = initial;
                    freshStart = false;
                }
                else if (y == firstLine)
                {
                    prediction = samples[index - 1];
                }
                else if (x == 0)
                {
                    prediction = samples[index - width];
                }
                else
                {
                    int a = samples[index - 1],
                        b = samples[index - width],
                        c = samples[index - width - 1];
                    prediction = predictor switch
                    {
                        1 => a,
                        2 => b,
                        3 => c,
                        4 => a + b - c,
                        5 => a + ((b - c) >> 1),
                        6 => b + ((a - c) >> 1),
                        _ => (a + b) >> 1,
                    };
                }
                int category = table.Decode(reader);
                int difference = category switch
                {
                    0 => 0,
                    16 => 32768,
                    > 16 => throw new InvalidDataException("JPEG difference category above 16."),
                    _ => Extend(reader.Bits(category), category),
                };
                samples[index] = (prediction + difference) & mask;
                sinceRestart++;
            }
        }
        var output = new byte[samples.Length * bytesPerSample];
        for (int i = 0; i < samples.Length; i++)
        {
            int value = samples[i] << pointTransform;
            output[i * bytesPerSample] = (byte)value;
            if (bytesPerSample == 2)
            {
                output[i * 2 + 1] = (byte)(value >> 8);
            }
        }
        return output;
    }

    private static int Extend(int bits, int category) =>
        bits < (1 << (category - 1)) ? bits - (1 << category) + 1 : bits;

    private static int NextMarker(byte[] data, ref int position)
    {
        while (position + 1 < data.Length)
        {
            if (data[position] == 0xFF && data[position + 1] is not (0x00 or 0xFF))
            {
                int marker = data[position + 1];
                position += 2;
                return marker;
            }
            position++;
        }
        throw new InvalidDataException("JPEG stream ended without the expected marker.");
    }

    private static int Read16(byte[] data, int position) =>
        position + 1 < data.Length
            ? (data[position] << 8) | data[position + 1]
            : throw new InvalidDataException("truncated JPEG segment.");

    /// <summary>Canonical Huffman codes by length (T.81 Annex C), decoded bit by bit.</summary>
    private sealed class HuffmanTable
    {
        private readonly int[] _maxCode = new int[17];
        private readonly int[] _valuePointer = new int[17];
        private readonly int[] _minCode = new int[17];
        private readonly byte[] _values;

        public HuffmanTable(byte[] counts, byte[] values)
        {
            _values = values;
            int code = 0,
                k = 0;
            for (int length = 1; length <= 16; length++)
            {
                _valuePointer[length] = k;
                _minCode[length] = code;
                code += counts[length - 1];
                k += counts[length - 1];
                _maxCode[length] = counts[length - 1] == 0 ? -1 : code - 1;
                code <<= 1;
            }
        }

        public int Decode(BitReader reader)
        {
            int code = 0;
            for (int length = 1; length <= 16; length++)
            {
                code = (code << 1) | reader.Bit();
                if (_maxCode[length] >= 0 && code <= _maxCode[length] && code >= _minCode[length])
                {
                    return _values[_valuePointer[length] + code - _minCode[length]];
                }
            }
            throw new InvalidDataException("invalid JPEG Huffman code.");
        }
    }

    /// <summary>
    /// Entropy-coded bits with byte stuffing (FF 00) removed; running into a marker is an error except at restarts.
    /// </summary>
    private sealed class BitReader(byte[] data, int position)
    {
        private int _position = position,
            _buffer,
            _count;

        public int Bit()
        {
            if (_count == 0)
            {
                if (_position >= data.Length)
                {
                    throw new InvalidDataException("JPEG entropy-coded data ends early (truncated?).");
                }
                int value = data[_position++];
                if (value == 0xFF)
                {
                    int next = _position < data.Length ? data[_position] : -1;
                    if (next != 0x00)
                    {
                        throw new InvalidDataException(
                            "JPEG entropy-coded data hit a marker before the image was complete."
                        );
                    }
                    _position++;
                }
                _buffer = value;
                _count = 8;
            }
            _count--;
            return (_buffer >> _count) & 1;
        }

        public int Bits(int n)
        {
            int value = 0;
            for (int i = 0; i < n; i++)
            {
                value = (value << 1) | Bit();
            }
            return value;
        }

        /// <summary>Skips to and past the next RSTn marker, dropping leftover bits.</summary>
        public void Restart()
        {
            _count = 0;
            while (
                _position + 1 < data.Length && !(data[_position] == 0xFF && data[_position + 1] is >= 0xD0 and <= 0xD7)
            )
            {
                _position++;
            }
            if (_position + 1 >= data.Length)
            {
                throw new InvalidDataException("JPEG restart marker missing.");
            }
            _position += 2;
        }
    }
}
