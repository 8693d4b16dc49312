using Tracking.LocalStack.Dynamo;
using Tracking.LocalStack.Net;

namespace Tracking.LocalStack.Tests.Support;

/// <summary>A real dynalite for the class (needs `npm ci` at the repository root).</summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    private DynaliteServer? _server;

    public string Endpoint => _server?.Endpoint ?? throw new InvalidOperationException("dynalite not started");

    public async Task InitializeAsync()
    {
        var root = RepoRoot.Find(AppContext.BaseDirectory) ?? throw new InvalidOperationException("repository root not found");
        _server = await DynaliteServer.StartAsync(root, LocalDefaults.Host, Ports.FindFree());
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
