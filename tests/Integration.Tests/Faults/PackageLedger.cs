using Amazon.DynamoDBv2.Model;

namespace Tracking.Integration.Tests.Faults;

/// <summary>What the table holds for one package, read straight from dynalite (strongly consistent), for the invariants.</summary>
public sealed record PackageLedger(List<Dictionary<string, AttributeValue>> Events, Dictionary<string, AttributeValue>? State)
{
    public static async Task<PackageLedger> ReadAsync(DynaliteFixture fixture, string trackingId)
    {
        var events = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await fixture.Admin.QueryAsync(new QueryRequest
            {
                TableName = DynaliteFixture.TableName,
                KeyConditionExpression = "pk = :pk AND begins_with(sk, :evt)",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":pk"] = new() { S = "PKG#" + trackingId }, [":evt"] = new() { S = "EVT#" } },
                ConsistentRead = true,
                ExclusiveStartKey = start,
            });
            events.AddRange(page.Items ?? []);
            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);

        var state = await fixture.Admin.GetItemAsync(new GetItemRequest
        {
            TableName = DynaliteFixture.TableName,
            Key = new Dictionary<string, AttributeValue> { ["pk"] = new() { S = "PKG#" + trackingId }, ["sk"] = new() { S = "STATE" } },
            ConsistentRead = true,
        });
        return new PackageLedger(events, state.Item is { Count: > 0 } item ? item : null);
    }

    public IEnumerable<string> EventIds => Events.Select(e => e["eventId"].S);

    public long? EventCount => State?.GetValueOrDefault("eventCount")?.N is { } n ? long.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : null;

    public string? StateEventId => State?.GetValueOrDefault("eventId")?.S;

    /// <summary>The newest stored event by event time, then event id: what the state must show.</summary>
    public string? NewestEventId => Events.OrderBy(e => e["eventTime"].S, StringComparer.Ordinal).ThenBy(e => e["eventId"].S, StringComparer.Ordinal).LastOrDefault()?["eventId"].S;

    public string? ContentHashOf(string eventId) => Events.FirstOrDefault(e => e["eventId"].S == eventId)?["contentHash"].S;
}
