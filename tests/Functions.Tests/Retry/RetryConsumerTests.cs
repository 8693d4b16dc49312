using Tracking.Ingest.Retry;

namespace Tracking.Functions.Tests.Retry;

/// <summary>What the retry consumer does with each kind of queued message.</summary>
public sealed class RetryConsumerTests : IDisposable
{
    private readonly ConsumerHarness _consumer = new();

    public void Dispose() => _consumer.Dispose();

    [Fact]
    public async Task AQueuedUpdateIsStoredAndNotReportedFailed()
    {
        var failed = await _consumer.ConsumeAsync(1, ConsumerHarness.Message());

        Assert.Empty(failed);
        var stored = Assert.Single(_consumer.Store.StoredEvents);
        Assert.Equal("acme", stored.Source);
        Assert.Equal(1, _consumer.State("PKG-1")!.EventCount);
        Assert.Equal(1, _consumer.LastMetrics().GetProperty("RetriesApplied").GetInt32());
    }

    [Fact]
    public async Task ApplyingTheSameMessageTwiceStoresOneEventAndCountsItOnce()
    {
        await _consumer.ConsumeAsync(1, ConsumerHarness.Message());

        var failed = await _consumer.ConsumeAsync(2, ConsumerHarness.Message());

        Assert.Empty(failed);
        Assert.Single(_consumer.Store.StoredEvents);
        Assert.Equal(1, _consumer.State("PKG-1")!.EventCount);
    }

    [Fact]
    public async Task AnOlderQueuedUpdateDoesNotReplaceANewerState()
    {
        await _consumer.ConsumeAsync(1, ConsumerHarness.Message(eventId: "new", status: "delivered", timestamp: "2026-11-24T10:00:00Z"));

        await _consumer.ConsumeAsync(1, ConsumerHarness.Message(eventId: "old", status: "in_transit", timestamp: "2026-11-24T08:00:00Z"));

        Assert.Equal("delivered", _consumer.State("PKG-1")!.Status);
        Assert.Equal(2, _consumer.State("PKG-1")!.EventCount);
    }

    [Fact]
    public async Task AConflictingUpdateIsLoggedAndCountedButNotRetried()
    {
        await _consumer.ConsumeAsync(1, ConsumerHarness.Message(status: "in_transit"));

        var failed = await _consumer.ConsumeAsync(1, ConsumerHarness.Message(status: "delivered"));

        Assert.Empty(failed);
        Assert.Equal(1, _consumer.LastMetrics().GetProperty("RetryConflicts").GetInt32());
        Assert.Contains("\"kind\":\"RetryConflict\"", _consumer.Log.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"eventId\":\"scan-1\"", _consumer.Log.ToString(), StringComparison.Ordinal);
        Assert.Equal("in_transit", _consumer.State("PKG-1")!.Status);
    }

    [Fact]
    public async Task AnUpdateQueuedForAPackageErasedMeanwhileIsRefusedNotStoredAndNotRetried()
    {
        await _consumer.ConsumeAsync(1, ConsumerHarness.Message(eventId: "first"));
        await _consumer.Store.EraseAsync("PKG-1", DateTime.UtcNow, TimeSpan.FromSeconds(5), new Observability.RequestMetrics(), CancellationToken.None);

        var failed = await _consumer.ConsumeAsync(1, ConsumerHarness.Message(eventId: "late"));

        Assert.Empty(failed);
        Assert.Empty(_consumer.Store.StoredEvents);
        Assert.Equal(0, _consumer.LastMetrics().GetProperty("RetriesApplied").GetInt32());
        Assert.Contains("the package was erased", _consumer.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreadableMessageGoesToTheDeadLetterQueueOnItsFirstReceive()
    {
        var failed = await _consumer.ConsumeAsync(1, "not json at all");

        Assert.Empty(failed);
        Assert.Equal(["not json at all"], _consumer.Queue.DeadLetters);
        Assert.Equal(1, _consumer.LastMetrics().GetProperty("DeadLettered").GetInt32());
        Assert.Empty(_consumer.Store.Calls);
    }

    [Fact]
    public async Task AMessageWhoseUpdateNoLongerPassesValidationGoesToTheDeadLetterQueue()
    {
        var invalid = ConsumerHarness.Message(status: "teleported");

        var failed = await _consumer.ConsumeAsync(1, invalid);

        Assert.Empty(failed);
        Assert.Equal([invalid], _consumer.Queue.DeadLetters);
    }

    [Fact]
    public async Task AMessageOfAnUnknownVersionGoesToTheDeadLetterQueue()
    {
        var future = ConsumerHarness.Message().Replace("\"v\":1", "\"v\":2", StringComparison.Ordinal);

        await _consumer.ConsumeAsync(1, future);

        Assert.Equal([future], _consumer.Queue.DeadLetters);
    }

    [Fact]
    public async Task AThrottledTableReportsTheMessageFailedAndBacksOffForItsReceiveCount()
    {
        _consumer.Store.Fault = _ => StoreFaults.Throttled();

        var failed = await _consumer.ConsumeAsync(3, ConsumerHarness.Message());

        Assert.Equal(["m0"], failed);
        Assert.Equal([("handle-0", TimeSpan.FromSeconds(80))], _consumer.Queue.Delays);
        Assert.Equal(1, _consumer.LastMetrics().GetProperty("RetryFailures").GetInt32());
    }

    [Fact]
    public async Task AfterTheTableFailsOnceTheRestOfTheBatchFailsWithoutCallingIt()
    {
        _consumer.Store.Fault = _ => StoreFaults.Unreachable();

        var failed = await _consumer.ConsumeAsync(1, ConsumerHarness.Message(eventId: "a"), ConsumerHarness.Message(eventId: "b"), ConsumerHarness.Message(eventId: "c"));

        Assert.Equal(["m0", "m1", "m2"], failed);
        Assert.Single(_consumer.Store.Calls);
    }

    [Fact]
    public async Task AStalledTableFailsTheBatchWhenTheBudgetRunsOut()
    {
        using var consumer = new ConsumerHarness(new StalledStore(), TimeProvider.System);

        // The store never answers: only the budget taken from the 1.5 s deadline ends the batch. The wait bound is
        // generous on purpose (a loaded CI machine must not fail it); without the budget the call never returns.
        var failed = await consumer.ConsumeAsync(1, TimeSpan.FromSeconds(1.5), ConsumerHarness.Message(eventId: "a"), ConsumerHarness.Message(eventId: "b"))
            .WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(["m0", "m1"], failed);
    }

    [Fact]
    public async Task AFailureOnTheLastAllowedReceiveIsCountedAsDeadLettered()
    {
        _consumer.Store.Fault = _ => StoreFaults.Throttled();

        await _consumer.ConsumeAsync(ConsumerHarness.Retry.MaxReceives, ConsumerHarness.Message());

        Assert.Equal(1, _consumer.LastMetrics().GetProperty("DeadLettered").GetInt32());
        Assert.Contains("goes to the dead-letter queue", _consumer.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailingQueueDoesNotLoseTheFailureReport()
    {
        _consumer.Store.Fault = _ => StoreFaults.Throttled();
        _consumer.Queue.Fault = new QueueUnavailableException("sqs down");

        var failed = await _consumer.ConsumeAsync(1, ConsumerHarness.Message());

        Assert.Equal(["m0"], failed);
    }

    [Fact]
    public async Task AnUnreadableMessageThatCannotBeDeadLetteredIsRetried()
    {
        _consumer.Queue.Fault = new QueueUnavailableException("sqs down");

        var failed = await _consumer.ConsumeAsync(1, "garbage");

        Assert.Equal(["m0"], failed);
    }

    [Fact]
    public async Task TheMetricsLineIsEmfForTheRetryService()
    {
        await _consumer.ConsumeAsync(1, ConsumerHarness.Message());

        var line = _consumer.LastMetrics();
        Assert.Equal("retry", line.GetProperty("Service").GetString());
        var names = line.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").EnumerateArray().Select(m => m.GetProperty("Name").GetString());
        Assert.Contains("RetriesApplied", names);
        Assert.Contains("DeadLettered", names);
        Assert.Contains("RetryConflicts", names);
    }

}
