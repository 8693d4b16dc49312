using Tracking.LocalStack;
using Tracking.LocalStack.Faults;
using Tracking.LocalStack.Hosting;
using Tracking.LocalStack.Sqs;

namespace Tracking.Integration.Tests.Retry;

/// <summary>
/// The retry path across its real parts: ingest (wired as Program.cs wires it) on dynalite behind the fault proxy,
/// the real AWS SDK's SQS client talking to the local SQS endpoint, and the same ingest handler answering the SQS
/// events built from what that queue holds (queued updates, and erasures left in progress), deleting what succeeded as
/// the event source mapping does.
/// </summary>
[Collection(DynaliteCollection.Name)]
public sealed class RetryQueueTests(DynaliteFixture fixture) : IAsyncLifetime, IDisposable
{
    private const int Always = 1000;
    private static readonly Dictionary<string, string> RespondAsync = new() { ["Prefer"] = "respond-async" };

    private DynamoDbFaultProxy _proxy = null!;
    private LocalRetryPath _queues = null!;
    private Api _api = null!;

    public async Task InitializeAsync()
    {
        _proxy = await DynamoDbFaultProxy.StartAsync(fixture.Endpoint);
        _queues = await LocalRetryPath.StartAsync(LocalDefaults.Host, port: 0, functionTimeout: TimeSpan.FromSeconds(10), CancellationToken.None);
        _api = new Api(fixture, endpoint: _proxy.Endpoint.ToString(), retryQueue: _queues.FunctionEnvironment()) { Deadline = TimeSpan.FromSeconds(10) };
    }

    public void Dispose() => _api.Dispose();

    public async Task DisposeAsync()
    {
        await _queues.DisposeAsync();
        await _proxy.DisposeAsync();
    }

    [Fact]
    public async Task AnUpdateDynamoDbThrottlesIsAcceptedOntoTheQueue()
    {
        var trackingId = Events.NewTrackingId("RTQ");

        var reply = await PostWhileThrottledAsync(trackingId);

        Assert.Equal(202, reply.Status);
        Assert.Equal($"/v1/tracking/{trackingId}/events/e1", reply.Header("Location"));
        Assert.Equal(1, _queues.Retry.Count().Visible);
        Assert.Equal(0, await Events.CountStoredEventsAsync(fixture, trackingId));
    }

    [Fact]
    public async Task AnAcceptedUpdateIsAppliedOnceWhenDynamoDbRecovers()
    {
        var trackingId = Events.NewTrackingId("RTQ");
        await PostWhileThrottledAsync(trackingId);
        _proxy.Clear();

        var failed = await DeliverAsync();

        Assert.Empty(failed);
        var state = (await _api.GetStateAsync(trackingId)).Json;
        Assert.Equal("in_transit", state.GetProperty("status").GetString());
        Assert.Equal(1, state.GetProperty("eventCount").GetInt32());
        Assert.Equal(1, await Events.CountStoredEventsAsync(fixture, trackingId));
        Assert.Equal(new QueueCounts(0, 0, 0, null), _queues.Retry.Count());
    }

    [Fact]
    public async Task AMessageDeliveredTwiceStoresOneEventAndCountsItOnce()
    {
        var trackingId = Events.NewTrackingId("RTQ");
        await PostWhileThrottledAsync(trackingId);
        _proxy.Clear();
        var body = Assert.Single(await _queues.Retry.ReceiveAsync(1, TimeSpan.Zero, TimeSpan.Zero, CancellationToken.None)).Message.Body;
        _queues.Retry.Send(body);

        var failed = await DeliverAsync();

        Assert.Empty(failed);
        Assert.Equal(1, await Events.CountStoredEventsAsync(fixture, trackingId));
        Assert.Equal(1, (await _api.GetStateAsync(trackingId)).Json.GetProperty("eventCount").GetInt32());
    }

    [Fact]
    public async Task ABatchSentWithRespondAsyncIsQueuedWithoutTouchingTheTable()
    {
        var trackingId = Events.NewTrackingId("RTQ");

        var reply = await _api.PostBatchAsync(Batch(trackingId), headers: RespondAsync);

        Assert.Equal(202, reply.Status);
        Assert.Equal("respond-async", reply.Header("Preference-Applied"));
        Assert.Equal(3, reply.Json.GetProperty("accepted").GetInt32());
        Assert.Equal(1, reply.Json.GetProperty("invalid").GetInt32());
        Assert.Equal(0, _proxy.CountOf("PutItem"));
        Assert.Equal(3, _queues.Retry.Count().Visible);
    }

    [Fact]
    public async Task EveryValidItemOfARespondAsyncBatchIsAppliedOnce()
    {
        var trackingId = Events.NewTrackingId("RTQ");
        await _api.PostBatchAsync(Batch(trackingId), headers: RespondAsync);

        var failed = await DeliverAsync();

        Assert.Empty(failed);
        var state = (await _api.GetStateAsync(trackingId)).Json;
        Assert.Equal(3, state.GetProperty("eventCount").GetInt32());
        Assert.Equal("delivered", state.GetProperty("status").GetString());
        Assert.Equal(3, await Events.CountStoredEventsAsync(fixture, trackingId));
    }

    [Fact]
    public async Task AQueuedUpdateStillUnwritableIsReportedFailedAndHiddenForItsBackoff()
    {
        var trackingId = Events.NewTrackingId("RTQ");
        await PostWhileThrottledAsync(trackingId);

        var failed = await DeliverAsync();

        Assert.Single(failed);
        var counts = _queues.Retry.Count();
        Assert.Equal((0, 1), (counts.Visible, counts.InFlight));
        Assert.Equal(0, await Events.CountStoredEventsAsync(fixture, trackingId));
    }

    [Fact]
    public async Task AnErasureTooLargeForItsCallIsFinishedFromTheQueue()
    {
        var trackingId = Events.NewTrackingId("ERQ");
        await BulkEvents.SeedAsync(fixture, trackingId, 450);
        // Every batch delete takes 1.5 s: the call's 5 s of work ends with events left.
        _proxy.Inject("BatchWriteItem", Fault.Delay(TimeSpan.FromSeconds(1.5)), times: Always);
        var erased = await _api.EraseAsync(trackingId);
        _proxy.Clear();
        Assert.Equal((202, true), (erased.Status, erased.Json.GetProperty("continuing").GetBoolean()));

        var failed = await DeliverAsync();

        Assert.Empty(failed);
        Assert.Equal(0, await Events.CountStoredEventsAsync(fixture, trackingId));
        Assert.Equal(204, (await _api.EraseAsync(trackingId)).Status);
        Assert.Equal(new QueueCounts(0, 0, 0, null), _queues.Retry.Count());
    }

    /// <summary>One update (event e1) posted while DynamoDB throttles every PutItem; the throttling stays on.</summary>
    private async Task<Reply> PostWhileThrottledAsync(string trackingId)
    {
        _proxy.Inject("PutItem", Fault.Throttling, times: Always);
        return await _api.PostEventAsync(trackingId, Events.Json("in_transit", Events.At(1), eventId: "e1"));
    }

    /// <summary>Three valid updates (the newest delivered, sent second) and one without a status.</summary>
    private static string Batch(string trackingId) => "{\"events\":[" + string.Join(",",
        Events.Json("pending", Events.At(1), eventId: "b1", trackingId: trackingId),
        Events.Json("delivered", Events.At(3), eventId: "b3", trackingId: trackingId),
        Events.Json("in_transit", Events.At(2), eventId: "b2", trackingId: trackingId),
        $"{{\"trackingId\":\"{trackingId}\",\"timestamp\":\"{Events.At(4)}\"}}") + "]}";

    /// <summary>One receive of everything visible, handed to ingest as Lambda's SQS poller would; successes deleted.</summary>
    private async Task<IReadOnlySet<string>> DeliverAsync()
    {
        var batch = await _queues.Retry.ReceiveAsync(10, visibilityTimeout: null, wait: TimeSpan.Zero, CancellationToken.None);
        Assert.NotEmpty(batch);
        var response = await _api.InvokeIngestAsync(SqsEventPayload.Build(batch, _queues.Retry.Arn, LocalDefaults.Region));
        var failed = SqsEventPayload.FailedIds(response, batch);
        foreach (var message in batch.Where(m => !failed.Contains(m.Message.MessageId))) _queues.Retry.Delete(message.ReceiptHandle);
        return failed;
    }
}
