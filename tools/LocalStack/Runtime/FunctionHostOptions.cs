namespace Tracking.LocalStack.Runtime;

public sealed class FunctionHostOptions
{
    /// <summary>Short name used as the log prefix (e.g. "ingest").</summary>
    public required string Name { get; init; }

    /// <summary>The function executable (a bootstrap), or a .dll run as `dotnet &lt;dll&gt;` (JIT).</summary>
    public required string ExecutablePath { get; init; }

    /// <summary>Command prefix, e.g. ["qemu-aarch64", "-L", "/"] to run an arm64 bootstrap.</summary>
    public IReadOnlyList<string> Launcher { get; init; } = [];

    /// <summary>The function's own environment (TABLE_NAME, API_CLIENTS, ...). AWS_LAMBDA_RUNTIME_API is added per instance.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public int Instances { get; init; } = 1;

    /// <summary>Function timeout, counted from dispatch: then the process is killed and restarted.</summary>
    public TimeSpan Timeout { get; init; } = LocalDefaults.Timeout;

    /// <summary>Loopback address the Runtime API servers bind to (each instance gets its own ephemeral port).</summary>
    public string Host { get; init; } = LocalDefaults.Host;

    public string FunctionArn { get; init; } = $"arn:aws:lambda:{LocalDefaults.Region}:{LocalDefaults.AccountId}:function:local";

    /// <summary>Receives every stdout/stderr line of the function (instance label, line). Null discards them.</summary>
    public Action<string, string>? Output { get; init; } = ConsoleOutput;

    /// <summary>Restart a process that exits by itself (crash). Timeouts always restart.</summary>
    public bool RestartOnExit { get; init; } = true;

    public static void ConsoleOutput(string label, string line) => Console.Out.WriteLine($"[{label}] {line}");
}
