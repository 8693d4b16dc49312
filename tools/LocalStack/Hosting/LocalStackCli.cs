using System.Runtime.InteropServices;
using Tracking.LocalStack.Net;

namespace Tracking.LocalStack.Hosting;

public static class LocalStackCli
{
    public const int ExitOk = 0;
    public const int ExitFailure = 1;
    public const int ExitPortInUse = 2;
    public const int ExitUsage = 64;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        LocalStackOptions options;
        try
        {
            options = LocalStackOptions.Parse(args);
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync(e.Message);
            await error.WriteLineAsync(LocalStackOptions.Usage);
            return ExitUsage;
        }
        if (options.Help)
        {
            await output.WriteLineAsync(LocalStackOptions.Usage);
            return ExitOk;
        }

        using var shutdown = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true; // we exit ourselves, after stopping the children
            shutdown.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);

        LocalStackHost? host = null;
        try
        {
            host = await LocalStackHost.StartAsync(options, output, shutdown.Token);
            host.PrintBanner();
            await Task.Delay(Timeout.Infinite, shutdown.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            await output.WriteLineAsync("Stopping...");
            return ExitOk;
        }
        catch (PortInUseException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return ExitPortInUse;
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return ExitUsage;
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            return ExitOk;
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidOperationException or InvalidDataException or Amazon.Runtime.AmazonServiceException or IOException)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return ExitFailure;
        }
        finally
        {
            // Only what this host started: other hosts may share the process (tests). A child left by a failed start
            // still dies with the process (ChildProcesses' ProcessExit hook).
            if (host is not null) await host.DisposeAsync();
        }
    }
}
