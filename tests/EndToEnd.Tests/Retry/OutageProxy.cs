using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Tracking.EndToEnd.Tests.Retry;

/// <summary>
/// A TCP relay in front of dynalite that the test can take down: while down it resets every open connection and every
/// new one, so the functions see DynamoDB unavailable (connection refused/reset) at once, and recover when it is up.
/// </summary>
public sealed class OutageProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentDictionary<TcpClient, byte> _open = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Uri _target;
    private readonly Task _accepting;
    private volatile bool _down;

    public OutageProxy(Uri target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Endpoint => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>When the last outage ended (Stopwatch timestamp), for recovery measurements.</summary>
    public long RestoredAt { get; private set; }

    public void TakeDown()
    {
        _down = true;
        foreach (var client in _open.Keys) Reset(client);
    }

    public void Restore()
    {
        _down = false;
        RestoredAt = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            if (_down)
            {
                Reset(client);
                continue;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        _open[client] = 0;
        using var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(_target.Host, _target.Port, _stopping.Token);
            _open[upstream] = 0;
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            var a = client.GetStream().CopyToAsync(upstream.GetStream(), linked.Token);
            var b = upstream.GetStream().CopyToAsync(client.GetStream(), linked.Token);
            await Task.WhenAny(a, b);
            await linked.CancelAsync();
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            _open.TryRemove(client, out _);
            _open.TryRemove(upstream, out _);
            Reset(client);
        }
    }

    private static void Reset(TcpClient client)
    {
        try
        {
            client.Client.LingerState = new LingerOption(true, 0); // RST, not FIN: the caller sees a reset
            client.Close();
        }
        catch (Exception)
        {
            // Already closed by either side: nothing left to reset.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        foreach (var client in _open.Keys) Reset(client);
        await _accepting;
        _stopping.Dispose();
    }
}
