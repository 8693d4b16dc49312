using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Tracking.Contracts.Domain;
using Tracking.Functions.Observability;
using A = Tracking.Contracts.Storage.ItemAttributes;
using T = Tracking.Contracts.Storage.TrackingTable;

namespace Tracking.Functions.Storage.DynamoDb;

/// <summary>
/// Audit records as items of their own partition per subject: pk = AUDIT#{subject}, sk = {at}#{requestId}#{action}, so a
/// subject's records are one Query, newest first. They carry no index keys (outside both indexes) and always a TTL.
/// A position is the sort key of the last record handed out.
/// </summary>
public sealed class DynamoDbAuditStore(IDynamoDb db, string tableName) : IAuditStore
{
    public const string AuditPrefix = "AUDIT#";

    public async Task WriteAuditAsync(AuditRecord record, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var response = await db.PutItemAsync(new PutItemRequest
        {
            TableName = tableName,
            Item = new Dictionary<string, AttributeValue>(10)
            {
                [T.PartitionKey] = new() { S = AuditPrefix + record.Subject },
                [T.SortKey] = new() { S = SortKey(record) },
                [A.AuditAction] = new() { S = record.Action },
                [A.AuditClient] = new() { S = record.Client },
                [A.AuditAt] = new() { S = Timestamps.ToStorage(record.At) },
                [A.AuditOutcome] = new() { S = record.Outcome },
                [A.AuditRequestId] = new() { S = record.RequestId },
                [A.AuditEvents] = new() { N = record.Events.ToString(CultureInfo.InvariantCulture) },
                [T.TimeToLive] = new() { N = record.ExpiresAt.ToString(CultureInfo.InvariantCulture) },
            },
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        }, cancellationToken).ConfigureAwait(false);
        metrics.RecordWrite(response.ConsumedCapacity);
    }

    public async Task<Page<AuditRecord>> ReadAuditAsync(string subject, PagePosition? position, int limit, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var pk = AuditPrefix + subject;
        Dictionary<string, AttributeValue>? start = null;
        if (position is { } p)
        {
            if (p.Token.Length <= Timestamps.StorageLength || p.Token[Timestamps.StorageLength] != '#') throw new InvalidPagePositionException("not an audit position");
            start = new Dictionary<string, AttributeValue>(2) { [T.PartitionKey] = new() { S = pk }, [T.SortKey] = new() { S = p.Token } };
        }
        var response = await db.QueryAsync(new QueryRequest
        {
            TableName = tableName,
            KeyConditionExpression = "#pk = :pk",
            ExpressionAttributeNames = new Dictionary<string, string>(1) { ["#pk"] = T.PartitionKey },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>(1) { [":pk"] = new() { S = pk } },
            ScanIndexForward = false,
            Limit = limit,
            ExclusiveStartKey = start,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        }, cancellationToken).ConfigureAwait(false);
        metrics.RecordRead(response.ConsumedCapacity);
        var records = new List<AuditRecord>(response.Items?.Count ?? 0);
        foreach (var item in response.Items ?? []) records.Add(ToRecord(subject, item));
        var next = response.LastEvaluatedKey is { Count: > 0 } last && last.TryGetValue(T.SortKey, out var sk) ? new PagePosition(sk.S) : (PagePosition?)null;
        return new Page<AuditRecord>(records, next);
    }

    /// <summary>"{at}#{requestId}#{action}": unique per record (one request writes one record of one action).</summary>
    private static string SortKey(AuditRecord record) => string.Concat(Timestamps.ToStorage(record.At), "#", record.RequestId, "#", record.Action);

    private static AuditRecord ToRecord(string subject, Dictionary<string, AttributeValue> item) => new(
        subject,
        item[A.AuditAction].S,
        item[A.AuditClient].S,
        Timestamps.TryParseStorage(item[A.AuditAt].S, out var at) ? at : default,
        item[A.AuditOutcome].S,
        item[A.AuditRequestId].S,
        int.Parse(item[A.AuditEvents].N, NumberStyles.Integer, CultureInfo.InvariantCulture),
        long.Parse(item[T.TimeToLive].N, NumberStyles.Integer, CultureInfo.InvariantCulture));
}
