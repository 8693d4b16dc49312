using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Tracking.Contracts.Domain;
using A = Tracking.Contracts.Storage.ItemAttributes;
using T = Tracking.Contracts.Storage.TrackingTable;

namespace Tracking.Functions.Storage.DynamoDb;

/// <summary>
/// The tombstone: the state item of an erased package, stripped to its key, <c>erasedAt</c>, <c>erasure</c>
/// (in_progress, complete) and its own TTL. Without the status-index keys it leaves search; with <c>erasedAt</c> it
/// fails every state update's condition, which is how a late update is recognised and refused.
/// </summary>
public static class ErasureItems
{
    public const string InProgress = "in_progress";
    public const string Complete = "complete";

    /// <summary>What every state update adds to its condition: the package was not erased.</summary>
    public const string NotErased = "attribute_not_exists(#erasedAt)";

    /// <summary>Every attribute a state item can hold besides its key and the tombstone's own.</summary>
    private static readonly string[] Stripped =
    [
        A.TrackingId, A.Status, A.EventTime, A.EventId, A.EventType, A.Lat, A.Lon, A.FirstSeen, A.UpdatedAt,
        A.EventCount, A.Contributors, T.StatusPartitionKey, T.StatusSortKey,
    ];

    public static UpdateItemRequest BuildTombstone(string tableName, string trackingId, DateTime requestedAt, long expiresAt, bool requireExisting)
    {
        var names = new Dictionary<string, string>(Stripped.Length + 4)
        {
            ["#erasedAt"] = A.ErasedAt,
            ["#erasure"] = A.Erasure,
            ["#ttl"] = T.TimeToLive,
        };
        var remove = new List<string>(Stripped.Length);
        for (var i = 0; i < Stripped.Length; i++)
        {
            names["#r" + i.ToString(CultureInfo.InvariantCulture)] = Stripped[i];
            remove.Add("#r" + i.ToString(CultureInfo.InvariantCulture));
        }
        var request = new UpdateItemRequest
        {
            TableName = tableName,
            Key = StateItemMapper.StateKey(trackingId),
            UpdateExpression = "SET #erasedAt = if_not_exists(#erasedAt, :now), #erasure = :status, #ttl = :ttl REMOVE " + string.Join(", ", remove),
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>(3)
            {
                [":now"] = new() { S = Timestamps.ToStorage(requestedAt) },
                [":status"] = new() { S = InProgress },
                [":ttl"] = new() { N = expiresAt.ToString(CultureInfo.InvariantCulture) },
            },
            ReturnConsumedCapacity = Amazon.DynamoDBv2.ReturnConsumedCapacity.TOTAL,
        };
        if (requireExisting)
        {
            request.ConditionExpression = "attribute_exists(#pk)";
            names["#pk"] = T.PartitionKey;
        }
        return request;
    }

    public static UpdateItemRequest BuildComplete(string tableName, string trackingId) => new()
    {
        TableName = tableName,
        Key = StateItemMapper.StateKey(trackingId),
        UpdateExpression = "SET #erasure = :complete",
        // Never creates an item: only a tombstone is marked.
        ConditionExpression = "attribute_exists(#erasedAt)",
        ExpressionAttributeNames = new Dictionary<string, string>(2) { ["#erasure"] = A.Erasure, ["#erasedAt"] = A.ErasedAt },
        ExpressionAttributeValues = new Dictionary<string, AttributeValue>(1) { [":complete"] = new() { S = Complete } },
        ReturnConsumedCapacity = Amazon.DynamoDBv2.ReturnConsumedCapacity.TOTAL,
    };

    /// <summary>Whether a state item is a tombstone.</summary>
    public static bool IsTombstone(Dictionary<string, AttributeValue>? item) => item is not null && item.ContainsKey(A.ErasedAt);
}
