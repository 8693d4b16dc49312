using Amazon.SQS.Model;
using Tracking.LocalStack.Sqs;
using Tracking.Redrive;

namespace Tracking.LocalStack.Tests.Sqs;

/// <summary>The redrive tool (tools/Redrive) against the local SQS endpoint through the real SDK.</summary>
public sealed class RedriveTests(SqsFixture sqs) : IClassFixture<SqsFixture>
{
    private static string Update(string eventId) => $$$"""{"v":1,"trackingId":"PKG-9","eventId":"{{{eventId}}}","update":{}}""";

    [Fact]
    public async Task ADryRunListsEveryDeadLetterByIdAndMovesNothing()
    {
        var (dlq, target) = Queues("dry-run");
        await sqs.Client.SendMessageAsync(dlq, Update("e1"));
        await sqs.Client.SendMessageAsync(dlq, "not json");

        var listed = await new Redriver(sqs.Client, dlq, target).ListAsync(int.MaxValue, CancellationToken.None);

        Assert.Equal(2, listed.Count);
        Assert.Contains(listed, d => d is { TrackingId: "PKG-9", EventId: "e1" });
        Assert.Contains(listed, d => d.TrackingId is null);
        Assert.Equal(2, (await sqs.Client.GetQueueAttributesAsync(dlq, ["ApproximateNumberOfMessages"])).ApproximateNumberOfMessages);
        Assert.Equal(0, Count(target));
    }

    [Fact]
    public async Task ARedriveMovesEveryDeadLetterToTheTargetQueueWithItsBody()
    {
        var (dlq, target) = Queues("move");
        for (var i = 0; i < 13; i++) await sqs.Client.SendMessageAsync(dlq, Update($"e{i}"));

        var moved = await new Redriver(sqs.Client, dlq, target).MoveAsync(int.MaxValue, null, CancellationToken.None);

        Assert.Equal(13, moved);
        Assert.Equal(0, Count(dlq));
        var bodies = new List<string>();
        ReceiveMessageResponse page;
        while ((page = await sqs.Client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = target, MaxNumberOfMessages = 10 })).Messages is { Count: > 0 })
        {
            bodies.AddRange(page.Messages.Select(m => m.Body));
        }
        Assert.Equal(Enumerable.Range(0, 13).Select(i => Update($"e{i}")).Order(), bodies.Order());
    }

    [Fact]
    public async Task MaxLimitsHowManyAreMoved()
    {
        var (dlq, target) = Queues("max");
        for (var i = 0; i < 5; i++) await sqs.Client.SendMessageAsync(dlq, Update($"e{i}"));

        var moved = await new Redriver(sqs.Client, dlq, target).MoveAsync(2, null, CancellationToken.None);

        Assert.Equal(2, moved);
        Assert.Equal(3, Count(dlq));
        Assert.Equal(2, Count(target));
    }

    [Fact]
    public void LocalFillsInTheLocalStacksQueues()
    {
        var options = RedriveOptions.Parse(["--local", "--dry-run"]);

        Assert.Equal($"http://127.0.0.1:{LocalDefaults.SqsPort}/{LocalDefaults.AccountId}/{LocalDefaults.RetryQueueName}-dlq", options.DeadLetterQueueUrl);
        Assert.Equal($"http://127.0.0.1:{LocalDefaults.SqsPort}/{LocalDefaults.AccountId}/{LocalDefaults.RetryQueueName}", options.TargetQueueUrl);
        Assert.True(options.DryRun);
    }

    [Fact]
    public void WithoutQueuesTheCommandLineIsRefused()
        => Assert.Throws<RedriveUsageException>(() => RedriveOptions.Parse(["--dry-run"]));

    private (string Dlq, string Target) Queues(string name)
        => (sqs.NewQueue($"redrive-{name}-dlq"), sqs.NewQueue($"redrive-{name}"));

    private int Count(string url)
    {
        var counts = sqs.Broker.GetByUrl(url).Count();
        return counts.Visible + counts.InFlight + counts.Delayed;
    }
}
