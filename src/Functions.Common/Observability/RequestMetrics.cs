using Amazon.DynamoDBv2.Model;

namespace Tracking.Functions.Observability;

/// <summary>
/// Per-request DynamoDB accounting: every call asks for consumed capacity and reports it here; the total becomes the
/// request's cost metric. A conditional write that fails still costs its write units; DynamoDB does not return them
/// with the exception, so each is counted as 1 write unit (exact for items up to 1 KB, which ours are).
/// </summary>
public sealed class RequestMetrics
{
    // A batch writes items concurrently; the lock is uncontended on every other route.
    private readonly Lock _gate = new();

    public int DynamoDbCalls { get; private set; }
    public double ReadUnits { get; private set; }
    public double WriteUnits { get; private set; }

    public void Reset()
    {
        lock (_gate)
        {
            DynamoDbCalls = 0;
            ReadUnits = 0;
            WriteUnits = 0;
        }
    }

    public void RecordRead(ConsumedCapacity? capacity)
        => Record(reads: capacity is null ? 0 : capacity.ReadCapacityUnits ?? capacity.CapacityUnits ?? 0, writes: 0);

    public void RecordWrite(ConsumedCapacity? capacity)
        => Record(reads: 0, writes: capacity is null ? 0 : capacity.WriteCapacityUnits ?? capacity.CapacityUnits ?? 0);

    public void RecordFailedWrite(double estimatedUnits) => Record(0, estimatedUnits);

    private void Record(double reads, double writes)
    {
        lock (_gate)
        {
            DynamoDbCalls++;
            ReadUnits += reads;
            WriteUnits += writes;
        }
    }
}
