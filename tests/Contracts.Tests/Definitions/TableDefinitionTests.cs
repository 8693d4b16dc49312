using System.Text.Json;
using Tracking.Contracts.Storage;

namespace Tracking.Contracts.Tests;

/// <summary>The code's key layout and Definitions/table.json (read by infra/ and the local stack) must agree.</summary>
public class TableDefinitionTests
{
    private static readonly JsonElement Table = Support.Definitions.Load("table.json").RootElement;

    private static JsonElement Single(string array) => Assert.Single(Table.GetProperty(array).EnumerateArray().ToArray());

    [Fact]
    public void TheTableKeysAreTheCodesKeys()
        => Assert.Equal((TrackingTable.PartitionKey, TrackingTable.SortKey), (Table.GetProperty("partitionKey").GetString(), Table.GetProperty("sortKey").GetString()));

    [Fact]
    public void TheEventTimeIndexIsTheCodesLocalIndex()
    {
        var index = Single("localSecondaryIndexes");

        Assert.Equal((TrackingTable.EventTimeIndex, TrackingTable.EventTimeSortKey), (index.GetProperty("name").GetString(), index.GetProperty("sortKey").GetString()));
    }

    [Fact]
    public void TheStatusIndexIsTheCodesGlobalIndex()
    {
        var index = Single("globalSecondaryIndexes");

        Assert.Equal(
            (TrackingTable.StatusIndex, TrackingTable.StatusPartitionKey, TrackingTable.StatusSortKey),
            (index.GetProperty("name").GetString(), index.GetProperty("partitionKey").GetString(), index.GetProperty("sortKey").GetString()));
    }

    [Fact]
    public void TheStatusIndexProjectsEveryAttributeASearchResultReads()
    {
        var projected = Single("globalSecondaryIndexes").GetProperty("projection").GetProperty("nonKeyAttributes").EnumerateArray().Select(e => e.GetString()).ToHashSet();

        Assert.Subset(projected, new HashSet<string?>
        {
            ItemAttributes.TrackingId, ItemAttributes.Status, ItemAttributes.EventTime, ItemAttributes.EventId,
            ItemAttributes.EventType, ItemAttributes.Lat, ItemAttributes.Lon, ItemAttributes.UpdatedAt,
        });
    }

    [Fact]
    public void EveryKeyAttributeIsDeclaredAsAString()
    {
        var declared = Table.GetProperty("attributes").EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!, a => a.GetProperty("type").GetString());

        Assert.Equal(
            new Dictionary<string, string?>
            {
                [TrackingTable.PartitionKey] = "S", [TrackingTable.SortKey] = "S", [TrackingTable.EventTimeSortKey] = "S",
                [TrackingTable.StatusPartitionKey] = "S", [TrackingTable.StatusSortKey] = "S",
            },
            declared);
    }

    [Fact]
    public void TheTimeToLiveAttributeIsTheCodes()
        => Assert.Equal(TrackingTable.TimeToLive, Table.GetProperty("ttlAttribute").GetString());

    [Fact]
    public void TheShardCountIsTheCodes()
        => Assert.Equal(TrackingTable.StatusIndexShards, Table.GetProperty("statusIndexShards").GetInt32());

    [Fact]
    public void TheTableIsOnDemand()
        => Assert.Equal("PAY_PER_REQUEST", Table.GetProperty("billingMode").GetString());
}
