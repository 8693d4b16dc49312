using Amazon.DynamoDBv2.Model;
using Tracking.Functions.Observability;

namespace Tracking.Functions.Storage.DynamoDb;

/// <summary>DynamoDB's consumed capacity into the request's storage accounting (every call asks for TOTAL).</summary>
internal static class ConsumedCapacityMetrics
{
    public static void RecordRead(this RequestMetrics metrics, ConsumedCapacity? capacity)
        => metrics.RecordRead(capacity is null ? 0 : capacity.ReadCapacityUnits ?? capacity.CapacityUnits ?? 0);

    public static void RecordWrite(this RequestMetrics metrics, ConsumedCapacity? capacity)
        => metrics.RecordWrite(capacity is null ? 0 : capacity.WriteCapacityUnits ?? capacity.CapacityUnits ?? 0);
}
