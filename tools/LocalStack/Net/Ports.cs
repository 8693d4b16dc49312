using System.Net;
using System.Net.Sockets;

namespace Tracking.LocalStack.Net;

public sealed class PortInUseException(string what, string host, int port)
    : Exception($"Port {port} on {host} ({what}) is already in use. Stop whatever listens there or pick another port.")
{
    public int Port { get; } = port;
}

public static class Ports
{
    // Below Linux's ephemeral range (32768-60999): the kernel hands those out to every port-0 listener (our
    // Runtime API endpoints) and to every outgoing connection, so a number picked there can be taken again in the
    // moment before the process we pass it to (dynalite) binds it. Parallel test runs made that race visible.
    private const int FirstPort = 20000;
    private const int LastPort = 32700;

    /// <summary>A port that was free a moment ago, outside the ephemeral range (for tests and for tools that need a number up front).</summary>
    public static int FindFree(string host = LocalDefaults.Host)
    {
        var address = ResolveHost(host);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(FirstPort, LastPort);
            try
            {
                using var listener = new TcpListener(address, port);
                listener.Start();
                return port;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
            }
        }
        throw new InvalidOperationException($"no free port between {FirstPort} and {LastPort} on {host}");
    }

    public static void EnsureFree(string what, string host, int port)
    {
        try
        {
            using var listener = new TcpListener(ResolveHost(host), port);
            listener.Start();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new PortInUseException(what, host, port);
        }
    }

    public static IPAddress ResolveHost(string host)
        => host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(host);
}
