namespace Tracking.LocalStack.Hosting;

public sealed class UsageException(string message) : Exception(message);

/// <summary>The command line, parsed by <see cref="LocalStackCommand"/>. Any `--&lt;function&gt; &lt;path&gt;` naming a
/// function in openapi.json (e.g. --ingest, --query) sets its executable.</summary>
public sealed class LocalStackOptions
{
    /// <summary>The help text, generated from the options themselves.</summary>
    public static string Usage => LocalStackCommand.Usage;

    public string Host { get; set; } = LocalDefaults.Host;
    public int Port { get; set; } = LocalDefaults.GatewayPort;
    public int DynamoDbPort { get; set; } = LocalDefaults.DynamoDbPort;
    public string? DynamoDbEndpoint { get; set; }
    public int SqsPort { get; set; } = LocalDefaults.SqsPort;
    public string TableName { get; set; } = LocalDefaults.TableName;
    public Dictionary<string, string> FunctionPaths { get; } = new(StringComparer.Ordinal);
    public List<string> Launcher { get; set; } = [];
    public int Instances { get; set; } = 1;
    public TimeSpan Timeout { get; set; } = LocalDefaults.Timeout;
    public int MemorySizeMb { get; set; } = LocalDefaults.MemorySizeMb;
    public string? ClientsFile { get; set; }
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);
    public string? ReadyFile { get; set; }
    public string? RepoRoot { get; set; }
    public bool Quiet { get; set; }
    public bool Help { get; set; }

    /// <summary>Parses the command line; a malformed one throws <see cref="UsageException"/>.</summary>
    public static LocalStackOptions Parse(IReadOnlyList<string> args) => LocalStackCommand.Parse(args);
}
