using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;

namespace Tracking.LocalStack.Hosting;

/// <summary>The local stack's command line (System.CommandLine): each option once, with its help text. Function
/// executables (`--ingest &lt;path&gt;`, `--query &lt;path&gt;`, any function openapi.json names) are not declared here: they
/// arrive as unmatched tokens and are checked against openapi.json once it is loaded.</summary>
internal static class LocalStackCommand
{
    private static readonly Option<bool> Help = new("--help", "-h") { Description = "show this help" };
    private static readonly Option<int> Port = new("--port") { Description = "API gateway port (default 4000)", HelpName = "n", CustomParser = ParsePort };
    private static readonly Option<string> Host = new("--host") { Description = "listen address (default 127.0.0.1)", HelpName = "ip" };
    private static readonly Option<int> DynamoDbPort = new("--dynamodb-port") { Description = "port for the dynalite it starts (default 8000)", HelpName = "n", CustomParser = ParsePort };
    private static readonly Option<string> DynamoDbEndpoint = new("--dynamodb-endpoint") { Description = "use this DynamoDB instead of starting dynalite", HelpName = "url" };
    private static readonly Option<int> SqsPort = new("--sqs-port") { Description = "local SQS endpoint port (default 9324; 0 picks a free one)", HelpName = "n", CustomParser = ParsePortOrZero };
    private static readonly Option<string> Table = new("--table") { Description = "table name (default tracking-local)", HelpName = "name" };
    private static readonly Option<string> Launcher = new("--launcher") { Description = "command prefix for the functions, e.g. \"qemu-aarch64 -L /\"", HelpName = "cmd" };
    private static readonly Option<int> Instances = new("--instances") { Description = "concurrent instances per function (default 1; invocations queue)", HelpName = "n", CustomParser = ParsePositive };
    private static readonly Option<double> Timeout = new("--timeout") { Description = "function and integration timeout (default 29)", HelpName = "seconds", CustomParser = ParseSeconds };
    private static readonly Option<int> Memory = new("--memory") { Description = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE (default 512)", HelpName = "mb", CustomParser = ParsePositive };
    private static readonly Option<string> Clients = new("--clients") { Description = "API keys: [{\"key\",\"keyId\",\"name\",\"role\"}] (default: the demo keys)", HelpName = "file.json" };
    private static readonly Option<string[]> Env = new("--env") { Description = "extra function environment (repeatable), e.g. EVENT_TYPES=...", HelpName = "KEY=VALUE", CustomParser = ParseEnvironment };
    private static readonly Option<string> ReadyFile = new("--ready-file") { Description = "write {\"url\",\"dynamoDbEndpoint\",\"table\",\"keys\"} when ready", HelpName = "path" };
    private static readonly Option<string> RepoRoot = new("--repo-root") { Description = "repository root (default: the folder holding PackageTracking.slnx)", HelpName = "dir" };
    private static readonly Option<bool> Quiet = new("--quiet") { Description = "do not forward the functions' output" };

    private static readonly Option[] All = [Port, Host, DynamoDbPort, DynamoDbEndpoint, SqsPort, Table, Launcher, Instances, Timeout, Memory, Clients, Env, ReadyFile, RepoRoot, Quiet, Help];

    /// <summary>Lines shown by --help and after a usage error; the function options are listed by hand (see the class).</summary>
    public static string Usage { get; } = BuildUsage();

    public static LocalStackOptions Parse(IReadOnlyList<string> args)
    {
        var command = new RootCommand("The local stack: dynalite, the functions behind the Runtime API, the API gateway.") { TreatUnmatchedTokensAsErrors = false };
        command.Options.Clear(); // no built-in --help/--version: this command only parses
        foreach (var option in All) command.Options.Add(option);

        // No @response-file expansion: every token means what it says, as before System.CommandLine.
        var result = command.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (result.Errors.Count > 0) throw new UsageException(result.Errors[0].Message);

        var options = new LocalStackOptions
        {
            Help = result.GetValue(Help),
            Quiet = result.GetValue(Quiet),
            Port = Value(result, Port, LocalDefaults.GatewayPort),
            Host = result.GetValue(Host) ?? LocalDefaults.Host,
            DynamoDbPort = Value(result, DynamoDbPort, LocalDefaults.DynamoDbPort),
            DynamoDbEndpoint = result.GetValue(DynamoDbEndpoint),
            SqsPort = Value(result, SqsPort, LocalDefaults.SqsPort),
            TableName = result.GetValue(Table) ?? LocalDefaults.TableName,
            Launcher = [.. (result.GetValue(Launcher) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)],
            Instances = Value(result, Instances, 1),
            Timeout = result.GetResult(Timeout) is null ? LocalDefaults.Timeout : TimeSpan.FromSeconds(result.GetValue(Timeout)),
            MemorySizeMb = Value(result, Memory, LocalDefaults.MemorySizeMb),
            ClientsFile = result.GetValue(Clients),
            ReadyFile = result.GetValue(ReadyFile),
            RepoRoot = result.GetValue(RepoRoot),
        };
        foreach (var pair in result.GetValue(Env) ?? [])
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            options.Environment[pair[..eq]] = pair[(eq + 1)..];
        }
        AddFunctionPaths(result.UnmatchedTokens, options.FunctionPaths);
        return options;
    }

    /// <summary>`--&lt;function&gt; &lt;path&gt;` pairs; anything else is an unknown argument.</summary>
    private static void AddFunctionPaths(IReadOnlyList<string> tokens, Dictionary<string, string> paths)
    {
        for (var i = 0; i < tokens.Count; i += 2)
        {
            var name = tokens[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || name.Length < 3) throw new UsageException($"Unknown argument '{name}'.");
            if (i + 1 >= tokens.Count) throw new UsageException($"{name} needs a value.");
            paths[name[2..]] = tokens[i + 1];
        }
    }

    private static T Value<T>(ParseResult result, Option<T> option, T fallback) where T : struct
        => result.GetResult(option) is null ? fallback : result.GetValue(option);

    private static int ParsePort(ArgumentResult result)
    {
        var text = LastToken(result);
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536) return port;
        result.AddError($"'{text}' is not a port.");
        return 0;
    }

    private static int ParsePortOrZero(ArgumentResult result) => LastToken(result) == "0" ? 0 : ParsePort(result);

    private static int ParsePositive(ArgumentResult result)
    {
        var text = LastToken(result);
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0) return n;
        result.AddError($"'{text}' is not a positive number.");
        return 0;
    }

    private static double ParseSeconds(ArgumentResult result)
    {
        var text = LastToken(result);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0) return seconds;
        result.AddError($"'{text}' is not a number of seconds.");
        return 0;
    }

    private static string LastToken(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";

    private static string[] ParseEnvironment(ArgumentResult result)
    {
        var pairs = result.Tokens.Select(t => t.Value).ToArray();
        foreach (var pair in pairs.Where(p => p.IndexOf('=', StringComparison.Ordinal) <= 0))
        {
            result.AddError($"--env expects KEY=VALUE, got '{pair}'.");
        }
        return pairs;
    }

    private static string BuildUsage()
    {
        var rows = new List<(string Left, string Right)>();
        foreach (var option in All.Where(o => o != Help))
        {
            rows.Add((option.HelpName is { } value ? $"{option.Name} <{value}>" : option.Name, option.Description ?? ""));
        }
        rows.Insert(6, ("--ingest <path>", "ingest executable, or a .dll run with `dotnet` (default artifacts/lambda/linux-x64/ingest/bootstrap)"));
        rows.Insert(7, ("--query <path>", "query executable (default artifacts/lambda/linux-x64/query/bootstrap)"));

        var usage = new StringBuilder("Usage: LocalStack [options]");
        foreach (var (left, right) in rows)
        {
            usage.Append(CultureInfo.InvariantCulture, $"\n  {left,-26} {right}");
        }
        return usage.ToString();
    }
}
