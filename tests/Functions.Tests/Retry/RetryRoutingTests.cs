using Tracking.Ingest.Retry;

namespace Tracking.Functions.Tests.Retry;

/// <summary>How the ingest executable tells an SQS event from an API Gateway event, and the backoff schedule.</summary>
public sealed class RetryRoutingTests
{
    [Fact]
    public void AnEventWithTopLevelRecordsIsAnSqsEvent()
        => Assert.True(SqsEvent.IsSqsEvent("""{"Records":[{"messageId":"1","body":"{}"}]}"""u8));

    [Fact]
    public void RecordsAfterOtherMembersIsStillFound()
        => Assert.True(SqsEvent.IsSqsEvent("""{"other":{"Records":1},"Records":[]}"""u8));

    [Fact]
    public void AProxyEventIsNotAnSqsEvent()
        => Assert.False(SqsEvent.IsSqsEvent(ProxyEvent.PostEvent("PKG-1", """{"status":"pending"}""").ToJson()));

    [Fact]
    public void ANestedRecordsMemberIsNotAnSqsEvent()
        => Assert.False(SqsEvent.IsSqsEvent("""{"body":{"Records":[]}}"""u8));

    [Fact]
    public void TextThatIsNotJsonIsNotAnSqsEvent()
        => Assert.False(SqsEvent.IsSqsEvent("Records"u8));

    [Theory]
    [InlineData(1, 20)]
    [InlineData(2, 40)]
    [InlineData(3, 80)]
    [InlineData(10, 900)]
    public void TheBackoffDoublesPerReceiveUpToFifteenMinutes(int receiveCount, int seconds)
        => Assert.Equal(TimeSpan.FromSeconds(seconds), ConsumerHarness.Retry.BackoffAfter(receiveCount));

    [Fact]
    public async Task ApiGatewayEventsStillReachTheApiWhenTheConsumerIsOn()
    {
        using var consumer = new ConsumerHarness();

        var response = await consumer.InvokeApiAsync(ProxyEvent.PostEvent("PKG-1", """{"status":"pending","timestamp":"2026-11-24T08:00:00Z"}"""));

        Assert.Equal(201, response.StatusCode);
        Assert.Single(consumer.Store.StoredEvents);
    }
}
