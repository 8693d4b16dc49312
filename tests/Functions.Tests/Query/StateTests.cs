using System.Text.Json;
using Tracking.Contracts.Gateway;
using Tracking.Contracts.Json;
using static Tracking.Functions.Tests.Fakes.StoreEvents;

namespace Tracking.Functions.Tests.Query;

/// <summary>GET /v1/tracking/{id} and GET /v1/tracking/{id}/events/{eventId} on the in-memory store.</summary>
public sealed class StateTests : IDisposable
{
    private readonly QueryHarness _query = new();

    public void Dispose() => _query.Dispose();

    private Task<ApiGatewayProxyResponse> StateAsync(string trackingId, Dictionary<string, string>? headers = null)
        => _query.GetAsync(ApiRoutes.Tracking, $"/v1/tracking/{trackingId}", new() { ["trackingId"] = trackingId }, headers: headers);

    [Fact]
    public async Task TheStateIsTheNewestEventWithAnETag()
    {
        _query.Append(At("PKG-1", 10, "a"));
        _query.Append(At("PKG-1", 20, "b", "delivered"));

        var response = await StateAsync("PKG-1");

        var state = JsonSerializer.Deserialize(response.Body!, ContractsJsonContext.Default.PackageStateResponse)!;
        Assert.Equal(("delivered", "b", 2L), (state.Status, state.EventId, state.EventCount));
        Assert.StartsWith("\"", response.Headers!["etag"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnchangedStateIsNotModified()
    {
        _query.Append(At("PKG-1", 10, "a"));
        var etag = (await StateAsync("PKG-1")).Headers!["etag"];

        var response = await StateAsync("PKG-1", new() { ["If-None-Match"] = etag });

        Assert.Equal(304, response.StatusCode);
    }

    [Fact]
    public async Task AnUnknownPackageIsNotFound()
        => Assert.Equal(404, (await StateAsync("PKG-404")).StatusCode);

    [Fact]
    public async Task OneEventIsReadBackAsStored()
    {
        _query.Append(At("PKG-1", 10, "scan-1", location: (47.5, -122.25)));

        var response = await _query.GetAsync(ApiRoutes.TrackingEvent, "/v1/tracking/PKG-1/events/scan-1", new() { ["trackingId"] = "PKG-1", ["eventId"] = "scan-1" });

        var stored = JsonSerializer.Deserialize(response.Body!, ContractsJsonContext.Default.TrackingEventResponse)!;
        Assert.Equal(("scan-1", "2026-11-24T08:10:00Z", "acme", 47.5), (stored.EventId, stored.Timestamp, stored.Source, stored.Location!.Lat));
    }

    [Fact]
    public async Task AnUnknownEventIsNotFound()
    {
        _query.Append(At("PKG-1", 10, "a"));

        var response = await _query.GetAsync(ApiRoutes.TrackingEvent, "/v1/tracking/PKG-1/events/nope", new() { ["trackingId"] = "PKG-1", ["eventId"] = "nope" });

        Assert.Equal(404, response.StatusCode);
    }
}
