using System.Text;

namespace OsteoMl.Cli;

/// <summary>
/// Writes lines without their trailing spaces: Spectre pads grid rows (the help's option table) to the console's
/// width, which for piped output would leave every line padded to <see cref="ConsoleFor.PipedWidth"/> columns.
/// </summary>
public sealed class TrailingSpaceTrimmer(TextWriter inner) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            inner.Write(_line.ToString().TrimEnd(' ', '\r'));
            inner.Write('\n');
            _line.Clear();
        }
        else
        {
            _line.Append(value);
        }
    }

    public override void Flush()
    {
        inner.Write(_line.ToString());
        _line.Clear();
        inner.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }
        base.Dispose(disposing);
    }
}
