using Tracking.LocalStack.Gateway;

namespace Tracking.Bench.ColdStart;

/// <summary>One function in one build: what to start.</summary>
public sealed record Target(string Function, string Build, string ExecutablePath, long SizeBytes, int ColdRuns)
{
    public static Target Resolve(string function, string build, HarnessOptions options, string repoRoot)
    {
        var spec = ApiDefinition.LoadDefault().Functions[function];
        if (build == "aot")
        {
            var dir = options.AotDir ?? Path.Combine(repoRoot, "artifacts", "lambda", "linux-x64");
            var path = Path.GetFullPath(Path.Combine(dir, spec.Artifact ?? function, "bootstrap"));
            if (!File.Exists(path)) throw new FileNotFoundException($"{path} is missing: run scripts/build-lambdas.sh --rid linux-x64 (or pass --aot-dir).", path);
            return new Target(function, build, path, new FileInfo(path).Length, options.AotRuns);
        }

        var project = Path.GetFileName((spec.Project ?? throw new InvalidDataException($"openapi.json: x-tracking-functions.{function} has no project")).TrimEnd('/'));
        var jitDir = Path.GetFullPath(Path.Combine(options.JitDir ?? Path.Combine(repoRoot, "artifacts", "bench", "jit"), function));
        var dll = Path.Combine(jitDir, project + ".dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException(
                $"{dll} is missing: dotnet publish {spec.Project} -c Release -r linux-x64 --self-contained false -p:PublishAot=false -o {jitDir} (bench/run-ci.sh does this).", dll);
        }
        var size = Directory.EnumerateFiles(jitDir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        return new Target(function, build, dll, size, options.JitRuns);
    }
}
