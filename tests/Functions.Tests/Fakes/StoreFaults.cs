using Tracking.Functions.Resilience;

namespace Tracking.Functions.Tests.Fakes;

/// <summary>Storage faults as a store reports them across the seam (its adapter has already classified the AWS error).</summary>
internal static class StoreFaults
{
    public static StorageUnavailableException Throttled() => new(StorageFault.Throttled, "rate exceeded");

    public static StorageUnavailableException Unreachable() => new(StorageFault.Failed, "connection refused", new HttpRequestException("connection refused"));
}
