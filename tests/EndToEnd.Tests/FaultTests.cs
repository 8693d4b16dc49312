using System.Diagnostics;
using Tracking.LocalStack.Faults;

namespace Tracking.EndToEnd.Tests;

/// <summary>
/// The real executables under process-level faults: a function killed (SIGKILL) between its two writes, and a
/// dynalite stopped (SIGSTOP) past the function's deadline. Afterwards, after the client's retries or the retry
/// queue's, no event is lost or stored twice, eventCount equals the events stored, the state is the newest event, and
/// no answer was a 500 or a Lambda timeout.
/// </summary>
public sealed class FaultTests(FaultStack stack) : IClassFixture<FaultStack>
{
    private const string Partner = LocalStackFixture.PartnerKey;
    private const string Reader = LocalStackFixture.ReaderKey;

    private static string Event(string eventId, int minute)
        => $$$"""{"status":"in_transit","timestamp":"2026-11-24T08:{{{minute:D2}}}:00Z","eventId":"{{{eventId}}}","location":{"lat":47.6,"lon":-122.3}}""";

    private static string NewId() => "E2EF-" + Guid.NewGuid().ToString("N")[..20];

    [Fact]
    public async Task AFunctionKilledBetweenItsTwoWritesIsCompletedByTheClientsRetry()
    {
        var id = NewId();
        stack.Proxy.Clear();
        stack.Proxy.Inject("UpdateItem", Fault.Hold(TimeSpan.FromSeconds(4)));
        var ingest = stack.Host.Functions["ingest"].Instances[0];

        var first = stack.SendAsync(HttpMethod.Post, $"/v1/tracking/{id}/events", Partner, Event("e1", 10));
        await WaitUntilAsync(() => stack.Proxy.CountOf("UpdateItem") >= 1);
        Process.GetProcessById(ingest.ProcessId!.Value).Kill();
        var crashed = await first;
        stack.Proxy.Clear();

        Assert.True(crashed.Status >= 500, crashed.ToString());
        var retry = await RetryAsync(() => stack.SendAsync(HttpMethod.Post, $"/v1/tracking/{id}/events", Partner, Event("e1", 10)));
        Assert.Equal(200, retry.Status);
        Assert.True(retry.Json.GetProperty("duplicate").GetBoolean(), retry.ToString());
        await AssertInvariantsAsync(id, ["e1"], "e1");
    }

    [Fact]
    public async Task AStalledDynamoDbIsAnsweredBeforeTheDeadlineAndTheQueuedWriteIsAppliedOnceItIsBack()
    {
        var id = NewId();
        stack.Proxy.Clear();
        Assert.Equal(201, (await stack.SendAsync(HttpMethod.Post, $"/v1/tracking/{id}/events", Partner, Event("e1", 10))).Status);

        FaultStack.Signal("STOP", stack.DynaliteProcessId);
        Reply write, read;
        var clock = Stopwatch.StartNew();
        try
        {
            write = await stack.SendAsync(HttpMethod.Post, $"/v1/tracking/{id}/events", Partner, Event("e2", 20));
            read = await stack.SendAsync(HttpMethod.Get, $"/v1/tracking/{id}", Reader);
        }
        finally
        {
            FaultStack.Signal("CONT", stack.DynaliteProcessId);
        }

        Assert.True(clock.Elapsed < 2 * FaultStack.FunctionTimeout, $"two requests took {clock.Elapsed}");
        // The valid write has the retry queue to fall back on (202); the read has nothing but a 503.
        Assert.Equal(202, write.Status);
        Assert.Equal($"/v1/tracking/{id}/events/e2", write.Header("location"));
        Assert.Equal(503, read.Status);
        Assert.Equal("application/problem+json", read.MediaType);
        Assert.NotNull(read.Header("retry-after"));
        // The stalled put may land when dynalite resumes, before the count and the state: wait for the consumer's
        // apply (a duplicate then, which completes them), seen as the state moving to e2.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await StateEventIdAsync(id) != "e2")
        {
            Assert.True(DateTime.UtcNow < deadline, "the queued write was not applied within 30 s of DynamoDB's return");
            await Task.Delay(200);
        }
        await AssertInvariantsAsync(id, ["e1", "e2"], "e2");
    }

    private async Task<string?> StateEventIdAsync(string id)
    {
        var state = await stack.SendAsync(HttpMethod.Get, $"/v1/tracking/{id}", Reader);
        return state.Status == 200 ? state.Json.GetProperty("eventId").GetString() : null;
    }

    private async Task AssertInvariantsAsync(string id, string[] stored, string newest)
    {
        var history = await stack.SendAsync(HttpMethod.Get, $"/v1/tracking/{id}/events?limit=100", Reader);
        var ids = history.Json.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(stored, ids);
        var state = (await stack.SendAsync(HttpMethod.Get, $"/v1/tracking/{id}", Reader)).Json;
        Assert.Equal((stored.Length, newest), (state.GetProperty("eventCount").GetInt32(), state.GetProperty("eventId").GetString()));
    }

    /// <summary>The client's retry loop: repeat while the answer is a 5xx (the instance may be restarting).</summary>
    private static async Task<Reply> RetryAsync(Func<Task<Reply>> send)
    {
        for (var attempt = 0; ; attempt++)
        {
            var reply = await send();
            if (reply.Status < 500 || attempt == 20) return reply;
            await Task.Delay(500);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the awaited call never reached the proxy");
            await Task.Delay(20);
        }
    }
}
