using Tracking.Ingest.Retry;

namespace Tracking.Functions.Tests.Retry;

/// <summary>How the ingest executable tells an SQS event from an API Gateway event, and the backoff schedule.</summary>
public sealed class RetryRoutingTests
{
    [Fact]
    public void An_event_with_top_level_Records_is_an_sqs_event()
        => Assert.True(SqsEvent.IsSqsEvent("""{"Records":[{"messageId":"1","body":"{}"}]}"""u8));

    [Fact]
    public void Records_after_other_members_is_still_found()
        => Assert.True(SqsEvent.IsSqsEvent("""{"other":{"Records":1},"Records":[]}"""u8));

    [Fact]
    public void A_proxy_event_is_not_an_sqs_event()
        => Assert.False(SqsEvent.IsSqsEvent(ProxyEvent.PostEvent("PKG-1", """{"status":"pending"}""").ToJson()));

    [Fact]
    public void A_nested_Records_member_is_not_an_sqs_event()
        => Assert.False(SqsEvent.IsSqsEvent("""{"body":{"Records":[]}}"""u8));

    [Fact]
    public void Text_that_is_not_json_is_not_an_sqs_event()
        => Assert.False(SqsEvent.IsSqsEvent("Records"u8));

    [Theory]
    [InlineData(1, 20)]
    [InlineData(2, 40)]
    [InlineData(3, 80)]
    [InlineData(10, 900)]
    public void The_backoff_doubles_per_receive_up_to_fifteen_minutes(int receiveCount, int seconds)
        => Assert.Equal(TimeSpan.FromSeconds(seconds), ConsumerHarness.Retry.BackoffAfter(receiveCount));

    [Fact]
    public async Task Api_gateway_events_still_reach_the_api_when_the_consumer_is_on()
    {
        using var consumer = new ConsumerHarness();

        var response = await consumer.InvokeApiAsync(ProxyEvent.PostEvent("PKG-1", """{"status":"pending","timestamp":"2026-11-24T08:00:00Z"}"""));

        Assert.Equal(201, response.StatusCode);
        Assert.Single(consumer.Db.EventItems);
    }
}
