using System.Diagnostics;
using Tracking.LocalStack.Faults;

namespace Tracking.EndToEnd.Tests;

/// <summary>
/// The real executables under process-level faults: a function killed (SIGKILL) between its two writes, and a
/// dynalite stopped (SIGSTOP) past the function's deadline. Afterwards, and after the client's retries, no event is
/// lost or stored twice, eventCount equals the events stored, the state is the newest event, and no answer was a
/// 500 or a Lambda timeout.
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
    public async Task AStalledDynamoDbIsA503BeforeTheDeadlineAndTheRetriesCompleteTheWrites()
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
        foreach (var reply in new[] { write, read })
        {
            Assert.Equal(503, reply.Status);
            Assert.Equal("application/problem+json", reply.MediaType);
            Assert.NotNull(reply.Header("retry-after"));
        }
        var retry = await RetryAsync(() => stack.SendAsync(HttpMethod.Post, $"/v1/tracking/{id}/events", Partner, Event("e2", 20)));
        Assert.True(retry.Status is 200 or 201, retry.ToString());
        await AssertInvariantsAsync(id, ["e1", "e2"], "e2");
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
