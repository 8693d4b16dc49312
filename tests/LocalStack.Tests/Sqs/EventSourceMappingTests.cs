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
    private readonly string eventsFile = Path.Combine(Path.GetTempPath(), $"esm-events-{Guid.NewGuid():N}.jsonl");
    private readonly SqsBroker broker = new();
    private SqsQueue retry = null!;
    private SqsQueue deadLetters = null!;
    private FunctionHost function = null!;
    private EventSourceMapping mapping = null!;

    public async Task InitializeAsync()
    {
        (retry, deadLetters) = broker.CreateRetryQueues("esm-test", visibilityTimeoutSeconds: 1, maxReceiveCount: 2);
        function = await FakeFunction.StartAsync(FakeFunction.Options("retry",
            environment: new() { ["AWS_LAMBDA_FUNCTION_NAME"] = "retry", ["FAKE_EVENTS_FILE"] = eventsFile }));
        mapping = new EventSourceMapping(retry, function, new EventSourceMappingOptions
        {
            BatchSize = 10, MaximumConcurrency = 1, WaitTime = TimeSpan.FromMilliseconds(200), ErrorBackoff = TimeSpan.FromMilliseconds(50),
        });
    }

    public async Task DisposeAsync()
    {
        await mapping.DisposeAsync();
        await function.DisposeAsync();
        File.Delete(eventsFile);
    }

    [Fact]
    public async Task The_function_receives_real_sqs_event_records()
    {
        var sent = retry.Send("{\"n\":1}");
        mapping.Start();

        await WaitUntil(() => mapping.Stats.Deleted == 1);

        var record = Events().Single().GetProperty("Records").EnumerateArray().Single();
        Assert.Equal(sent.MessageId, record.GetProperty("messageId").GetString());
        Assert.Equal("{\"n\":1}", record.GetProperty("body").GetString());
        Assert.Equal("1", record.GetProperty("attributes").GetProperty("ApproximateReceiveCount").GetString());
        Assert.Equal("aws:sqs", record.GetProperty("eventSource").GetString());
        Assert.Equal(retry.Arn, record.GetProperty("eventSourceARN").GetString());
        Assert.Equal(LocalDefaults.Region, record.GetProperty("awsRegion").GetString());
        Assert.Equal(SqsMessage.Md5Hex("{\"n\":1}"), record.GetProperty("md5OfBody").GetString());
        Assert.False(string.IsNullOrEmpty(record.GetProperty("receiptHandle").GetString()));
    }

    [Fact]
    public async Task Successes_are_deleted_and_reported_failures_stay_until_the_dead_letter_queue_takes_them()
    {
        retry.Send("ok");
        var failing = retry.Send("fail");
        mapping.Start();

        await WaitUntil(() => deadLetters.Count().Visible == 1);

        Assert.Equal(new QueueCounts(0, 0, 0, null), retry.Count());
        var dead = Assert.Single(deadLetters.TryReceive(10, null, out _, out _));
        Assert.Equal(failing.MessageId, dead.Message.MessageId);
        var receiveCounts = Events().SelectMany(e => e.GetProperty("Records").EnumerateArray())
            .Where(r => r.GetProperty("body").GetString() == "fail")
            .Select(r => r.GetProperty("attributes").GetProperty("ApproximateReceiveCount").GetString());
        Assert.Equal(["1", "2"], receiveCounts);
    }

    [Fact]
    public async Task A_failed_invocation_leaves_the_whole_batch_in_the_queue()
    {
        retry.Send("error");
        mapping.Start();

        await WaitUntil(() => mapping.Stats.FailedInvocations >= 1);

        Assert.Equal(0, mapping.Stats.Deleted);
        Assert.Equal(1, retry.Count().InFlight + retry.Count().Visible);
    }

    private List<JsonElement> Events()
        => [.. File.ReadAllLines(eventsFile).Select(line => JsonDocument.Parse(line).RootElement.Clone())];

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
