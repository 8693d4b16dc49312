using System.Diagnostics;
using System.Net.Sockets;
using Tracking.LocalStack.Hosting;
using Tracking.LocalStack.Net;

namespace Tracking.LocalStack.Dynamo;

/// <summary>An in-memory dynalite (node_modules/dynalite) on a loopback port; killed on dispose.</summary>
public sealed class DynaliteServer : IAsyncDisposable
{
    private readonly Process _process;

    private DynaliteServer(Process process, string endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public string Endpoint { get; }

    public int ProcessId => _process.Id;

    public static string CliPath(string repoRoot) => Path.Combine(repoRoot, "node_modules", "dynalite", "cli.js");

    public static async Task<DynaliteServer> StartAsync(string repoRoot, string host, int port, Action<string>? output = null, CancellationToken cancellationToken = default)
    {
        var cli = CliPath(repoRoot);
        if (!File.Exists(cli))
        {
            throw new FileNotFoundException($"dynalite is not installed ({cli} missing). Run `npm ci` in {repoRoot}.", cli);
        }

        Ports.EnsureFree("dynalite", host, port);
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A short CREATING phase keeps startup fast; the state machine is still exercised.
        foreach (var arg in new[] { cli, "--host", host, "--port", port.ToString(), "--createTableMs", "50", "--deleteTableMs", "50", "--updateTableMs", "50" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        ChildProcesses.Track(process);
        var server = new DynaliteServer(process, $"http://{host}:{port}");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output?.Invoke(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output?.Invoke(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await WaitListeningAsync(process, host, port, cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    private static async Task WaitListeningAsync(Process process, string host, int port, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited) throw new InvalidOperationException($"dynalite exited with code {process.ExitCode} before listening on {host}:{port}.");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(host, port, cancellationToken);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(25, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        ChildProcesses.Kill(_process);
        try { await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (TimeoutException) { }
        ChildProcesses.Untrack(_process);
        _process.Dispose();
    }
}
