using System.Text.Json;
using Tracking.Contracts.Json;
using Tracking.Functions.Resilience;
using Tracking.Ingest.Retry;

namespace Tracking.Functions.Tests.Retry;

/// <summary>When the write path queues an update (202) instead of writing it, and what it answers.</summary>
public sealed class AcceptedUpdateTests : IDisposable
{
    private const string Update = """{"status":"in_transit","timestamp":"2026-11-24T08:00:00Z","eventId":"scan-1"}""";
    private readonly ConsumerHarness _ingest = new();

    public void Dispose() => _ingest.Dispose();

    private static string Batch(params string[] items) => $$"""{"events":[{{string.Join(",", items)}}]}""";

    private static string Item(string trackingId, string eventId) => $$"""{"trackingId":"{{trackingId}}","status":"in_transit","timestamp":"2026-11-24T08:00:00Z","eventId":"{{eventId}}"}""";

    [Fact]
    public async Task AThrottledWriteIsQueuedAndAnswered202WithTheIdsAndALocation()
    {
        _ingest.Store.Fault = _ => StoreFaults.Throttled();

        var response = await _ingest.InvokeApiAsync(ProxyEvent.PostEvent("PKG-1", Update));

        Assert.Equal(202, response.StatusCode);
        var body = JsonSerializer.Deserialize(response.Body!, ContractsJsonContext.Default.AcceptedEventResponse)!;
        Assert.Equal(("PKG-1", "scan-1", "accepted"), (body.TrackingId, body.EventId, body.Result));
        Assert.Equal("/test/v1/tracking/PKG-1/events/scan-1", response.Headers!["location"]);
        var queued = Assert.Single(_ingest.Queue.Enqueued);
        Assert.Contains("\"eventId\":\"scan-1\"", queued, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStorageUnavailableExceptionFromTheStoreIsQueued()
    {
        _ingest.Store.Fault = _ => new StorageUnavailableException(StorageFault.Failed, "reset", new HttpRequestException("reset"));

        var response = await _ingest.InvokeApiAsync(ProxyEvent.PostEvent("PKG-1", Update));

        Assert.Equal(202, response.StatusCode);
        Assert.Single(_ingest.Queue.Enqueued);
    }

    [Fact]
    public async Task AWriteStalledUntilTheBudgetRunsOutIsQueuedAndAnswered202()
    {
        using var ingest = new ConsumerHarness(new StalledStore(), TimeProvider.System);

        // The store never answers: only the budget taken from the 1.5 s deadline ends the write. The wait bound is
        // generous on purpose (a loaded CI machine must not fail it); without the budget the call never returns.
        var response = await ingest.InvokeApiAsync(ProxyEvent.PostEvent("PKG-1", Update), deadline: TimeSpan.FromSeconds(1.5)).WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(202, response.StatusCode);
        Assert.Single(ingest.Queue.Enqueued);
    }

    [Fact]
    public async Task WhenTheQueueFailsTooTheAnswerIs503WithRetryAfter()
    {
        _ingest.Store.Fault = _ => StoreFaults.Throttled();
        _ingest.Queue.Fault = new QueueUnavailableException("sqs down");

        var response = await _ingest.InvokeApiAsync(ProxyEvent.PostEvent("PKG-1", Update));

        Assert.Equal(503, response.StatusCode);
        Assert.Equal("2", response.Headers!["retry-after"]);
        Assert.Equal(ProblemTypes.StorageUnavailable.Uri, IngestHarness.Problem(response).Type);
    }

    [Fact]
    public async Task AWriteTheTableRefusesAsInvalidIsNotQueued()
    {
        _ingest.Store.Fault = _ => new Amazon.DynamoDBv2.AmazonDynamoDBException("bad request") { ErrorCode = "ValidationException", StatusCode = System.Net.HttpStatusCode.BadRequest };

        var response = await _ingest.InvokeApiAsync(ProxyEvent.PostEvent("PKG-1", Update));

        Assert.Equal(500, response.StatusCode);
        Assert.Empty(_ingest.Queue.Enqueued);
    }

    [Fact]
    public async Task RespondAsyncQueuesAValidUpdateWithoutTouchingTheTable()
    {
        var response = await _ingest.InvokeApiAsync(ProxyEvent.PostEvent("PKG-1", Update) with { Prefer = "respond-async, wait=5" });

        Assert.Equal(202, response.StatusCode);
        Assert.Equal("respond-async", response.Headers!["preference-applied"]);
        Assert.Single(_ingest.Queue.Enqueued);
        Assert.Empty(_ingest.Store.Calls);
    }

    [Fact]
    public async Task RespondAsyncStillAnswersAnInvalidUpdateAtOnce()
    {
        var response = await _ingest.InvokeApiAsync(ProxyEvent.PostEvent("PKG-1", """{"status":"teleported"}""") with { Prefer = "respond-async" });

        Assert.Equal(400, response.StatusCode);
        Assert.Empty(_ingest.Queue.Enqueued);
    }

    [Fact]
    public async Task RespondAsyncFallsBackToWritingWhenTheQueueFails()
    {
        _ingest.Queue.Fault = new QueueUnavailableException("sqs down");

        var response = await _ingest.InvokeApiAsync(ProxyEvent.PostEvent("PKG-1", Update) with { Prefer = "respond-async" });

        Assert.Equal(201, response.StatusCode);
    }

    [Fact]
    public async Task ABatchItemThatCannotBeWrittenIsAcceptedAndCounted()
    {
        _ingest.Store.Fault = _ => StoreFaults.Throttled();

        var response = await _ingest.InvokeApiAsync(ProxyEvent.PostBatch(Batch(Item("PKG-1", "a"), """{"trackingId":"PKG-2"}""")));

        Assert.Equal(200, response.StatusCode);
        var batch = IngestHarness.Batch(response);
        Assert.Equal([BatchOutcome.Accepted, BatchOutcome.Invalid], batch.Items.Select(i => i.Result));
        Assert.Equal(202, batch.Items[0].Status);
        Assert.Equal((1, 1), (batch.Accepted, batch.Invalid));
    }

    [Fact]
    public async Task ARespondAsyncBatchQueuesEveryValidItemAndAnswersInvalidOnesAtOnce()
    {
        var response = await _ingest.InvokeApiAsync(ProxyEvent.PostBatch(Batch(Item("PKG-1", "a"), """{"trackingId":"PKG-2"}""", Item("PKG-3", "b"))) with { Prefer = "respond-async" });

        Assert.Equal(202, response.StatusCode);
        Assert.Equal("respond-async", response.Headers!["preference-applied"]);
        Assert.Equal([BatchOutcome.Accepted, BatchOutcome.Invalid, BatchOutcome.Accepted], IngestHarness.Batch(response).Items.Select(i => i.Result));
        Assert.Equal(2, _ingest.Queue.Enqueued.Count);
        Assert.Empty(_ingest.Store.Calls);
    }

    [Fact]
    public async Task ARespondAsyncBatchWhoseQueueFailsIsWrittenAndAnswered200WithoutPreferenceApplied()
    {
        _ingest.Queue.Fault = new QueueUnavailableException("sqs down");

        var response = await _ingest.InvokeApiAsync(ProxyEvent.PostBatch(Batch(Item("PKG-1", "a"))) with { Prefer = "respond-async" });

        Assert.Equal(200, response.StatusCode);
        Assert.False(response.Headers!.ContainsKey("preference-applied"));
        Assert.Equal([BatchOutcome.Created], IngestHarness.Batch(response).Items.Select(i => i.Result));
    }

    [Fact]
    public async Task ABatchWhoseItemsCanBeNeitherWrittenNorQueuedIs503()
    {
        _ingest.Store.Fault = _ => StoreFaults.Throttled();
        _ingest.Queue.Fault = new QueueUnavailableException("sqs down");

        var response = await _ingest.InvokeApiAsync(ProxyEvent.PostBatch(Batch(Item("PKG-1", "a"))));

        Assert.Equal(503, response.StatusCode);
        Assert.NotNull(response.Headers!["retry-after"]);
    }

    [Fact]
    public async Task AnAcceptedUpdateIsCountedAsUpdatesAccepted()
    {
        await _ingest.InvokeApiAsync(ProxyEvent.PostEvent("PKG-1", Update) with { Prefer = "respond-async" });

        var line = System.Text.Encoding.UTF8.GetString(_ingest.Metrics.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).Single(l => l.TryGetProperty("UpdatesAccepted", out _));
        Assert.Equal(1, line.GetProperty("UpdatesAccepted").GetInt32());
        Assert.Equal("ingest", line.GetProperty("Service").GetString());
    }

    [Fact]
    public async Task AQueuedUpdateWithoutAnEventIdIsAppliedUnderTheIdThe202Promised()
    {
        var response = await _ingest.InvokeApiAsync(ProxyEvent.PostEvent("PKG-1", """{"status":"pending","timestamp":"2026-11-24T08:00:00Z","metadata":{"hub":"SEA"}}""") with { Prefer = "respond-async" });
        var promised = JsonSerializer.Deserialize(response.Body!, ContractsJsonContext.Default.AcceptedEventResponse)!.EventId;

        var failed = await _ingest.ConsumeQueuedAsync();

        Assert.Empty(failed);
        var stored = Assert.Single(_ingest.Store.StoredEvents);
        Assert.Equal((promised, "acme"), (stored.EventId, stored.Source));
    }

    [Fact]
    public async Task AQueuedUpdateAppliedAfterItsSynchronousTwinIsADuplicateNotASecondEvent()
    {
        await _ingest.InvokeApiAsync(ProxyEvent.PostEvent("PKG-1", Update) with { Prefer = "respond-async" });
        await _ingest.InvokeApiAsync(ProxyEvent.PostEvent("PKG-1", Update));

        await _ingest.ConsumeQueuedAsync();

        Assert.Single(_ingest.Store.StoredEvents);
        Assert.Equal(1, _ingest.State("PKG-1")!.EventCount);
    }

}
