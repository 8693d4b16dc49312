using Tracking.LocalStack.Gateway;
using Tracking.LocalStack.Runtime;

namespace Tracking.LocalStack.Tests.Support;

#pragma warning disable CA1001 // xunit disposes fixtures through IAsyncLifetime.DisposeAsync
/// <summary>The API gateway on a free port in front of the fake function as both "ingest" and "query".</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private readonly Dictionary<string, FunctionHost> _functions = [];
    private ApiGatewayEmulator? _gateway;

    public HttpClient Http { get; } = new();

    public Uri Url => _gateway!.Url;

    public async Task InitializeAsync()
    {
        foreach (var name in new[] { "ingest", "query" })
        {
            _functions[name] = await FakeFunction.StartAsync(FakeFunction.Options(name, timeout: Timeout,
                environment: new() { ["AWS_LAMBDA_FUNCTION_NAME"] = name }));
        }
        _gateway = new ApiGatewayEmulator(
            new ApiGatewayOptions { Port = 0, IntegrationTimeout = Timeout, MaxRequestBytes = 10 * 1024 * 1024 },
            new RouteTable(ApiDefinition.LoadDefault()),
            ApiClients.Defaults,
            _functions);
        await _gateway.StartAsync();
        Http.BaseAddress = _gateway.Url;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_gateway is not null) await _gateway.DisposeAsync();
        foreach (var function in _functions.Values) await function.DisposeAsync();
    }
}
#pragma warning restore CA1001
