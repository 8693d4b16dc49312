using Amazon.SQS.Model;
using Tracking.Redrive;

namespace Tracking.EndToEnd.Tests.Retry;

/// <summary>The retry consumer (the ingest AOT executable) fed by the event source mapping emulator, DLQ and redrive.</summary>
[Collection(RetryStackCollection.Name)]
public sealed class DeadLetterTests(RetryStackFixture stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static string QueuedUpdate(string trackingId, string eventId)
        => $$$"""{"v":1,"trackingId":"{{{trackingId}}}","eventId":"{{{eventId}}}","source":"local-partner","receivedAt":"2026-03-01T10:00:05.000Z","update":{"status":"in_transit","timestamp":"2026-03-01T10:00:00Z","eventId":"{{{eventId}}}"}}""";

    [Fact]
    public async Task AQueuedUpdateIsAppliedByTheConsumerAndVisibleThroughTheApi()
    {
        var id = "E2E-Q-" + Guid.NewGuid().ToString("N")[..12];

        await stack.Sqs.SendMessageAsync(stack.Host.Retry.RetryQueueUrl, QueuedUpdate(id, "scan-1"));

        await RetryStackFixture.WaitUntilAsync(async () => (await Get(id, "scan-1")).Status == 200, Patience, "queued update applied");
        var state = await stack.SendAsync(HttpMethod.Get, $"/v1/tracking/{id}", LocalStackFixture.ReaderKey);
        Assert.Equal(1, state.Json.GetProperty("eventCount").GetInt32());
        Assert.Equal("local-partner", (await Get(id, "scan-1")).Json.GetProperty("source").GetString());
    }

    [Fact]
    public async Task AMessageThatFailsEveryTimeReachesTheDlqAndTheRedriveBringsItBackAndAppliesIt()
    {
        var id = "E2E-D-" + Guid.NewGuid().ToString("N")[..12];
        var dlq = stack.Host.Retry.DeadLetter;
        var settings = stack.Host.Retry.Retry.Settings;
        var usual = settings.Redrive!;
        settings.Redrive = usual with { MaxReceiveCount = RetryStackFixture.MaxReceives };
        stack.TakeDynamoDbDown();
        try
        {
            await stack.Sqs.SendMessageAsync(stack.Host.Retry.RetryQueueUrl, QueuedUpdate(id, "scan-1"));
            await RetryStackFixture.WaitUntilAsync(() => Task.FromResult(dlq.Count().Visible == 1), Patience, "message in the DLQ");
        }
        finally
        {
            stack.RestoreDynamoDb();
            settings.Redrive = usual;
        }
        var listed = await new Redriver(stack.Sqs, stack.Host.Retry.DeadLetterQueueUrl, stack.Host.Retry.RetryQueueUrl).ListAsync(10, CancellationToken.None);

        var moved = await new Redriver(stack.Sqs, stack.Host.Retry.DeadLetterQueueUrl, stack.Host.Retry.RetryQueueUrl).MoveAsync(10, null, CancellationToken.None);

        var letter = Assert.Single(listed);
        Assert.Equal((id, "scan-1"), (letter.TrackingId, letter.EventId));
        Assert.True(letter.ReceiveCount > RetryStackFixture.MaxReceives, $"receives {letter.ReceiveCount}");
        Assert.Equal(1, moved);
        await RetryStackFixture.WaitUntilAsync(async () => (await Get(id, "scan-1")).Status == 200, Patience, "redriven update applied");
        Assert.Equal(0, dlq.Count().Visible + dlq.Count().InFlight);
    }

    [Fact]
    public async Task AnUnreadableMessageGoesToTheDlqOnItsFirstReceive()
    {
        var body = "not a queued update " + Guid.NewGuid();

        await stack.Sqs.SendMessageAsync(stack.Host.Retry.RetryQueueUrl, body);

        var dlqUrl = stack.Host.Retry.DeadLetterQueueUrl;
        Message? found = null;
        await RetryStackFixture.WaitUntilAsync(async () =>
        {
            var page = await stack.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = dlqUrl, MaxNumberOfMessages = 10, VisibilityTimeout = 0 });
            found = page.Messages?.FirstOrDefault(m => m.Body == body);
            return found is not null;
        }, Patience, "unreadable message in the DLQ");
        var deleted = await stack.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = dlqUrl, MaxNumberOfMessages = 10 });
        foreach (var m in deleted.Messages ?? []) await stack.Sqs.DeleteMessageAsync(dlqUrl, m.ReceiptHandle);
        Assert.NotNull(found);
    }

    private Task<Reply> Get(string id, string eventId)
        => stack.SendAsync(HttpMethod.Get, $"/v1/tracking/{id}/events/{eventId}", LocalStackFixture.ReaderKey);
}
