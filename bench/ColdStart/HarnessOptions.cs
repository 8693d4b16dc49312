using System.CommandLine;
using System.CommandLine.Parsing;

namespace Tracking.Bench.ColdStart;

/// <summary>The command line (System.CommandLine): what to measure, how often, where the builds and results are.</summary>
public sealed class HarnessOptions
{
    public string? AotDir { get; init; }
    public string? JitDir { get; init; }
    public IReadOnlyList<string> Functions { get; init; } = ["ingest", "query"];
    public IReadOnlyList<string> Builds { get; init; } = ["aot", "jit"];
    public IReadOnlyList<string> Transports { get; init; } = Transport.All;
    public int AotRuns { get; init; } = 30;
    public int JitRuns { get; init; } = 10;
    public int Warm { get; init; } = 2000;
    public int Warmup { get; init; } = 100;
    public bool Quick { get; init; }
    public string? JsonPath { get; init; }
    public string? MarkdownPath { get; init; }
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
    public string? RepoRoot { get; init; }

    private static readonly Option<string?> AotDirOption = new("--aot-dir") { HelpName = "dir", Description = "Native AOT builds: <dir>/<function>/bootstrap, and the amazon-trust-services.pem beside it (default artifacts/lambda/linux-x64)" };
    private static readonly Option<string?> JitDirOption = new("--jit-dir") { HelpName = "dir", Description = "framework-dependent builds: <dir>/<function>/<Project>.dll (default artifacts/bench/jit)" };
    private static readonly Option<IReadOnlyList<string>> FunctionsOption = ListOption("--functions", "functions to measure", ["ingest", "query"], ["ingest", "query"]);
    private static readonly Option<IReadOnlyList<string>> BuildsOption = ListOption("--builds", "builds to measure: Native AOT and/or JIT", ["aot", "jit"], ["aot", "jit"]);
    private static readonly Option<IReadOnlyList<string>> TransportsOption = ListOption("--transports",
        "how the function reaches DynamoDB: plain HTTP; TLS through a local terminating proxy with the default trust store; TLS with only the Amazon roots + the test CA (as deployed); "
        + "tls-file-only: the Amazon roots file with the default directory still read", [.. Transport.All], [.. Transport.Known]);
    private static readonly Option<int> AotRunsOption = CountOption("--aot-runs", "cold starts per AOT function and transport", 30, 1);
    private static readonly Option<int> JitRunsOption = CountOption("--jit-runs", "cold starts per JIT function and transport", 10, 1);
    private static readonly Option<int> WarmOption = CountOption("--warm", "sequential warm invocations measured per function, build and transport", 2000, 1);
    private static readonly Option<int> WarmupOption = CountOption("--warmup", "warm invocations run first and not measured", 100, 0);
    private static readonly Option<bool> QuickOption = new("--quick") { Description = "CI mode: --aot-runs 10 --jit-runs 3 --warm 500 --warmup 50 (explicit options still win)" };
    private static readonly Option<string?> JsonOption = new("--json") { HelpName = "path", Description = "JSON results (default artifacts/bench/coldstart.json)" };
    private static readonly Option<string?> MarkdownOption = new("--markdown") { HelpName = "path", Description = "also write the Markdown table to this file" };
    private static readonly Option<string[]> EnvOption = new("--env")
    {
        HelpName = "KEY=VALUE",
        Description = "extra function environment (repeatable), e.g. to try a runtime switch",
        Arity = ArgumentArity.ZeroOrMore,
        Validators = { ValidateEnvironment },
    };
    private static readonly Option<string?> RepoRootOption = new("--repo-root") { HelpName = "dir", Description = "repository root (default: the folder holding PackageTracking.slnx)" };

    public static RootCommand CreateCommand() => new("Cold starts and warm latency of the functions through the local Runtime API, against dynalite over HTTP and TLS.")
    {
        AotDirOption, JitDirOption, FunctionsOption, BuildsOption, TransportsOption, AotRunsOption, JitRunsOption, WarmOption, WarmupOption,
        QuickOption, JsonOption, MarkdownOption, EnvOption, RepoRootOption,
    };

    /// <summary>The options of a parse without errors; --quick only changes the counts that were not given.</summary>
    public static HarnessOptions From(ParseResult parsed)
    {
        var quick = parsed.GetValue(QuickOption);
        int Count(Option<int> option, int quickValue) => quick && parsed.GetResult(option) is not { Implicit: false } ? quickValue : parsed.GetValue(option);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in parsed.GetValue(EnvOption) ?? [])
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            environment[pair[..eq]] = pair[(eq + 1)..];
        }
        return new HarnessOptions
        {
            AotDir = parsed.GetValue(AotDirOption),
            JitDir = parsed.GetValue(JitDirOption),
            Functions = parsed.GetValue(FunctionsOption)!,
            Builds = parsed.GetValue(BuildsOption)!,
            Transports = parsed.GetValue(TransportsOption)!,
            AotRuns = Count(AotRunsOption, 10),
            JitRuns = Count(JitRunsOption, 3),
            Warm = Count(WarmOption, 500),
            Warmup = Count(WarmupOption, 50),
            Quick = quick,
            JsonPath = parsed.GetValue(JsonOption),
            MarkdownPath = parsed.GetValue(MarkdownOption),
            Environment = environment,
            RepoRoot = parsed.GetValue(RepoRootOption),
        };
    }

    /// <summary>A comma-separated subset of <paramref name="allowed"/>, in the order given.</summary>
    private static Option<IReadOnlyList<string>> ListOption(string name, string description, string[] defaults, string[] allowed) => new(name)
    {
        HelpName = string.Join(',', allowed),
        Description = description,
        DefaultValueFactory = _ => defaults,
        CustomParser = result =>
        {
            var text = string.Join(',', result.Tokens.Select(t => t.Value));
            var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
            if (items.Count == 0 || items.Any(x => !allowed.Contains(x, StringComparer.Ordinal)))
            {
                result.AddError($"{name}: expected some of {string.Join(",", allowed)}, got '{text}'");
            }
            return items;
        },
    };

    private static Option<int> CountOption(string name, string description, int fallback, int min) => new(name)
    {
        HelpName = "n",
        Description = description,
        DefaultValueFactory = _ => fallback,
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<int>() < min) result.AddError($"{name}: expected a whole number >= {min}, got '{string.Join(' ', result.Tokens.Select(t => t.Value))}'");
            },
        },
    };

    private static void ValidateEnvironment(OptionResult result)
    {
        foreach (var token in result.Tokens)
        {
            if (token.Value.IndexOf('=', StringComparison.Ordinal) <= 0) result.AddError($"--env needs KEY=VALUE, not '{token.Value}'");
        }
    }
}
