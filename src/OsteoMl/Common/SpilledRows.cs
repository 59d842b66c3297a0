using System.Collections;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OsteoMl.Common;

/// <summary>
/// Fixed-length rows (films, activation maps) appended once and then read by index, kept in a temporary file instead
/// of the managed heap: the operating system's page cache holds them while memory allows and drops them when it does
/// not, so a 20,000-film cohort's 3 GB of films and stage-4 activations do not count against the process. Positional
/// reads and writes (<see cref="RandomAccess"/>) are safe from several threads. The file is deleted when the rows are
/// disposed and, where the platform allows, unlinked as soon as it is open, so not even a killed process leaves it.
/// </summary>
public sealed class SpilledRows<T> : IReadOnlyList<T[]>, IDisposable
    where T : unmanaged
{
    private readonly SafeFileHandle _file;
    private readonly long _rowBytes;
    private int _count;

    /// <param name="rowLength">Values per row.</param>
    /// <param name="folder">Where the file goes (a run's scratch folder); null: the temp folder.</param>
    public SpilledRows(int rowLength, string? folder = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowLength, 1);
        RowLength = rowLength;
        _rowBytes = (long)rowLength * Marshal.SizeOf<T>();
        string path = Path.Combine(folder ?? Path.GetTempPath(), $"osteoml-rows-{Guid.NewGuid():N}.bin");
        _file = File.OpenHandle(
            path,
            FileMode.CreateNew,
            FileAccess.ReadWrite,
            FileShare.None,
            FileOptions.DeleteOnClose | FileOptions.RandomAccess
        );
        if (!OperatingSystem.IsWindows())
        {
            File.Delete(path); // the open handle keeps the data; the name is gone at once
        }
    }

    public int RowLength { get; }

    public int Count => Volatile.Read(ref _count);

    /// <summary>Appends one row (exactly <see cref="RowLength"/> values); returns its index. One writer at a time.</summary>
    public int Add(ReadOnlySpan<T> row)
    {
        if (row.Length != RowLength)
        {
            throw new ArgumentException($"A row has {RowLength} values; got {row.Length}.", nameof(row));
        }
        int index = _count;
        RandomAccess.Write(_file, MemoryMarshal.AsBytes(row), index * _rowBytes);
        Volatile.Write(ref _count, index + 1);
        return index;
    }

    /// <summary>Copies row <paramref name="index"/> into <paramref name="destination"/> (at least a row long).</summary>
    public void Read(int index, Span<T> destination)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{Count} rows are stored.");
        }
        var bytes = MemoryMarshal.AsBytes(destination[..RowLength]);
        long offset = index * _rowBytes;
        for (int done = 0; done < bytes.Length; )
        {
            int read = RandomAccess.Read(_file, bytes[done..], offset + done);
            if (read == 0)
            {
                throw new EndOfStreamException($"Row {index} of the spilled rows is incomplete.");
            }
            done += read;
        }
    }

    /// <summary>A copy of row <paramref name="index"/>.</summary>
    public T[] this[int index]
    {
        get
        {
            var row = new T[RowLength];
            Read(index, row);
            return row;
        }
    }

    public IEnumerator<T[]> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose() => _file.Dispose();
}
