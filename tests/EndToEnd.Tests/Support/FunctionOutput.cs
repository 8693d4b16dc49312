using System.Text;

namespace Tracking.EndToEnd.Tests.Support;

/// <summary>
/// Everything the local stack forwards from the functions' stdout and stderr: LocalStackHost writes each line as
/// "[ingest-1] ..." / "[query-2] ..." (FunctionHostOptions.Output, fed by the child processes' redirected streams).
/// Lines of dynalite ("[dynalite] ...") and of the host itself are kept apart: only the functions are scanned.
/// </summary>
public sealed class FunctionOutput : TextWriter
{
    private static readonly string[] FunctionPrefixes = ["[ingest", "[query"];

    private readonly List<string> _lines = [];
    private readonly StringBuilder _partial = new();
    private readonly Lock _gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (value == '\n')
            {
                _lines.Add(_partial.ToString().TrimEnd('\r'));
                _partial.Clear();
            }
            else
            {
                _partial.Append(value);
            }
        }
    }

    public override void Write(string? value)
    {
        if (value is null) return;
        foreach (var c in value) Write(c);
    }

    public override void WriteLine(string? value)
    {
        Write(value);
        Write('\n');
    }

    /// <summary>The lines the functions wrote so far.</summary>
    public IReadOnlyList<string> FunctionLines()
    {
        lock (_gate)
        {
            return _lines.Where(l => FunctionPrefixes.Any(p => l.StartsWith(p, StringComparison.Ordinal))).ToList();
        }
    }

    /// <summary>Waits until a function line holds <paramref name="text"/> (output is forwarded asynchronously).</summary>
    public async Task<bool> WaitForAsync(string text, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (FunctionLines().Any(l => l.Contains(text, StringComparison.Ordinal))) return true;
            await Task.Delay(50);
        }
        return false;
    }
}
