using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Tracking.Contracts.Json;
using Tracking.Contracts.Storage;

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
    public async Task A_throttled_write_is_queued_and_answered_202_with_the_ids_and_a_location()
    {
        _ingest.Db.Fault = _ => new ProvisionedThroughputExceededException("Rate exceeded");

        var response = await _ingest.InvokeApiAsync(ProxyEvent.PostEvent("PKG-1", Update));

        Assert.Equal(202, response.StatusCode);
        var body = JsonSerializer.Deserialize(response.Body!, ContractsJsonContext.Default.AcceptedEventResponse)!;
        Assert.Equal(("PKG-1", "scan-1", "accepted"), (body.TrackingId, body.EventId, body.Result));
        Assert.Equal("/test/v1/tracking/PKG-1/events/scan-1", response.Headers!["location"]);
        var queued = Assert.Single(_ingest.Queue.Enqueued);
        Assert.Contains("\"eventId\":\"scan-1\"", queued, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_table_is_queued_too()
    {
        _ingest.Db.Fault = _ => new HttpRequestException("connection refused");

        var response = await _ingest.InvokeApiAsync(ProxyEvent.PostEvent("PKG-1", Update));

        Assert.Equal(202, response.StatusCode);
    }

    [Fact]
    public async Task When_the_queue_fails_too_the_answer_is_503_with_retry_after()
    {
        _ingest.Db.Fault = _ => new ProvisionedThroughputExceededException("Rate exceeded");
        _ingest.Queue.Fault = new HttpRequestException("sqs down");

        var response = await _ingest.InvokeApiAsync(ProxyEvent.PostEvent("PKG-1", Update));

        Assert.Equal(503, response.StatusCode);
        Assert.Equal("2", response.Headers!["retry-after"]);
    }

    [Fact]
    public async Task A_write_the_table_refuses_as_invalid_is_not_queued()
    {
        _ingest.Db.Fault = _ => new Amazon.DynamoDBv2.AmazonDynamoDBException("bad request") { ErrorCode = "ValidationException", StatusCode = System.Net.HttpStatusCode.BadRequest };

        var response = await _ingest.InvokeApiAsync(ProxyEvent.PostEvent("PKG-1", Update));

        Assert.Equal(500, response.StatusCode);
        Assert.Empty(_ingest.Queue.Enqueued);
    }

    [Fact]
    public async Task Respond_async_queues_a_valid_update_without_touching_the_table()
    {
        var response = await _ingest.InvokeApiAsync(ProxyEvent.PostEvent("PKG-1", Update) with { Prefer = "respond-async, wait=5" });

        Assert.Equal(202, response.StatusCode);
        Assert.Equal("respond-async", response.Headers!["preference-applied"]);
        Assert.Single(_ingest.Queue.Enqueued);
        Assert.Empty(_ingest.Db.Calls);
    }

    [Fact]
    public async Task Respond_async_still_answers_an_invalid_update_at_once()
    {
        var response = await _ingest.InvokeApiAsync(ProxyEvent.PostEvent("PKG-1", """{"status":"teleported"}""") with { Prefer = "respond-async" });

        Assert.Equal(400, response.StatusCode);
        Assert.Empty(_ingest.Queue.Enqueued);
    }

    [Fact]
    public async Task Respond_async_falls_back_to_writing_when_the_queue_fails()
    {
        _ingest.Queue.Fault = new HttpRequestException("sqs down");

        var response = await _ingest.InvokeApiAsync(ProxyEvent.PostEvent("PKG-1", Update) with { Prefer = "respond-async" });

        Assert.Equal(201, response.StatusCode);
    }

    [Fact]
    public async Task A_batch_item_that_cannot_be_written_is_accepted_and_counted()
    {
        _ingest.Db.Fault = _ => new ProvisionedThroughputExceededException("Rate exceeded");

        var response = await _ingest.InvokeApiAsync(ProxyEvent.PostBatch(Batch(Item("PKG-1", "a"), """{"trackingId":"PKG-2"}""")));

        Assert.Equal(200, response.StatusCode);
        var batch = IngestHarness.Batch(response);
        Assert.Equal([BatchOutcome.Accepted, BatchOutcome.Invalid], batch.Items.Select(i => i.Result));
        Assert.Equal(202, batch.Items[0].Status);
        Assert.Equal((1, 1), (batch.Accepted, batch.Invalid));
    }

    [Fact]
    public async Task A_respond_async_batch_queues_every_valid_item_and_answers_invalid_ones_at_once()
    {
        var response = await _ingest.InvokeApiAsync(ProxyEvent.PostBatch(Batch(Item("PKG-1", "a"), """{"trackingId":"PKG-2"}""", Item("PKG-3", "b"))) with { Prefer = "respond-async" });

        Assert.Equal(202, response.StatusCode);
        Assert.Equal("respond-async", response.Headers!["preference-applied"]);
        Assert.Equal([BatchOutcome.Accepted, BatchOutcome.Invalid, BatchOutcome.Accepted], IngestHarness.Batch(response).Items.Select(i => i.Result));
        Assert.Equal(2, _ingest.Queue.Enqueued.Count);
        Assert.Empty(_ingest.Db.Calls);
    }

    [Fact]
    public async Task A_batch_whose_items_can_be_neither_written_nor_queued_is_503()
    {
        _ingest.Db.Fault = _ => new ProvisionedThroughputExceededException("Rate exceeded");
        _ingest.Queue.Fault = new HttpRequestException("sqs down");

        var response = await _ingest.InvokeApiAsync(ProxyEvent.PostBatch(Batch(Item("PKG-1", "a"))));

        Assert.Equal(503, response.StatusCode);
        Assert.NotNull(response.Headers!["retry-after"]);
    }

    [Fact]
    public async Task An_accepted_update_is_counted_as_UpdatesAccepted()
    {
        await _ingest.InvokeApiAsync(ProxyEvent.PostEvent("PKG-1", Update) with { Prefer = "respond-async" });

        var line = System.Text.Encoding.UTF8.GetString(_ingest.Metrics.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).Single(l => l.TryGetProperty("UpdatesAccepted", out _));
        Assert.Equal(1, line.GetProperty("UpdatesAccepted").GetInt32());
        Assert.Equal("ingest", line.GetProperty("Service").GetString());
    }

    [Fact]
    public async Task A_queued_update_without_an_event_id_is_applied_under_the_id_the_202_promised()
    {
        var response = await _ingest.InvokeApiAsync(ProxyEvent.PostEvent("PKG-1", """{"status":"pending","timestamp":"2026-11-24T08:00:00Z","metadata":{"hub":"SEA"}}""") with { Prefer = "respond-async" });
        var promised = JsonSerializer.Deserialize(response.Body!, ContractsJsonContext.Default.AcceptedEventResponse)!.EventId;

        var failed = await _ingest.ConsumeQueuedAsync();

        Assert.Empty(failed);
        var stored = Assert.Single(_ingest.Db.EventItems);
        Assert.Equal(TrackingTable.EventKey(promised), stored[TrackingTable.SortKey].S);
        Assert.Equal("acme", stored[ItemAttributes.Source].S);
    }

    [Fact]
    public async Task A_queued_update_applied_after_its_synchronous_twin_is_a_duplicate_not_a_second_event()
    {
        await _ingest.InvokeApiAsync(ProxyEvent.PostEvent("PKG-1", Update) with { Prefer = "respond-async" });
        await _ingest.InvokeApiAsync(ProxyEvent.PostEvent("PKG-1", Update));

        await _ingest.ConsumeQueuedAsync();

        Assert.Single(_ingest.Db.EventItems);
        Assert.Equal("1", _ingest.Db.State("PKG-1")![ItemAttributes.EventCount].N);
    }
}
