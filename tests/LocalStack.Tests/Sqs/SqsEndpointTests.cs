using Amazon.SQS;
using Amazon.SQS.Model;
using Tracking.LocalStack.Sqs;

namespace Tracking.LocalStack.Tests.Sqs;

/// <summary>The real AWSSDK.SQS client (JSON protocol, SigV4) against the local endpoint.</summary>
public sealed class SqsEndpointTests(SqsFixture sqs) : IClassFixture<SqsFixture>
{
    private readonly AmazonSQSClient _client = sqs.Client;

    [Fact]
    public async Task ASentMessageIsReceivedWithItsBodyMd5AndReceiveCount()
    {
        var url = sqs.NewQueue("send-receive");
        var sent = await _client.SendMessageAsync(url, "{\"hello\":\"world\"}");

        var received = await _client.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = url,
            MaxNumberOfMessages = 10,
            MessageSystemAttributeNames = ["All"],
        });

        var message = Assert.Single(received.Messages);
        Assert.Equal(sent.MessageId, message.MessageId);
        Assert.Equal("{\"hello\":\"world\"}", message.Body);
        Assert.Equal(SqsMessage.Md5Hex("{\"hello\":\"world\"}"), message.MD5OfBody);
        Assert.Equal("1", message.Attributes["ApproximateReceiveCount"]);
        Assert.True(message.Attributes.ContainsKey("SentTimestamp"));
    }

    [Fact]
    public async Task AReceivedMessageStaysInvisibleUntilItsVisibilityTimeoutEnds()
    {
        var url = sqs.NewQueue("visibility");
        await _client.SendMessageAsync(url, "one");
        await _client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 1 });

        var hidden = await _client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url });
        await Task.Delay(TimeSpan.FromMilliseconds(1200));
        var again = await _client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MessageSystemAttributeNames = ["ApproximateReceiveCount"] });

        Assert.Null(hidden.Messages);
        Assert.Equal("2", Assert.Single(again.Messages).Attributes["ApproximateReceiveCount"]);
    }

    [Fact]
    public async Task ADeletedMessageIsNeverReceivedAgain()
    {
        var url = sqs.NewQueue("delete");
        await _client.SendMessageAsync(url, "gone");
        var received = await _client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 0 });

        await _client.DeleteMessageAsync(url, received.Messages[0].ReceiptHandle);

        var attributes = await _client.GetQueueAttributesAsync(url, ["All"]);
        Assert.Equal(0, attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible);
    }

    [Fact]
    public async Task LongPollingReturnsAMessageSentWhileItWaits()
    {
        var url = sqs.NewQueue("long-poll");
        var receive = _client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 10 });
        await Task.Delay(200);
        var started = System.Diagnostics.Stopwatch.StartNew();

        await _client.SendMessageAsync(url, "late");
        var received = await receive;

        Assert.Equal("late", Assert.Single(received.Messages).Body);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
    }

    [Fact]
    public async Task AMessageReceivedMaxReceiveCountTimesMovesToTheDeadLetterQueue()
    {
        await _client.SendMessageAsync(sqs.RetryUrl, "poison");
        for (var i = 0; i < SqsFixture.MaxReceiveCount; i++)
        {
            var got = await _client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = sqs.RetryUrl, VisibilityTimeout = 0 });
            Assert.Equal("poison", Assert.Single(got.Messages).Body);
        }

        var afterLimit = await _client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = sqs.RetryUrl });
        var dead = await _client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = sqs.DeadLetterUrl, MessageSystemAttributeNames = ["All"] });

        Assert.Null(afterLimit.Messages);
        var message = Assert.Single(dead.Messages);
        Assert.Equal("poison", message.Body);
        Assert.Equal("3", message.Attributes["ApproximateReceiveCount"]);
        await _client.DeleteMessageAsync(sqs.DeadLetterUrl, message.ReceiptHandle);
    }

    [Fact]
    public async Task BatchesSendAndDeleteEveryEntryAndReportEachById()
    {
        var url = sqs.NewQueue("batch");
        var sent = await _client.SendMessageBatchAsync(url, [new("a", "first"), new("b", "second"), new("c", "third")]);
        var received = await _client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10 });

        var deleted = await _client.DeleteMessageBatchAsync(url, [.. received.Messages.Select((m, i) => new DeleteMessageBatchRequestEntry($"d{i}", m.ReceiptHandle))]);

        Assert.Equal(["a", "b", "c"], sent.Successful.Select(s => s.Id).Order());
        Assert.Equal(["first", "second", "third"], received.Messages.Select(m => m.Body).Order());
        Assert.Equal(3, deleted.Successful.Count);
        Assert.Equal(0, (await _client.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages"])).ApproximateNumberOfMessages);
    }

    [Fact]
    public async Task ChangingVisibilityToZeroMakesAMessageReceivableAtOnce()
    {
        var url = sqs.NewQueue("change-visibility");
        await _client.SendMessageAsync(url, "again");
        var first = await _client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 300 });

        await _client.ChangeMessageVisibilityAsync(url, first.Messages[0].ReceiptHandle, 0);

        Assert.Equal("again", Assert.Single((await _client.ReceiveMessageAsync(url)).Messages).Body);
    }

    [Fact]
    public async Task QueueUrlsAreFoundByNameAndListedByPrefix()
    {
        var url = await _client.GetQueueUrlAsync(LocalDefaults.RetryQueueName);
        var listed = await _client.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = "tracking-local" });

        Assert.Equal(sqs.RetryUrl, url.QueueUrl);
        Assert.Equal([sqs.RetryUrl, sqs.DeadLetterUrl], listed.QueueUrls);
    }

    [Fact]
    public async Task TheRetryQueueReportsItsRedrivePolicy()
    {
        var attributes = await _client.GetQueueAttributesAsync(sqs.RetryUrl, ["RedrivePolicy", "QueueArn"]);

        var policy = RedrivePolicy.Parse(attributes.Attributes["RedrivePolicy"]);
        Assert.Equal(sqs.Broker.ArnOf(LocalDefaults.RetryQueueName + "-dlq"), policy.DeadLetterTargetArn);
        Assert.Equal(SqsFixture.MaxReceiveCount, policy.MaxReceiveCount);
        Assert.Equal(sqs.Broker.ArnOf(LocalDefaults.RetryQueueName), attributes.QueueARN);
    }

    [Fact]
    public async Task AnUnknownQueueIsTheSdksQueueDoesNotExistException()
    {
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => _client.GetQueueUrlAsync("no-such-queue"));
    }

    [Fact]
    public async Task AStaleReceiptHandleCannotChangeVisibility()
    {
        var url = sqs.NewQueue("stale-handle");
        await _client.SendMessageAsync(url, "x");
        var first = await _client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 0 });
        await _client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 60 });

        var error = await Assert.ThrowsAnyAsync<AmazonSQSException>(() => _client.ChangeMessageVisibilityAsync(url, first.Messages[0].ReceiptHandle, 10));

        Assert.Contains("receipt handle has expired", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestsSignedWithOtherCredentialsAreRefused()
    {
        using var stranger = sqs.CreateClient("AKIAOTHER", "secret");

        var error = await Assert.ThrowsAnyAsync<AmazonSQSException>(() => stranger.ListQueuesAsync(new ListQueuesRequest()));

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task RequestsSignedWithTheWrongSecretFailTheSignatureCheck()
    {
        using var wrongSecret = sqs.CreateClient(LocalDefaults.AccessKeyId, "not-the-secret");

        var error = await Assert.ThrowsAnyAsync<AmazonSQSException>(() => wrongSecret.ListQueuesAsync(new ListQueuesRequest()));

        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
    }
}
