using Tracking.Contracts.Api;
using Tracking.Functions.Storage;
using static Tracking.Integration.Tests.Storage.ContractEvents;

namespace Tracking.Integration.Tests.Storage;

/// <summary>The paged reads: history, track and status search.</summary>
public abstract partial class TrackingStoreContract
{
    private async Task<string> PackageWithEventsAsync(params (int Minutes, string EventId, string Status, string EventType)[] events)
    {
        var id = NewId();
        foreach (var (minutes, eventId, status, eventType) in events) await AppendAsync(At(id, minutes, eventId, status, eventType));
        return id;
    }

    private async Task<List<List<string>>> HistoryPagesAsync(HistoryQuery query)
    {
        var pages = new List<List<string>>();
        PagePosition? position = null;
        do
        {
            var page = await Reader.ReadHistoryAsync(query, position, Metrics, CancellationToken.None);
            Assert.True(page.Items.Count <= query.Limit);
            pages.Add([.. page.Items.Select(e => e.EventId)]);
            position = page.Next;
        }
        while (position is not null && pages.Count < 20);
        return pages;
    }

    [Fact]
    public async Task HistoryPagesHoldEveryEventOnceInEventTimeOrder()
    {
        var id = await PackageWithEventsAsync((30, "c", "in_transit", "status_update"), (10, "a", "pending", "status_update"),
            (20, "b2", "in_transit", "status_update"), (20, "b1", "in_transit", "status_update"), (40, "d", "delivered", "status_update"));

        var pages = await HistoryPagesAsync(new HistoryQuery(id, null, null, null, null, Ascending: true, Limit: 2));

        Assert.Equal(["a", "b1", "b2", "c", "d"], pages.SelectMany(p => p));
        Assert.Equal(["a", "b1"], pages[0]);
    }

    [Fact]
    public async Task HistoryInDescendingOrderIsNewestFirst()
    {
        var id = await PackageWithEventsAsync((10, "a", "pending", "status_update"), (20, "b", "in_transit", "status_update"), (30, "c", "delivered", "status_update"));

        var pages = await HistoryPagesAsync(new HistoryQuery(id, null, null, null, null, Ascending: false, Limit: 2));

        Assert.Equal(["c", "b", "a"], pages.SelectMany(p => p));
    }

    [Fact]
    public async Task HistoryFiltersByStatusAndEventTypeAcrossPages()
    {
        var id = await PackageWithEventsAsync((10, "a", "in_transit", "status_update"), (20, "b", "in_transit", "delivery_attempt"),
            (30, "c", "failed", "delivery_attempt"), (40, "d", "in_transit", "delivery_attempt"), (50, "e", "in_transit", "delivery_attempt"));

        var byStatus = await HistoryPagesAsync(new HistoryQuery(id, "in_transit", null, null, null, true, 1));
        var byBoth = await HistoryPagesAsync(new HistoryQuery(id, "in_transit", "delivery_attempt", null, null, true, 2));

        Assert.Equal(["a", "b", "d", "e"], byStatus.SelectMany(p => p));
        Assert.Equal(["b", "d", "e"], byBoth.SelectMany(p => p));
    }

    [Fact]
    public async Task HistoryWindowsIncludeFromAndExcludeTo()
    {
        var id = await PackageWithEventsAsync((10, "a", "pending", "status_update"), (20, "b", "in_transit", "status_update"), (30, "c", "delivered", "status_update"));

        var pages = await HistoryPagesAsync(new HistoryQuery(id, null, null, Base.AddMinutes(10), Base.AddMinutes(30), true, 10));

        Assert.Equal(["a", "b"], pages.SelectMany(p => p));
    }

    [Fact]
    public async Task TheTrackHoldsLocatedEventsInTimeOrderAndIsCutAtTheLimit()
    {
        var id = NewId();
        await AppendAsync(At(id, 30, "c", location: (3, 30)));
        await AppendAsync(At(id, 10, "a", location: (1, 10)));
        await AppendAsync(At(id, 20, "b"));
        await AppendAsync(At(id, 40, "d", status: "delivered", location: (4, 40)));

        var whole = await Reader.ReadTrackAsync(new TrackQuery(id, null, null, 10), Metrics, CancellationToken.None);
        var cut = await Reader.ReadTrackAsync(new TrackQuery(id, null, null, 2), Metrics, CancellationToken.None);
        var window = await Reader.ReadTrackAsync(new TrackQuery(id, Base.AddMinutes(30), Base.AddMinutes(40), 10), Metrics, CancellationToken.None);

        Assert.Equal([new TrackPoint(1, 10, "2026-03-01T08:10:00Z", "in_transit", "a"), new TrackPoint(3, 30, "2026-03-01T08:30:00Z", "in_transit", "c"),
            new TrackPoint(4, 40, "2026-03-01T08:40:00Z", "delivered", "d")], whole.Points);
        Assert.False(whole.Truncated);
        Assert.Equal(["a", "c"], cut.Points.Select(p => p.EventId));
        Assert.True(cut.Truncated);
        Assert.Equal(["c"], window.Points.Select(p => p.EventId));
    }

    [Fact]
    public async Task ASearchPagesThroughThePackagesInAStatusNewestUpdateFirstWithoutSkipOrRepeat()
    {
        // A day of its own far from other tests' updates: the window isolates this test's packages in the shared table.
        var day = new DateTime(2031, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(Random.Shared.Next(0, 3000));
        var ids = new List<string>();
        for (var i = 0; i < 13; i++)
        {
            var id = NewId();
            ids.Add(id);
            await AppendAsync(At(id, i, "e"), day.AddMinutes(i));
        }
        var moved = NewId();
        await AppendAsync(At(moved, 0, "a"), day.AddMinutes(5));
        await AppendAsync(At(moved, 1, "b", status: "delivered"), day.AddMinutes(6));

        var found = new List<string>();
        PagePosition? position = null;
        var query = new StatusQuery("in_transit", day, day.AddMinutes(12), 4);
        do
        {
            var page = await Reader.SearchStatusAsync(query, position, Metrics, CancellationToken.None);
            Assert.True(page.Items.Count <= query.Limit);
            found.AddRange(page.Items.Select(p => p.TrackingId));
            position = page.Next;
        }
        while (position is not null && found.Count < 50);

        // updatedAfter and updatedBefore are exclusive: minutes 1 to 11, newest first; the moved package is delivered now.
        Assert.Equal(Enumerable.Range(1, 11).Reverse().Select(i => ids[i]), found);
    }

    [Fact]
    public async Task APositionFromAnotherKindOfPageIsRejected()
    {
        var id = await PackageWithEventsAsync((10, "a", "pending", "status_update"), (20, "b", "pending", "status_update"));
        var history = await Reader.ReadHistoryAsync(new HistoryQuery(id, null, null, null, null, true, 1), null, Metrics, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidPagePositionException>(
            () => Reader.SearchStatusAsync(new StatusQuery("pending", null, null, 5), history.Next, Metrics, CancellationToken.None));
    }
}
