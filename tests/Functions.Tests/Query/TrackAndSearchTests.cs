using System.Text.Json;
using Tracking.Contracts.Geo;
using Tracking.Contracts.Json;
using Tracking.Query;
using static Tracking.Functions.Tests.Fakes.StoreEvents;

namespace Tracking.Functions.Tests.Query;

/// <summary>GET /v1/tracking/{id}/locations and GET /v1/packages on the in-memory store.</summary>
public sealed class TrackAndSearchTests : IDisposable
{
    private static readonly DateTime Day = IngestHarness.Now.UtcDateTime.Date;
    private readonly QueryHarness _query = new();

    public void Dispose() => _query.Dispose();

    private async Task<LocationTrackFeature> TrackAsync(string trackingId)
    {
        var response = await _query.GetAsync(ApiRoutes.Locations, $"/v1/tracking/{trackingId}/locations", new() { ["trackingId"] = trackingId });
        Assert.Equal(200, response.StatusCode);
        return JsonSerializer.Deserialize(response.Body!, ContractsJsonContext.Default.LocationTrackFeature)!;
    }

    private async Task<PackagePage> SearchAsync(Dictionary<string, string> query)
        => JsonSerializer.Deserialize((await _query.SearchAsync(query)).Body!, ContractsJsonContext.Default.PackagePage)!;

    [Fact]
    public async Task TheTrackIsALineThroughTheLocatedEventsInTimeOrder()
    {
        _query.Append(At("PKG-1", 20, "b", location: (2, 20)));
        _query.Append(At("PKG-1", 10, "a", location: (1, 10)));
        _query.Append(At("PKG-1", 15, "unlocated"));

        var track = await TrackAsync("PKG-1");

        Assert.Equal("LineString", track.Geometry!.Type);
        Assert.Equal([[10.0, 1.0], [20.0, 2.0]], track.Geometry.Coordinates);
        Assert.Equal(["a", "b"], track.Properties.EventIds);
        Assert.Equal(["2026-11-24T08:10:00Z", "2026-11-24T08:20:00Z"], track.Properties.Times);
    }

    [Fact]
    public async Task OneLocatedEventIsAPointAndNoneIsNoGeometry()
    {
        _query.Append(At("PKG-1", 10, "a", location: (1, 10)));
        _query.Append(At("PKG-2", 10, "a"));

        Assert.Equal("Point", (await TrackAsync("PKG-1")).Geometry!.Type);
        Assert.Null((await TrackAsync("PKG-2")).Geometry);
    }

    [Fact]
    public async Task ATrackLongerThanTheLimitIsCutAndSaysSo()
    {
        for (var i = 0; i <= QueryRoutes.MaxTrackPoints; i++) _query.Append(At("PKG-1", 0, $"e-{i:D5}", location: (1, i % 180)));

        var track = await TrackAsync("PKG-1");

        Assert.Equal(QueryRoutes.MaxTrackPoints, track.Geometry!.Coordinates.Count);
        Assert.True(track.Properties.Truncated);
    }

    [Fact]
    public async Task TheTrackOfAnUnknownPackageIsNotFound()
    {
        var response = await _query.GetAsync(ApiRoutes.Locations, "/v1/tracking/PKG-404/locations", new() { ["trackingId"] = "PKG-404" });

        Assert.Equal(404, response.StatusCode);
    }

    [Fact]
    public async Task ASearchListsThePackagesInAStatusMostRecentlyUpdatedFirst()
    {
        _query.Append(At("PKG-1", 0, "a"), Day.AddHours(1));
        _query.Append(At("PKG-2", 0, "a"), Day.AddHours(3));
        _query.Append(At("PKG-3", 0, "a", "delivered"), Day.AddHours(4));
        _query.Append(At("PKG-4", 0, "a"), Day.AddHours(2));

        var page = await SearchAsync(new() { ["status"] = "in_transit" });

        Assert.Equal(["PKG-2", "PKG-4", "PKG-1"], page.Items.Select(p => p.TrackingId));
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task SearchPagesFollowEachOtherWithoutSkipOrRepeat()
    {
        for (var i = 0; i < 7; i++) _query.Append(At($"PKG-{i}", 0, "a"), Day.AddMinutes(i));

        var found = new List<string>();
        var query = new Dictionary<string, string> { ["status"] = "in_transit", ["limit"] = "3" };
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await SearchAsync(query);
            found.AddRange(page.Items.Select(p => p.TrackingId));
            if (page.NextCursor is null) break;
            query["cursor"] = page.NextCursor;
        }

        Assert.Equal(Enumerable.Range(0, 7).Reverse().Select(i => $"PKG-{i}"), found);
    }

    [Fact]
    public async Task TheUpdateWindowExcludesBothBounds()
    {
        for (var i = 0; i < 4; i++) _query.Append(At($"PKG-{i}", 0, "a"), Day.AddHours(i));

        var page = await SearchAsync(new() { ["status"] = "in_transit", ["updatedAfter"] = "2026-11-24T00:00:00Z", ["updatedBefore"] = "2026-11-24T03:00:00Z" });

        Assert.Equal(["PKG-2", "PKG-1"], page.Items.Select(p => p.TrackingId));
    }

    [Fact]
    public async Task ASearchWithoutAStatusIsABadRequest()
        => Assert.Equal(400, (await _query.SearchAsync([])).StatusCode);
}
