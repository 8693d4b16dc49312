using Tracking.Functions.Storage;
using static Tracking.Functions.Tests.Fakes.IngestHarness;

namespace Tracking.Functions.Tests;

public sealed class SingleEventTests : IDisposable
{
    private const string Body = """{"status":"in_transit","timestamp":"2026-11-24T09:15:00+01:00","eventId":"scan-1","location":{"lat":47.5,"lon":-122.25},"metadata":{"hub":"SEA","weightKg":1.50}}""";
    private readonly IngestHarness _ingest = new();

    public void Dispose() => _ingest.Dispose();

    private Task<Tracking.Contracts.Gateway.ApiGatewayProxyResponse> Post(string body, string trackingId = "PKG-1")
        => _ingest.InvokeAsync(ProxyEvent.PostEvent(trackingId, body));

    [Fact]
    public async Task ANewEventIsCreatedWithALocationHeader()
    {
        var response = await Post(Body);

        Assert.Equal(201, response.StatusCode);
        Assert.Equal("application/json", response.Headers!["content-type"]);
        Assert.Equal("/test/v1/tracking/PKG-1/events/scan-1", response.Headers["location"]);
    }

    [Fact]
    public async Task TheCreatedEventIsReturnedAsStored()
    {
        var created = Event(await Post(Body));

        Assert.Equal(("PKG-1", "scan-1", "in_transit", "2026-11-24T08:15:00Z", "status_update"), (created.TrackingId, created.EventId, created.Status, created.Timestamp, created.EventType));
        Assert.Equal((47.5, -122.25), (created.Location!.Lat, created.Location.Lon));
        Assert.Equal(MetadataValue.FromNumber(1.5m), created.Metadata!["weightKg"]);
        Assert.Null(created.Duplicate);
    }

    [Fact]
    public async Task TheCreatedEventCarriesReceivedAtAndTheCallersClientNameAsSource()
    {
        var created = Event(await Post(Body));

        Assert.Equal(("2026-11-24T12:00:00Z", "acme"), (created.ReceivedAt, created.Source));
    }

    [Fact]
    public async Task TheEventIsStoredOnceWithItsSource()
    {
        await Post(Body);

        var stored = Assert.Single(_ingest.Store.StoredEvents);
        Assert.Equal(("scan-1", "acme", "in_transit"), (stored.EventId, stored.Source, stored.Status));
    }

    [Fact]
    public async Task TheSameEventAgainIsADuplicateWithTheStoredEvent()
    {
        var first = Event(await Post(Body));

        var response = await Post(Body);

        Assert.Equal(200, response.StatusCode);
        var again = Event(response);
        Assert.True(again.Duplicate);
        Assert.Equal((first.EventId, first.ReceivedAt, first.Timestamp), (again.EventId, again.ReceivedAt, again.Timestamp));
    }

    [Fact]
    public async Task ADuplicateEventIsStoredOnce()
    {
        await Post(Body);
        await Post(Body);

        Assert.Single(_ingest.Store.StoredEvents);
    }

    [Fact]
    public async Task ADuplicateIsNotCountedTwiceInTheState()
    {
        await Post(Body);
        await Post(Body);

        Assert.Equal(1, _ingest.State("PKG-1")!.EventCount);
    }

    [Fact]
    public async Task ADuplicateInAnotherSpellingIsStillADuplicate()
    {
        await Post(Body);

        var respelled = """{"metadata":{"weightKg":1.5,"hub":"SEA"},"eventId":"scan-1","location":{"lon":-122.250,"lat":47.50},"timestamp":"2026-11-24T08:15:00Z","status":"in_transit"}""";
        var response = await Post(respelled);

        Assert.Equal(200, response.StatusCode);
        Assert.True(Event(response).Duplicate);
    }

    [Fact]
    public async Task TheSameEventIdWithDifferentContentIsAConflict()
    {
        await Post(Body);

        var response = await Post(Body.Replace("in_transit", "delivered", StringComparison.Ordinal));

        Assert.Equal(409, response.StatusCode);
        var problem = Problem(response);
        Assert.Equal(ProblemTypes.EventConflict.Uri, problem.Type);
        Assert.Contains("scan-1", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConflictLeavesTheStoredEventUnchanged()
    {
        await Post(Body);

        await Post(Body.Replace("in_transit", "delivered", StringComparison.Ordinal));

        Assert.Equal("in_transit", Assert.Single(_ingest.Store.StoredEvents).Status);
        Assert.Equal("in_transit", _ingest.State("PKG-1")!.Status);
    }

    [Fact]
    public async Task TheSameEventIdUnderAnotherPackageIsAnotherEvent()
    {
        await Post(Body);

        var response = await Post(Body, trackingId: "PKG-2");

        Assert.Equal(201, response.StatusCode);
        Assert.Equal(2, _ingest.Store.StoredEvents.Count);
    }

    [Fact]
    public async Task WithoutAnEventIdOneIsDerivedFromTheContent()
    {
        var created = Event(await Post("""{"status":"pending","timestamp":"2026-11-24T08:00:00Z"}"""));

        Assert.Matches("^auto-[0-9a-f]{32}$", created.EventId);
    }

    [Fact]
    public async Task TheSameContentWithoutEventIdTwiceIsADuplicate()
    {
        await Post("""{"status":"pending","timestamp":"2026-11-24T08:00:00Z"}""");

        var response = await Post("""{"timestamp":"2026-11-24T08:00:00.000Z","status":"pending"}""");

        Assert.Equal(200, response.StatusCode);
        Assert.True(Event(response).Duplicate);
        Assert.Single(_ingest.Store.StoredEvents);
    }

    [Fact]
    public async Task DifferentContentWithoutEventIdIsANewEvent()
    {
        await Post("""{"status":"pending","timestamp":"2026-11-24T08:00:00Z"}""");

        var response = await Post("""{"status":"pending","timestamp":"2026-11-24T08:00:01Z"}""");

        Assert.Equal(201, response.StatusCode);
        Assert.Equal(2, _ingest.Store.StoredEvents.Count);
    }

    [Fact]
    public async Task TheFirstEventCreatesTheState()
    {
        await Post(Body);

        var state = _ingest.State("PKG-1")!;
        Assert.Equal(("in_transit", "scan-1", "2026-11-24T08:15:00Z", 1L), (state.Status, state.EventId, state.Timestamp, state.EventCount));
        Assert.Equal(("2026-11-24T12:00:00Z", "2026-11-24T12:00:00Z"), (state.FirstSeen, state.UpdatedAt));
        Assert.Equal((47.5, -122.25), (state.Location!.Lat, state.Location.Lon));
    }

    [Fact]
    public async Task ANewerEventMovesTheState()
    {
        await Post("""{"status":"in_transit","timestamp":"2026-11-24T08:00:00Z","eventId":"a"}""");

        await Post("""{"status":"delivered","timestamp":"2026-11-24T10:00:00Z","eventId":"b"}""");

        var state = _ingest.State("PKG-1")!;
        Assert.Equal(("delivered", "b", 2L), (state.Status, state.EventId, state.EventCount));
    }

    [Fact]
    public async Task AnOlderEventArrivingLateNeverOverwritesANewerStateButIsCounted()
    {
        await Post("""{"status":"delivered","timestamp":"2026-11-24T10:00:00Z","eventId":"late-2"}""");

        var response = await Post("""{"status":"in_transit","timestamp":"2026-11-24T08:00:00Z","eventId":"early-1"}""");

        Assert.Equal(201, response.StatusCode);
        var state = _ingest.State("PKG-1")!;
        Assert.Equal(("delivered", "late-2", "2026-11-24T10:00:00Z", 2L), (state.Status, state.EventId, state.Timestamp, state.EventCount));
    }

    [Fact]
    public async Task EventsAtTheSameInstantConvergeOnTheHigherEventIdWhateverTheArrivalOrder()
    {
        using var other = new IngestHarness();
        const string a = """{"status":"in_transit","timestamp":"2026-11-24T08:00:00Z","eventId":"a"}""";
        const string b = """{"status":"failed","timestamp":"2026-11-24T08:00:00Z","eventId":"b"}""";

        await Post(a);
        await Post(b);
        await other.InvokeAsync(ProxyEvent.PostEvent("PKG-1", b));
        await other.InvokeAsync(ProxyEvent.PostEvent("PKG-1", a));

        Assert.Equal("b", _ingest.State("PKG-1")!.EventId);
        Assert.Equal("b", other.State("PKG-1")!.EventId);
    }

    [Fact]
    public async Task ANewerEventWithoutLocationClearsTheStateLocation()
    {
        await Post(Body);

        await Post("""{"status":"delivered","timestamp":"2026-11-24T11:00:00Z","eventId":"b"}""");

        Assert.Null(_ingest.State("PKG-1")!.Location);
    }

    [Fact]
    public async Task ADuplicateRestoresAStateThatWasNeverWrittenWithoutCountingTheEvent()
    {
        // A crash between the event put and the state update: the partner's retry must heal the state. Only the
        // write that stored the event counts it (a concurrent retry counting too would double it), so here the
        // count stays short by this event: the documented cost of having no transactions.
        _ingest.Store.Fault = call => call == StoreCall.UpdateState ? new IOException("crashed after storing the event") : null;
        await Post(Body);
        _ingest.Store.Fault = null;

        await Post(Body);

        var state = _ingest.State("PKG-1")!;
        Assert.Equal(("scan-1", 0L), (state.EventId, state.EventCount));
    }
}
