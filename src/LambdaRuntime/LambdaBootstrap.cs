namespace Tracking.LambdaRuntime;

/// <summary>The whole Main of a function executable (the custom runtime's bootstrap).</summary>
public static class LambdaBootstrap
{
    public const int ExitSuccess = 0;

    /// <summary>The handler could not be built (reported on /init/error), or the Runtime API failed.</summary>
    public const int ExitFailure = 1;

    /// <summary>AWS_LAMBDA_RUNTIME_API is missing or not a host:port.</summary>
    public const int ExitMisconfigured = 2;

    /// <summary>
    /// Reads AWS_LAMBDA_RUNTIME_API, builds the handler with <paramref name="initialize"/> (configuration, SDK clients),
    /// then serves invocations until SIGTERM/SIGINT. When <paramref name="initialize"/> throws, posts /init/error and returns
    /// <see cref="ExitFailure"/>. Returns the process exit code.
    /// </summary>
    public static async Task<int> RunAsync(Func<CancellationToken, ValueTask<ILambdaHandler>> initialize)
    {
        using var shutdown = new ShutdownSignal();
        return await RunAsync(initialize, Environment.GetEnvironmentVariable, Console.Error, httpHandler: null, shutdown.Token).ConfigureAwait(false);
    }

    internal static async Task<int> RunAsync(
        Func<CancellationToken, ValueTask<ILambdaHandler>> initialize,
        Func<string, string?> readEnvironment,
        TextWriter log,
        HttpMessageHandler? httpHandler,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(initialize);

        var runtimeApi = readEnvironment(LambdaEnvironment.RuntimeApi);
        if (string.IsNullOrWhiteSpace(runtimeApi))
        {
            RuntimeLog.Message(log,
                $"[FATAL] {LambdaEnvironment.RuntimeApi} is not set. This executable is a Lambda custom runtime bootstrap: " +
                $"run it in Lambda, or set {LambdaEnvironment.RuntimeApi} to the host:port of a Runtime API emulator.");
            return ExitMisconfigured;
        }

        LambdaRuntimeClient client;
        try
        {
            client = new LambdaRuntimeClient(runtimeApi, httpHandler, readEnvironment, log);
        }
        catch (ArgumentException error)
        {
            RuntimeLog.Message(log, $"[FATAL] {LambdaEnvironment.RuntimeApi}: {error.Message}");
            return ExitMisconfigured;
        }

        using (client)
        {
            ILambdaHandler handler;
            try
            {
                handler = await initialize(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitSuccess;
            }
            catch (Exception error)
            {
                RuntimeLog.Failure(log, null, "initialization failed", error);
                try
                {
                    await client.ReportInitErrorAsync(error, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception reportFailure) when (reportFailure is HttpRequestException or RuntimeApiException)
                {
                    RuntimeLog.Failure(log, null, "posting the init error failed", reportFailure);
                }

                return ExitFailure;
            }

            try
            {
                await client.RunAsync(handler, cancellationToken).ConfigureAwait(false);
                return ExitSuccess;
            }
            catch (Exception error)
            {
                RuntimeLog.Failure(log, null, "the Runtime API failed; exiting so Lambda starts a fresh sandbox", error);
                return ExitFailure;
            }
        }
    }
}
