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
    /// <summary>A port that was free a moment ago (for tests and for tools that need a fixed number up front).</summary>
    public static int FindFree(string host = LocalDefaults.Host)
    {
        using var listener = new TcpListener(IPAddress.Parse(host), 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
