using Amazon.SQS;
using Amazon.SQS.Model;
using Tracking.LocalStack.Sqs;

namespace Tracking.LocalStack.Tests.Sqs;

/// <summary>The real AWSSDK.SQS client (JSON protocol, SigV4) against the local endpoint.</summary>
public sealed class SqsEndpointTests(SqsFixture sqs) : IClassFixture<SqsFixture>
{
    private readonly AmazonSQSClient client = sqs.Client;

    [Fact]
    public async Task A_sent_message_is_received_with_its_body_md5_and_receive_count()
    {
        var url = sqs.NewQueue("send-receive");
        var sent = await client.SendMessageAsync(url, "{\"hello\":\"world\"}");

        var received = await client.ReceiveMessageAsync(new ReceiveMessageRequest
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
    public async Task A_received_message_stays_invisible_until_its_visibility_timeout_ends()
    {
        var url = sqs.NewQueue("visibility");
        await client.SendMessageAsync(url, "one");
        await client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 1 });

        var hidden = await client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url });
        await Task.Delay(TimeSpan.FromMilliseconds(1200));
        var again = await client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MessageSystemAttributeNames = ["ApproximateReceiveCount"] });

        Assert.Null(hidden.Messages);
        Assert.Equal("2", Assert.Single(again.Messages).Attributes["ApproximateReceiveCount"]);
    }

    [Fact]
    public async Task A_deleted_message_is_never_received_again()
    {
        var url = sqs.NewQueue("delete");
        await client.SendMessageAsync(url, "gone");
        var received = await client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 0 });

        await client.DeleteMessageAsync(url, received.Messages[0].ReceiptHandle);

        var attributes = await client.GetQueueAttributesAsync(url, ["All"]);
        Assert.Equal(0, attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible);
    }

    [Fact]
    public async Task Long_polling_returns_a_message_sent_while_it_waits()
    {
        var url = sqs.NewQueue("long-poll");
        var receive = client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 10 });
        await Task.Delay(200);
        var started = System.Diagnostics.Stopwatch.StartNew();

        await client.SendMessageAsync(url, "late");
        var received = await receive;

        Assert.Equal("late", Assert.Single(received.Messages).Body);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
    }

    [Fact]
    public async Task A_message_received_maxReceiveCount_times_moves_to_the_dead_letter_queue()
    {
        await client.SendMessageAsync(sqs.RetryUrl, "poison");
        for (var i = 0; i < SqsFixture.MaxReceiveCount; i++)
        {
            var got = await client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = sqs.RetryUrl, VisibilityTimeout = 0 });
            Assert.Equal("poison", Assert.Single(got.Messages).Body);
        }

        var afterLimit = await client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = sqs.RetryUrl });
        var dead = await client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = sqs.DeadLetterUrl, MessageSystemAttributeNames = ["All"] });

        Assert.Null(afterLimit.Messages);
        var message = Assert.Single(dead.Messages);
        Assert.Equal("poison", message.Body);
        Assert.Equal("3", message.Attributes["ApproximateReceiveCount"]);
        await client.DeleteMessageAsync(sqs.DeadLetterUrl, message.ReceiptHandle);
    }

    [Fact]
    public async Task Batches_send_and_delete_every_entry_and_report_each_by_id()
    {
        var url = sqs.NewQueue("batch");
        var sent = await client.SendMessageBatchAsync(url, [new("a", "first"), new("b", "second"), new("c", "third")]);
        var received = await client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10 });

        var deleted = await client.DeleteMessageBatchAsync(url, [.. received.Messages.Select((m, i) => new DeleteMessageBatchRequestEntry($"d{i}", m.ReceiptHandle))]);

        Assert.Equal(["a", "b", "c"], sent.Successful.Select(s => s.Id).Order());
        Assert.Equal(["first", "second", "third"], received.Messages.Select(m => m.Body).Order());
        Assert.Equal(3, deleted.Successful.Count);
        Assert.Equal(0, (await client.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages"])).ApproximateNumberOfMessages);
    }

    [Fact]
    public async Task Changing_visibility_to_zero_makes_a_message_receivable_at_once()
    {
        var url = sqs.NewQueue("change-visibility");
        await client.SendMessageAsync(url, "again");
        var first = await client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 300 });

        await client.ChangeMessageVisibilityAsync(url, first.Messages[0].ReceiptHandle, 0);

        Assert.Equal("again", Assert.Single((await client.ReceiveMessageAsync(url)).Messages).Body);
    }

    [Fact]
    public async Task Queue_urls_are_found_by_name_and_listed_by_prefix()
    {
        var url = await client.GetQueueUrlAsync(LocalDefaults.RetryQueueName);
        var listed = await client.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = "tracking-local" });

        Assert.Equal(sqs.RetryUrl, url.QueueUrl);
        Assert.Equal([sqs.RetryUrl, sqs.DeadLetterUrl], listed.QueueUrls);
    }

    [Fact]
    public async Task The_retry_queue_reports_its_redrive_policy()
    {
        var attributes = await client.GetQueueAttributesAsync(sqs.RetryUrl, ["RedrivePolicy", "QueueArn"]);

        var policy = RedrivePolicy.Parse(attributes.Attributes["RedrivePolicy"]);
        Assert.Equal(sqs.Broker.ArnOf(LocalDefaults.RetryQueueName + "-dlq"), policy.DeadLetterTargetArn);
        Assert.Equal(SqsFixture.MaxReceiveCount, policy.MaxReceiveCount);
        Assert.Equal(sqs.Broker.ArnOf(LocalDefaults.RetryQueueName), attributes.QueueARN);
    }

    [Fact]
    public async Task An_unknown_queue_is_the_sdks_QueueDoesNotExistException()
    {
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => client.GetQueueUrlAsync("no-such-queue"));
    }

    [Fact]
    public async Task A_stale_receipt_handle_cannot_change_visibility()
    {
        var url = sqs.NewQueue("stale-handle");
        await client.SendMessageAsync(url, "x");
        var first = await client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 0 });
        await client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 60 });

        var error = await Assert.ThrowsAnyAsync<AmazonSQSException>(() => client.ChangeMessageVisibilityAsync(url, first.Messages[0].ReceiptHandle, 10));

        Assert.Contains("receipt handle has expired", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_signed_with_other_credentials_are_refused()
    {
        using var stranger = sqs.CreateClient("AKIAOTHER", "secret");

        var error = await Assert.ThrowsAnyAsync<AmazonSQSException>(() => stranger.ListQueuesAsync(new ListQueuesRequest()));

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task Requests_signed_with_the_wrong_secret_fail_the_signature_check()
    {
        using var wrongSecret = sqs.CreateClient(LocalDefaults.AccessKeyId, "not-the-secret");

        var error = await Assert.ThrowsAnyAsync<AmazonSQSException>(() => wrongSecret.ListQueuesAsync(new ListQueuesRequest()));

        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
    }
}
