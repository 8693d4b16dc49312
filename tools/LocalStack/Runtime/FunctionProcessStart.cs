using System.Diagnostics;
using Tracking.LambdaRuntime;

namespace Tracking.LocalStack.Runtime;

/// <summary>How a function process is started: its command line and the environment Lambda would give it.</summary>
internal static class FunctionProcessStart
{
    public static ProcessStartInfo Build(FunctionHostOptions options, string runtimeApi)
    {
        var command = new List<string>(options.Launcher);
        var executable = Path.GetFullPath(options.ExecutablePath);
        if (executable.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) command.Add("dotnet");
        command.Add(executable);

        var start = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            WorkingDirectory = Path.GetDirectoryName(executable)!,
        };
        foreach (var arg in command.Skip(1)) start.ArgumentList.Add(arg);

        // Lambda hands the runtime a small, known environment, not the developer's shell: keep only what a process needs to start.
        var inherited = start.Environment.Where(kv => IsInherited(kv.Key)).ToList();
        start.Environment.Clear();
        foreach (var (key, value) in inherited) start.Environment[key] = value;
        start.Environment["TZ"] = ":UTC";
        start.Environment[LambdaEnvironment.TaskRoot] = start.WorkingDirectory;
        start.Environment["_HANDLER"] = "bootstrap";
        foreach (var (key, value) in options.Environment) start.Environment[key] = value;
        start.Environment[LambdaEnvironment.RuntimeApi] = runtimeApi;
        return start;
    }

    private static bool IsInherited(string name)
        => name is "PATH" or "HOME" or "LANG" or "TMPDIR" or "LD_LIBRARY_PATH" or "SSL_CERT_FILE" or "SSL_CERT_DIR"
            || name.StartsWith("DOTNET_", StringComparison.Ordinal)
            || name.StartsWith("QEMU_", StringComparison.Ordinal);
}
