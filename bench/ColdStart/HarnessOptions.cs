using System.Globalization;

namespace Tracking.Bench.ColdStart;

public sealed class UsageException(string message) : Exception(message);

/// <summary>The command line.</summary>
public sealed class HarnessOptions
{
    public const string Usage = """
        Usage: ColdStart [options]
          --aot-dir <dir>        Native AOT builds: <dir>/<function>/bootstrap (default artifacts/lambda/linux-x64)
          --jit-dir <dir>        framework-dependent builds: <dir>/<function>/<Project>.dll (default artifacts/bench/jit)
          --functions a,b        functions to measure (default ingest,query)
          --builds a,b           aot, jit or both (default aot,jit)
          --aot-runs <n>         cold starts per AOT function (default 30)
          --jit-runs <n>         cold starts per JIT function (default 10)
          --warm <n>             sequential warm invocations measured per function and build (default 2000)
          --warmup <n>           warm invocations run first and not measured (default 100)
          --quick                CI mode: --aot-runs 10 --jit-runs 3 --warm 500 --warmup 50 (explicit options still win)
          --json <path>          JSON results (default artifacts/bench/coldstart.json)
          --markdown <path>      also write the Markdown table to this file
          --env KEY=VALUE        extra function environment (repeatable), e.g. to try a runtime switch
          --repo-root <dir>      repository root (default: the folder holding PackageTracking.slnx)
        """;

    public string? AotDir { get; set; }
    public string? JitDir { get; set; }
    public List<string> Functions { get; set; } = ["ingest", "query"];
    public List<string> Builds { get; set; } = ["aot", "jit"];
    public int AotRuns { get; set; } = 30;
    public int JitRuns { get; set; } = 10;
    public int Warm { get; set; } = 2000;
    public int Warmup { get; set; } = 100;
    public bool Quick { get; set; }
    public string? JsonPath { get; set; }
    public string? MarkdownPath { get; set; }
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);
    public string? RepoRoot { get; set; }
    public bool Help { get; set; }

    public static HarnessOptions Parse(IReadOnlyList<string> args)
    {
        var o = new HarnessOptions();
        var explicitly = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "-h" or "--help": o.Help = true; break;
                case "--quick": o.Quick = true; break;
                case "--aot-dir": o.AotDir = Value(); break;
                case "--jit-dir": o.JitDir = Value(); break;
                case "--functions": o.Functions = List(Value(), "ingest", "query"); break;
                case "--builds": o.Builds = List(Value(), "aot", "jit"); break;
                case "--aot-runs": o.AotRuns = Count(Value(), 1); explicitly.Add(arg); break;
                case "--jit-runs": o.JitRuns = Count(Value(), 1); explicitly.Add(arg); break;
                case "--warm": o.Warm = Count(Value(), 1); explicitly.Add(arg); break;
                case "--warmup": o.Warmup = Count(Value(), 0); explicitly.Add(arg); break;
                case "--json": o.JsonPath = Value(); break;
                case "--markdown": o.MarkdownPath = Value(); break;
                case "--repo-root": o.RepoRoot = Value(); break;
                case "--env":
                    var pair = Value();
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0) throw new UsageException($"--env needs KEY=VALUE, not '{pair}'");
                    o.Environment[pair[..eq]] = pair[(eq + 1)..];
                    break;
                default: throw new UsageException($"unknown option '{arg}'");
            }

            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{arg} needs a value");
        }

        if (o.Quick)
        {
            if (!explicitly.Contains("--aot-runs")) o.AotRuns = 10;
            if (!explicitly.Contains("--jit-runs")) o.JitRuns = 3;
            if (!explicitly.Contains("--warm")) o.Warm = 500;
            if (!explicitly.Contains("--warmup")) o.Warmup = 50;
        }
        return o;
    }

    private static List<string> List(string text, params string[] allowed)
    {
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var unknown = items.Where(x => !allowed.Contains(x)).ToList();
        if (items.Count == 0 || unknown.Count > 0) throw new UsageException($"expected some of {string.Join(",", allowed)}, got '{text}'");
        return items;
    }

    private static int Count(string text, int min)
        => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min
            ? n
            : throw new UsageException($"expected a whole number >= {min}, got '{text}'");
}
