using System.Diagnostics;

namespace Tracking.EndToEnd.Tests.Retry;

/// <summary>DynamoDB down (every connection reset by the proxy): updates are accepted, then applied once it is back.</summary>
[Collection(RetryStackCollection.Name)]
public sealed class OutageTests(RetryStackFixture stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static string Event(int minute) => $$"""{"status":"in_transit","timestamp":"2026-03-01T10:{{minute:D2}}:00Z","eventId":"scan-{{minute}}"}""";

    [Fact]
    public async Task WhileDynamoDBIsDownUpdatesAreAcceptedAndOnceItIsBackEachAppearsExactlyOnce()
    {
        const int updates = 10;
        var id = "E2E-O-" + Guid.NewGuid().ToString("N")[..12];
        var slowest = TimeSpan.Zero;
        var statuses = new List<int>();
        stack.TakeDynamoDbDown();
        try
        {
            for (var minute = 0; minute < updates; minute++)
            {
                var started = Stopwatch.StartNew();
                var reply = await stack.SendAsync(HttpMethod.Post, $"/v1/tracking/{id}/events", LocalStackFixture.PartnerKey, Event(minute));
                slowest = started.Elapsed > slowest ? started.Elapsed : slowest;
                statuses.Add(reply.Status);
                Assert.Equal($"/v1/tracking/{id}/events/scan-{minute}", reply.Header("location"));
            }
        }
        finally
        {
            stack.RestoreDynamoDb();
        }
        var recovery = Stopwatch.StartNew();

        await RetryStackFixture.WaitUntilAsync(async () => await EventCount(id) == updates, Patience, "every accepted update applied");
        var visibleAfter = recovery.Elapsed;

        Assert.All(statuses, s => Assert.Equal(202, s));
        Assert.True(slowest < TimeSpan.FromSeconds(10), $"slowest 202 took {slowest.TotalSeconds:0.0} s (API Gateway gives up at 29 s)");
        var history = await stack.SendAsync(HttpMethod.Get, $"/v1/tracking/{id}/events?limit=100", LocalStackFixture.ReaderKey);
        var ids = history.Json.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()).ToList();
        Assert.Equal(Enumerable.Range(0, updates).Select(m => $"scan-{m}").Order(), ids.Order());
        var state = await stack.SendAsync(HttpMethod.Get, $"/v1/tracking/{id}", LocalStackFixture.ReaderKey);
        Assert.Equal($"2026-03-01T10:{updates - 1:D2}:00Z", state.Json.GetProperty("timestamp").GetString());
        Console.WriteLine($"MEASURE outage: slowest 202 {slowest.TotalMilliseconds:0} ms; recovery to last visible {visibleAfter.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task ARespondAsyncBatchAnswersAtOnceAndAppliesEveryValidItemOnce()
    {
        var id = "E2E-A-" + Guid.NewGuid().ToString("N")[..12];
        var items = string.Join(",", Enumerable.Range(0, 5).Select(m => Event(m).Replace("{", $$"""{"trackingId":"{{id}}",""", StringComparison.Ordinal)));
        var batch = $$"""{"events":[{{items}},{"trackingId":"{{id}}","status":"teleported"}]}""";

        var reply = await stack.SendAsync(HttpMethod.Post, "/v1/events", LocalStackFixture.PartnerKey, batch, r => r.Headers.Add("Prefer", "respond-async"));

        Assert.Equal(202, reply.Status);
        Assert.Equal("respond-async", reply.Header("preference-applied"));
        var results = reply.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("result").GetString()).ToList();
        Assert.Equal([.. Enumerable.Repeat("accepted", 5), "invalid"], results);
        await RetryStackFixture.WaitUntilAsync(async () => await EventCount(id) == 5, Patience, "every accepted item applied");
        var again = await stack.SendAsync(HttpMethod.Post, "/v1/events", LocalStackFixture.PartnerKey, batch);
        Assert.Equal(5, again.Json.GetProperty("duplicates").GetInt32());
        Assert.Equal(5, await EventCount(id));
    }

    private async Task<int> EventCount(string id)
    {
        var state = await stack.SendAsync(HttpMethod.Get, $"/v1/tracking/{id}", LocalStackFixture.ReaderKey);
        return state.Status == 200 ? state.Json.GetProperty("eventCount").GetInt32() : 0;
    }
}
