namespace Tracking.Functions.Observability;

/// <summary>
/// Per-request storage accounting: the store reports every call and the capacity it consumed here; the total becomes
/// the request's cost metric. A conditional write that fails still costs its write units; DynamoDB does not return
/// them with the exception, so the store counts each as 1 write unit (exact for items up to 1 KB, which ours are).
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

    /// <summary>One storage call that read <paramref name="units"/> read capacity units.</summary>
    public void RecordRead(double units) => Record(reads: units, writes: 0);

    /// <summary>One storage call that wrote <paramref name="units"/> write capacity units.</summary>
    public void RecordWrite(double units) => Record(reads: 0, writes: units);

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
