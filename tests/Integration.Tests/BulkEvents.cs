using Amazon.DynamoDBv2.Model;
using Tracking.Contracts.Validation;
using Tracking.Functions.Observability;
using Tracking.Functions.Storage.DynamoDb;

namespace Tracking.Integration.Tests;

/// <summary>Large packages for erasure tests: one event through the write path (so the state exists), the rest written
/// straight as event items in batches (the append path would take minutes for thousands).</summary>
public static class BulkEvents
{
    public static readonly DateTime Now = new(2026, 5, 1, 12, 0, 0, DateTimeKind.Utc);

    public static ValidatedEvent Event(string id, int i) => new()
    {
        TrackingId = id,
        EventId = $"e-{i:D6}",
        Status = "in_transit",
        EventType = EventRules.DefaultEventType,
        Timestamp = Now.AddMinutes(-i),
        Lat = 47.6,
        Lon = -122.3,
        ContentHash = $"hash-{i}",
    };

    /// <summary>A package of <paramref name="count"/> events, stored by <c>acme</c>.</summary>
    public static async Task SeedAsync(DynaliteFixture fixture, string id, int count)
    {
        var writer = new DynamoDbWriteStore(new AwsDynamoDb(fixture.Admin), DynaliteFixture.TableName, _ => null);
        await writer.AppendAsync(Event(id, 0), "acme", Now, new RequestMetrics(), default);
        var requests = Enumerable.Range(1, count - 1)
            .Select(i => new WriteRequest { PutRequest = new PutRequest { Item = EventItemMapper.ToItem(Event(id, i), Now, "acme", null) } })
            .Chunk(25);
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, ct) =>
        {
            var pending = batch.ToList();
            while (pending.Count > 0)
            {
                var response = await fixture.Admin.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = new() { [DynaliteFixture.TableName] = pending } }, ct);
                pending = response.UnprocessedItems is { } left && left.TryGetValue(DynaliteFixture.TableName, out var rest) ? rest : [];
            }
        });
    }
}
