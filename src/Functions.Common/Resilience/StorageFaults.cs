namespace Tracking.Functions.Resilience;

/// <summary>
/// Which exceptions mean "storage could not complete the call, retry later", in the storage seam's terms: a
/// <see cref="StorageUnavailableException"/> (what a store's adapter turns its own faults into, e.g.
/// <c>Storage.DynamoDb.DynamoDbFaults</c>), or the invocation budget running out while storage was called.
/// Anything else is a bug and stays a 500.
/// </summary>
public static class StorageFaults
{
    public static StorageFault? Classify(Exception e, CancellationToken budget) => e switch
    {
        StorageUnavailableException s => s.Fault,
        OperationCanceledException => budget.IsCancellationRequested ? StorageFault.BudgetSpent : StorageFault.Failed,
        TimeoutException => StorageFault.BudgetSpent,
        _ => null,
    };
}
