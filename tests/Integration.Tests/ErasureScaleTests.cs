using System.Diagnostics;
using Amazon.DynamoDBv2.Model;
using Tracking.Contracts.Validation;
using Tracking.Functions.Observability;
using Tracking.Functions.Storage;
using Tracking.Functions.Storage.DynamoDb;
using Xunit.Abstractions;
using T = Tracking.Contracts.Storage.TrackingTable;

namespace Tracking.Integration.Tests;

/// <summary>
/// A large package is erased completely across calls, each within its work time: the measurement behind the
/// erasure design (docs/design.md). ERASE_SCALE_EVENTS sets the size (default 10,000).
/// </summary>
[Collection(DynaliteCollection.Name)]
public sealed class ErasureScaleTests(DynaliteFixture fixture, ITestOutputHelper output)
{
    private static readonly DateTime Now = new(2026, 5, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan WorkTime = TimeSpan.FromSeconds(5);

    private static int EventCount => int.TryParse(Environment.GetEnvironmentVariable("ERASE_SCALE_EVENTS"), out var n) && n > 0 ? n : 10_000;

    [Fact]
    public async Task TenThousandEventsAreErasedCompletelyAcrossCallsEachWithinItsWorkTime()
    {
        var db = new AwsDynamoDb(fixture.Admin);
        var id = "ERASE-" + Guid.NewGuid().ToString("N")[..12];
        var writer = new DynamoDbWriteStore(db, DynaliteFixture.TableName, _ => null);
        await writer.AppendAsync(Event(id, 0), "acme", Now, new RequestMetrics(), default);
        await SeedAsync(id, EventCount - 1);
        var erasure = new DynamoDbErasureStore(db, DynaliteFixture.TableName, now => new DateTimeOffset(now).AddDays(90).ToUnixTimeSeconds());

        var metrics = new RequestMetrics();
        var total = Stopwatch.StartNew();
        var calls = new List<(ErasureResult Result, TimeSpan Took)>();
        ErasureResult result;
        do
        {
            var call = Stopwatch.StartNew();
            result = await erasure.EraseAsync(id, Now, WorkTime, metrics, default);
            calls.Add((result, call.Elapsed));
        }
        while (result.Status == ErasureStatus.InProgress && calls.Count < 100);
        total.Stop();

        output.WriteLine($"erased {EventCount:N0} events on dynalite in {total.Elapsed.TotalSeconds:0.0} s over {calls.Count} call(s) " +
                         $"({string.Join(", ", calls.Select(c => $"{c.Result.Deleted} in {c.Took.TotalSeconds:0.0} s"))}); {metrics.DynamoDbCalls} DynamoDB calls");
        Assert.Equal(ErasureStatus.Complete, result.Status);
        Assert.Equal(EventCount, calls.Sum(c => c.Result.Deleted));
        Assert.All(calls, c => Assert.True(c.Took < WorkTime + TimeSpan.FromSeconds(3), $"a call took {c.Took}"));
        Assert.Equal(0, await CountEventsAsync(id));
    }

    private static ValidatedEvent Event(string id, int i) => new()
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

    /// <summary>Event items written straight in batches (the append path would take minutes for this many).</summary>
    private async Task SeedAsync(string id, int count)
    {
        var requests = Enumerable.Range(1, count)
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

    private async Task<int> CountEventsAsync(string id)
    {
        var response = await fixture.Admin.QueryAsync(new QueryRequest
        {
            TableName = DynaliteFixture.TableName,
            KeyConditionExpression = "#pk = :pk AND begins_with(#sk, :evt)",
            ExpressionAttributeNames = new() { ["#pk"] = T.PartitionKey, ["#sk"] = T.SortKey },
            ExpressionAttributeValues = new() { [":pk"] = new() { S = ItemKeys.PackageKey(id) }, [":evt"] = new() { S = ItemKeys.EventPrefix } },
            Select = Amazon.DynamoDBv2.Select.COUNT,
            ConsistentRead = true,
        });
        return response.Count ?? 0;
    }
}
