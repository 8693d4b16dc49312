namespace Tracking.Integration.Tests.Faults;

/// <summary>
/// The five ways a write can go (single new event, batch, duplicate, late older event, conflict): how to set one up
/// without faults, the request sent under the fault, what the client must be told when the answer is not a 5xx,
/// and what the table must hold afterwards.
/// </summary>
public sealed record WriteCase(string Name, string Told, Func<Api, string, Task> ArrangeAsync, Func<Api, string, Task<Reply>> ActAsync, string[] Stored, string Newest)
{
    private static string E(string trackingId, string eventId, int minute, string status = "in_transit")
        => Events.Json(status, Events.At(minute), eventId, 47.6, -122.3, trackingId: trackingId);

    public static readonly WriteCase[] All =
    [
        new("single", "201", (_, _) => Task.CompletedTask, (api, id) => api.PostEventAsync(id, E(id, "e1", 10)), ["e1"], "e1"),
        new("batch", "200 created×3", (_, _) => Task.CompletedTask,
            (api, id) => api.PostBatchAsync($"{{\"events\":[{E(id, "e1", 10)},{E(id, "e2", 20)},{E(id, "e3", 5)}]}}"), ["e1", "e2", "e3"], "e2"),
        new("duplicate", "200 duplicate", (api, id) => Expect(api.PostEventAsync(id, E(id, "e1", 10)), 201),
            (api, id) => api.PostEventAsync(id, E(id, "e1", 10)), ["e1"], "e1"),
        new("late older", "201", (api, id) => Expect(api.PostEventAsync(id, E(id, "e2", 20)), 201),
            (api, id) => api.PostEventAsync(id, E(id, "e1", 10)), ["e1", "e2"], "e2"),
        new("conflict", "409", (api, id) => Expect(api.PostEventAsync(id, E(id, "e1", 10)), 201),
            (api, id) => api.PostEventAsync(id, E(id, "e1", 10, status: "delivered")), ["e1"], "e1"),
    ];

    /// <summary>What the answer says, in the table's words: "201", "200 duplicate", "409", "200 created×3", "503".</summary>
    public static string Describe(Reply reply)
    {
        if (reply.Status != 200) return reply.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var json = reply.Json;
        if (json.TryGetProperty("items", out var items))
        {
            var results = items.EnumerateArray().Select(i => i.GetProperty("result").GetString()).ToList();
            return results.Distinct().Count() == 1 ? $"200 {results[0]}×{results.Count}" : "200 " + string.Join(",", results);
        }
        return json.TryGetProperty("duplicate", out var d) && d.GetBoolean() ? "200 duplicate" : "200";
    }

    /// <summary>After a 5xx the client retried, so the event arrived twice: "duplicate" is then as true as "created".</summary>
    public bool IsTrueAfterRetry(string told) => Name switch
    {
        "single" or "late older" => told is "201" or "200 duplicate",
        "batch" => told.StartsWith("200 ", StringComparison.Ordinal) && told[4..].Split(',', '×').All(r => r is "created" or "duplicate" || int.TryParse(r, out _)),
        _ => told == Told,
    };

    private static async Task Expect(Task<Reply> call, int status)
    {
        var reply = await call;
        if (reply.Status != status) throw new InvalidOperationException($"arrange failed: {reply}");
    }
}
