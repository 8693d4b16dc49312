using System.Diagnostics;
using Amazon.DynamoDBv2.Model;
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
    private static readonly DateTime Now = BulkEvents.Now;
    private static readonly TimeSpan WorkTime = TimeSpan.FromSeconds(5);

    private static int EventCount => int.TryParse(Environment.GetEnvironmentVariable("ERASE_SCALE_EVENTS"), out var n) && n > 0 ? n : 10_000;

    [Fact]
    public async Task TenThousandEventsAreErasedCompletelyAcrossCallsEachWithinItsWorkTime()
    {
        var db = new AwsDynamoDb(fixture.Admin);
        var id = "ERASE-" + Guid.NewGuid().ToString("N")[..12];
        await BulkEvents.SeedAsync(fixture, id, EventCount);
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
