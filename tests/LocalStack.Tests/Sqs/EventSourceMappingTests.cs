using System.Text.Json;
using Tracking.LocalStack.Runtime;
using Tracking.LocalStack.Sqs;
using Tracking.LocalStack.Tests.Support;

namespace Tracking.LocalStack.Tests.Sqs;

#pragma warning disable CA1001 // xunit disposes through IAsyncLifetime.DisposeAsync
/// <summary>The event source mapping emulator against a real process (FakeFunction in its SQS-consumer role).</summary>
public sealed class EventSourceMappingTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly string _eventsFile = Path.Combine(Path.GetTempPath(), $"esm-events-{Guid.NewGuid():N}.jsonl");
    private readonly SqsBroker _broker = new();
    private SqsQueueState _retry = null!;
    private SqsQueueState _deadLetters = null!;
    private FunctionHost _function = null!;
    private EventSourceMapping _mapping = null!;

    public async Task InitializeAsync()
    {
        (_retry, _deadLetters) = _broker.CreateRetryQueues("esm-test", visibilityTimeoutSeconds: 1, maxReceiveCount: 2);
        _function = await FakeFunction.StartAsync(FakeFunction.Options("_retry",
            environment: new() { ["AWS_LAMBDA_FUNCTION_NAME"] = "_retry", ["FAKE_EVENTS_FILE"] = _eventsFile }));
        _mapping = new EventSourceMapping(_retry, _function, new EventSourceMappingOptions
        {
            BatchSize = 10, MaximumConcurrency = 1, WaitTime = TimeSpan.FromMilliseconds(200), ErrorBackoff = TimeSpan.FromMilliseconds(50),
        });
    }

    public async Task DisposeAsync()
    {
        await _mapping.DisposeAsync();
        await _function.DisposeAsync();
        File.Delete(_eventsFile);
    }

    [Fact]
    public async Task TheFunctionReceivesRealSqsEventRecords()
    {
        var sent = _retry.Send("{\"n\":1}");
        _mapping.Start();

        await WaitUntil(() => _mapping.Stats.Deleted == 1);

        var record = Events().Single().GetProperty("Records").EnumerateArray().Single();
        Assert.Equal(sent.MessageId, record.GetProperty("messageId").GetString());
        Assert.Equal("{\"n\":1}", record.GetProperty("body").GetString());
        Assert.Equal("1", record.GetProperty("attributes").GetProperty("ApproximateReceiveCount").GetString());
        Assert.Equal("aws:sqs", record.GetProperty("eventSource").GetString());
        Assert.Equal(_retry.Arn, record.GetProperty("eventSourceARN").GetString());
        Assert.Equal(LocalDefaults.Region, record.GetProperty("awsRegion").GetString());
        Assert.Equal(SqsMessage.Md5Hex("{\"n\":1}"), record.GetProperty("md5OfBody").GetString());
        Assert.False(string.IsNullOrEmpty(record.GetProperty("receiptHandle").GetString()));
    }

    [Fact]
    public async Task SuccessesAreDeletedAndReportedFailuresStayUntilTheDeadLetterQueueTakesThem()
    {
        _retry.Send("ok");
        var failing = _retry.Send("fail");
        _mapping.Start();

        await WaitUntil(() => _deadLetters.Count().Visible == 1);

        Assert.Equal(new QueueCounts(0, 0, 0, null), _retry.Count());
        var dead = Assert.Single(_deadLetters.TryReceive(10, null, out _, out _));
        Assert.Equal(failing.MessageId, dead.Message.MessageId);
        var receiveCounts = Events().SelectMany(e => e.GetProperty("Records").EnumerateArray())
            .Where(r => r.GetProperty("body").GetString() == "fail")
            .Select(r => r.GetProperty("attributes").GetProperty("ApproximateReceiveCount").GetString());
        Assert.Equal(["1", "2"], receiveCounts);
    }

    [Fact]
    public async Task AFailedInvocationLeavesTheWholeBatchInTheQueue()
    {
        _retry.Send("error");
        _mapping.Start();

        await WaitUntil(() => _mapping.Stats.FailedInvocations >= 1);

        Assert.Equal(0, _mapping.Stats.Deleted);
        Assert.Equal(1, _retry.Count().InFlight + _retry.Count().Visible);
    }

    private List<JsonElement> Events()
        => [.. File.ReadAllLines(_eventsFile).Select(line => JsonDocument.Parse(line).RootElement.Clone())];

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met in time");
            await Task.Delay(50);
        }
    }
}
#pragma warning restore CA1001
