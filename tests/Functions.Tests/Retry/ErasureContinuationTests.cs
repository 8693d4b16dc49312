using Tracking.Contracts.Json;
using Tracking.Functions.Observability;
using Tracking.Functions.Privacy;
using Tracking.Functions.Storage;
using Tracking.Ingest.Retry;

namespace Tracking.Functions.Tests.Retry;

/// <summary>An erasure the API cannot finish within its call is queued, and the retry consumer finishes it.</summary>
public sealed class ErasureContinuationTests : IDisposable
{
    private const string Id = "PKG-ERASE";
    private readonly ConsumerHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private static ProxyEvent Delete() => new(ApiRoutes.Tracking, $"/v1/tracking/{Id}", "DELETE", null, ProxyEvent.AdminKey, ContentType: null, TrackingId: Id);

    /// <summary>Stores <paramref name="events"/> events, then lets each erasure call or round delete one batch of 25.</summary>
    private async Task SeedAsync(int events)
    {
        for (var i = 0; i < events; i++)
        {
            var body = $$"""{"status":"in_transit","timestamp":"2026-11-24T08:{{i % 60:D2}}:00Z","eventId":"e-{{i:D3}}"}""";
            await _harness.InvokeApiAsync(ProxyEvent.PostEvent(Id, body));
        }
        _harness.Store.MaxEraseBatchesPerCall = 1;
    }

    private List<AuditRecord> Audit()
        => _harness.Store.ReadAuditAsync(PackageAccess.AuditSubject(IngestHarness.Settings().Privacy.AuditIdKey, Id), null, 100, new RequestMetrics(), default)
            .GetAwaiter().GetResult().Items;

    [Fact]
    public async Task AnErasureLeftInProgressIsQueuedAndAnsweredAsContinuing()
    {
        await SeedAsync(30);

        var response = await _harness.InvokeApiAsync(Delete());

        Assert.Equal((202, "10"), (response.StatusCode, response.Headers!["retry-after"]));
        Assert.True(IngestHarness.Body(response, ContractsJsonContext.Default.ErasureProgress).Continuing);
        var queued = QueuedErasure.TryRead(Assert.Single(_harness.Queue.Enqueued));
        Assert.Equal((Id, "ops"), (queued?.TrackingId, queued?.Client));
    }

    [Fact]
    public async Task AnErasureThatCannotBeQueuedTellsTheCallerToContinueIt()
    {
        await SeedAsync(30);
        _harness.Queue.Fault = new QueueUnavailableException("sqs down");

        var response = await _harness.InvokeApiAsync(Delete());

        Assert.Equal((202, "1"), (response.StatusCode, response.Headers!["retry-after"]));
        Assert.False(IngestHarness.Body(response, ContractsJsonContext.Default.ErasureProgress).Continuing);
    }

    [Fact]
    public async Task TheConsumerFinishesAQueuedErasure()
    {
        await SeedAsync(30);
        await _harness.InvokeApiAsync(Delete());

        var failed = await _harness.ConsumeQueuedAsync();

        Assert.Empty(failed);
        Assert.Empty(_harness.Store.StoredEvents);
        Assert.Empty(_harness.Queue.Enqueued);
        Assert.Equal(1, _harness.LastMetrics().GetProperty("ErasureRounds").GetInt32());
    }

    [Fact]
    public async Task TheRoundThatFinishesAnErasureAuditsItUnderTheRequestThatAskedForIt()
    {
        await SeedAsync(30);
        await _harness.InvokeApiAsync(Delete());

        await _harness.ConsumeQueuedAsync();

        var audit = Audit();
        var asked = Assert.Single(audit, a => a.Outcome == "in_progress");
        var completed = Assert.Single(audit, a => a.Outcome == "complete");
        Assert.Equal(asked.RequestId, completed.RequestId);
        Assert.Equal(("erase", "ops", 5), (completed.Action, completed.Client, completed.Events));
    }

    [Fact]
    public async Task ARoundThatCannotFinishQueuesAFreshContinuationInsteadOfFailing()
    {
        await SeedAsync(80);
        await _harness.InvokeApiAsync(Delete());

        var failed = await _harness.ConsumeQueuedAsync();

        Assert.Empty(failed);
        Assert.Equal(30, _harness.Store.StoredEvents.Count);
        Assert.Equal(Id, QueuedErasure.TryRead(Assert.Single(_harness.Queue.Enqueued))?.TrackingId);
    }

    [Fact]
    public async Task RoundsContinueUntilAPackageOfAnySizeIsErased()
    {
        await SeedAsync(120);
        await _harness.InvokeApiAsync(Delete());

        var rounds = 0;
        while (_harness.Queue.Enqueued.Count > 0 && rounds < 20)
        {
            Assert.Empty(await _harness.ConsumeQueuedAsync());
            rounds++;
        }

        Assert.Equal(4, rounds);
        Assert.Empty(_harness.Store.StoredEvents);
    }

    [Fact]
    public async Task ARoundThatDeletesNothingIsReportedFailedAndBacksOff()
    {
        await SeedAsync(30);
        await _harness.InvokeApiAsync(Delete());
        _harness.Store.MaxEraseBatchesPerCall = 0;

        var failed = await _harness.ConsumeQueuedAsync();

        Assert.Equal(["m0"], failed);
        Assert.Equal("handle-0", Assert.Single(_harness.Queue.Delays).ReceiptHandle);
        Assert.Equal(5, _harness.Store.StoredEvents.Count);
    }

    [Fact]
    public async Task AnErasureMessageWithAnInvalidTrackingIdGoesToTheDeadLetterQueue()
    {
        const string body = """{"v":1,"kind":"erase","trackingId":"not a tracking id","client":"admin","requestedAt":"2026-11-24T12:00:00.000Z","requestId":"r-1"}""";

        var failed = await _harness.ConsumeAsync(1, body);

        Assert.Empty(failed);
        Assert.Equal(body, Assert.Single(_harness.Queue.DeadLetters));
    }
}
