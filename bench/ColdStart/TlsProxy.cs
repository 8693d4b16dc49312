using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Tracking.Bench.ColdStart;

/// <summary>
/// A local TLS-terminating proxy (SslStream, TLS 1.2/1.3) in front of dynalite: the function pays what it pays on
/// Lambda for its first HTTPS connection to DynamoDB (handshake, chain building, loading its trust store); the proxy
/// then copies bytes both ways. Counts completed handshakes, so a run can prove each cold start went through TLS.
/// </summary>
public sealed class TlsProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly SslStreamCertificateContext _certificate;
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _handshakes;

    private TlsProxy(IPEndPoint upstream, TestCertificates certificates)
    {
        _upstream = upstream;
        _certificate = SslStreamCertificateContext.Create(certificates.Server, [certificates.Intermediate], offline: true);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync(_stop.Token);
    }

    /// <summary>https://127.0.0.1:port, for DYNAMODB_ENDPOINT.</summary>
    public string Endpoint => $"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Handshakes => Volatile.Read(ref _handshakes);

    /// <param name="upstream">dynalite's plain-HTTP endpoint, e.g. http://127.0.0.1:1234</param>
    public static TlsProxy Start(string upstream, TestCertificates certificates)
    {
        var uri = new Uri(upstream);
        return new TlsProxy(new IPEndPoint(IPAddress.Parse(uri.Host), uri.Port), certificates);
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = RelayAsync(client, cancellationToken);
        }
    }

    private async Task RelayAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        {
            client.NoDelay = true;
            try
            {
                await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = _certificate,
                    ApplicationProtocols = [SslApplicationProtocol.Http11],
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    ClientCertificateRequired = false,
                }, cancellationToken);
                Interlocked.Increment(ref _handshakes);

                using var upstream = new TcpClient { NoDelay = true };
                await upstream.ConnectAsync(_upstream, cancellationToken);
                var plain = upstream.GetStream();
                // Either side closing ends the connection (keep-alive connections close when the process exits).
                await Task.WhenAny(tls.CopyToAsync(plain, cancellationToken), plain.CopyToAsync(tls, cancellationToken));
            }
            catch (Exception e) when (e is IOException or AuthenticationException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A killed function process or a shutdown: nothing to relay any more.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
