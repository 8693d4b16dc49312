using Tracking.Contracts.Api;
using Tracking.Functions.Observability;
using Tracking.Functions.Storage;
using static Tracking.Integration.Tests.Storage.ContractEvents;

namespace Tracking.Integration.Tests.Storage;

/// <summary>
/// What every tracking store does, run against the in-memory store and the DynamoDB store on dynalite (the two
/// subclasses), so the fake the unit tests use cannot drift from the real store. Tracking ids are unique per test
/// (the dynalite table is shared); searches are held apart by an update-time window of their own.
/// </summary>
public abstract partial class TrackingStoreContract
{
    protected abstract ITrackingWriteStore Writer { get; }
    protected abstract ITrackingReadStore Reader { get; }

    protected RequestMetrics Metrics { get; } = new();

    protected static string NewId() => "C-" + Guid.NewGuid().ToString("N")[..20];

    protected Task<AppendResult> AppendAsync(Contracts.Validation.ValidatedEvent e, DateTime? receivedAt = null, string source = "acme")
        => Writer.AppendAsync(e, source, receivedAt ?? Base.AddDays(1), Metrics, CancellationToken.None);

    protected Task<PackageStateResponse?> StateAsync(string trackingId) => Reader.GetStateAsync(trackingId, Metrics, CancellationToken.None);

    [Fact]
    public async Task ANewEventIsCreatedAndReturnedAsStored()
    {
        var id = NewId();

        var result = await AppendAsync(At(id, 0, "e-1", location: (47.5, -122.25), metadataJson: """{"hub":"SEA","weightKg":1.50,"fragile":true}"""));

        Assert.Equal(AppendOutcome.Created, result.Outcome);
        var stored = (await Reader.GetEventAsync(id, "e-1", Metrics, CancellationToken.None))!;
        Assert.Equal((id, "e-1", "in_transit", "2026-03-01T08:00:00Z", "status_update", "acme"), (stored.TrackingId, stored.EventId, stored.Status, stored.Timestamp, stored.EventType, stored.Source));
        Assert.Equal((47.5, -122.25), (stored.Location!.Lat, stored.Location.Lon));
        Assert.Equal([MetadataValue.FromBoolean(true), MetadataValue.FromString("SEA"), MetadataValue.FromNumber(1.5m)], stored.Metadata!.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => m.Value));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(stored, Contracts.Json.ContractsJsonContext.Default.TrackingEventResponse),
            System.Text.Json.JsonSerializer.Serialize(result.Stored, Contracts.Json.ContractsJsonContext.Default.TrackingEventResponse));
    }

    [Fact]
    public async Task TheSameEventAgainIsADuplicateCarryingTheFirstStoredCopy()
    {
        var id = NewId();
        await AppendAsync(At(id, 0, "e-1"), Base.AddDays(1));

        var again = await AppendAsync(At(id, 0, "e-1"), Base.AddDays(2), source: "other");

        Assert.Equal(AppendOutcome.Duplicate, again.Outcome);
        Assert.Equal(("2026-03-02T08:00:00Z", "acme"), (again.Stored.ReceivedAt, again.Stored.Source));
        Assert.Equal(1, (await StateAsync(id))!.EventCount);
    }

    [Fact]
    public async Task TheSameEventIdWithOtherContentIsAConflictThatChangesNothing()
    {
        var id = NewId();
        await AppendAsync(At(id, 0, "e-1", status: "in_transit"));

        var conflict = await AppendAsync(At(id, 0, "e-1", status: "delivered"));

        Assert.Equal(AppendOutcome.Conflict, conflict.Outcome);
        Assert.Equal("in_transit", conflict.Stored.Status);
        Assert.Equal(("in_transit", 1L), ((await StateAsync(id))!.Status, (await StateAsync(id))!.EventCount));
    }

    [Fact]
    public async Task TheStateFollowsTheNewestEventWhateverTheArrivalOrderAndCountsEachEventOnce()
    {
        var id = NewId();
        await AppendAsync(At(id, 20, "b", status: "delivered"), Base.AddDays(1));
        await AppendAsync(At(id, 10, "a", status: "in_transit"), Base.AddDays(2));
        await AppendAsync(At(id, 20, "a2", status: "failed"), Base.AddDays(3));

        var state = (await StateAsync(id))!;

        // "b" and "a2" share the newest time: the greater event id wins. An older event never moves updatedAt.
        Assert.Equal(("delivered", "b", "2026-03-01T08:20:00Z", 3L), (state.Status, state.EventId, state.Timestamp, state.EventCount));
        Assert.Equal(("2026-03-02T08:00:00Z", "2026-03-02T08:00:00Z"), (state.FirstSeen, state.UpdatedAt));
    }

    [Fact]
    public async Task ANewerEventWithoutLocationClearsTheStateLocation()
    {
        var id = NewId();
        await AppendAsync(At(id, 0, "a", location: (1.5, 2.5)));
        Assert.NotNull((await StateAsync(id))!.Location);

        await AppendAsync(At(id, 5, "b"));

        Assert.Null((await StateAsync(id))!.Location);
    }

    [Fact]
    public async Task AnUnknownPackageOrEventIsNull()
    {
        var id = NewId();
        await AppendAsync(At(id, 0, "a"));

        Assert.Null(await StateAsync(NewId()));
        Assert.Null(await Reader.GetEventAsync(id, "nope", Metrics, CancellationToken.None));
    }

    [Fact]
    public async Task EveryCallIsAccountedForTheCostMetric()
    {
        var id = NewId();

        await AppendAsync(At(id, 0, "a"));
        await StateAsync(id);

        Assert.True(Metrics.DynamoDbCalls >= 3);
        Assert.True(Metrics.WriteUnits > 0);
        Assert.True(Metrics.ReadUnits > 0);
    }
}
