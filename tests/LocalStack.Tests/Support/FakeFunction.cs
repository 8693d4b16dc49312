using Tracking.LocalStack.Runtime;

namespace Tracking.LocalStack.Tests.Support;

/// <summary>FakeFunction/fake-function.js: a real process speaking the Runtime API (see the script for its behaviours).</summary>
public static class FakeFunction
{
    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "FakeFunction", "fake-function.js");

    public static FunctionHostOptions Options(string name = "fake", TimeSpan? timeout = null, int instances = 1, Dictionary<string, string>? environment = null, bool restartOnExit = true)
        => new()
        {
            Name = name,
            ExecutablePath = ScriptPath,
            Launcher = ["node"],
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            Instances = instances,
            Environment = environment ?? new Dictionary<string, string> { ["AWS_LAMBDA_FUNCTION_NAME"] = name },
            Output = null,
            RestartOnExit = restartOnExit,
        };

    public static async Task<FunctionHost> StartAsync(FunctionHostOptions options)
    {
        var host = new FunctionHost(options);
        await host.StartAsync();
        await host.WaitReadyAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return host;
    }
}
