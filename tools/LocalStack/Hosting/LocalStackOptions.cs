using System.Globalization;

namespace Tracking.LocalStack.Hosting;

public sealed class UsageException(string message) : Exception(message);

/// <summary>The command line. Any `--&lt;function&gt; &lt;path&gt;` naming a function in api.json (e.g. --ingest, --query) sets its executable.</summary>
public sealed class LocalStackOptions
{
    public const string Usage = """
        Usage: LocalStack [options]
          --port <n>                 API gateway port (default 4000)
          --host <ip>                listen address (default 127.0.0.1)
          --dynamodb-port <n>        port for the dynalite it starts (default 8000)
          --dynamodb-endpoint <url>  use this DynamoDB instead of starting dynalite
          --sqs-port <n>             local SQS endpoint port (default 9324; 0 picks a free one)
          --table <name>             table name (default tracking-local)
          --ingest <path>            ingest executable, or a .dll run with `dotnet` (default artifacts/lambda/linux-x64/ingest/bootstrap)
          --query <path>             query executable (default artifacts/lambda/linux-x64/query/bootstrap)
          --launcher "<cmd>"         command prefix for the functions, e.g. "qemu-aarch64 -L /"
          --instances <n>            concurrent instances per function (default 1; invocations queue)
          --timeout <seconds>        function and integration timeout (default 29)
          --memory <mb>              AWS_LAMBDA_FUNCTION_MEMORY_SIZE (default 512)
          --clients <file.json>      API keys: [{"key","keyId","name","role"}] (default: the demo keys)
          --env KEY=VALUE            extra function environment (repeatable), e.g. EVENT_TYPES=...
          --ready-file <path>        write {"url","dynamoDbEndpoint","table","keys"} when ready
          --repo-root <dir>          repository root (default: the folder holding PackageTracking.slnx)
          --quiet                    do not forward the functions' output
        """;

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

    public static LocalStackOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LocalStackOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "-h" or "--help": options.Help = true; break;
                case "--quiet": options.Quiet = true; break;
                case "--port": options.Port = ParsePort(Value()); break;
                case "--host": options.Host = Value(); break;
                case "--dynamodb-port": options.DynamoDbPort = ParsePort(Value()); break;
                case "--dynamodb-endpoint": options.DynamoDbEndpoint = Value(); break;
                case "--sqs-port":
                    var sqsPort = Value();
                    options.SqsPort = sqsPort == "0" ? 0 : ParsePort(sqsPort);
                    break;
                case "--table": options.TableName = Value(); break;
                case "--launcher": options.Launcher = [.. Value().Split(' ', StringSplitOptions.RemoveEmptyEntries)]; break;
                case "--instances": options.Instances = Positive(Value()); break;
                case "--timeout": options.Timeout = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)); break;
                case "--memory": options.MemorySizeMb = Positive(Value()); break;
                case "--clients": options.ClientsFile = Value(); break;
                case "--ready-file": options.ReadyFile = Value(); break;
                case "--repo-root": options.RepoRoot = Value(); break;
                case "--env":
                    var pair = Value();
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0) throw new UsageException($"--env expects KEY=VALUE, got '{pair}'.");
                    options.Environment[pair[..eq]] = pair[(eq + 1)..];
                    break;
                default:
                    if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length < 3) throw new UsageException($"Unknown argument '{arg}'.");
                    // Validated against api.json's functions once it is loaded.
                    options.FunctionPaths[arg[2..]] = Value();
                    break;
            }

            string Value() => ++i < args.Count ? args[i] : throw new UsageException($"{arg} needs a value.");
        }
        return options;
    }

    private static int ParsePort(string value)
        => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port : throw new UsageException($"'{value}' is not a port.");

    private static int Positive(string value)
        => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n : throw new UsageException($"'{value}' is not a positive number.");
}
