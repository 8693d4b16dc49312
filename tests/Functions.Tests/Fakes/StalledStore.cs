using System.Diagnostics;
using Tracking.Contracts.Validation;
using Tracking.Functions.Observability;
using Tracking.Functions.Storage;

namespace Tracking.Functions.Tests.Fakes;

/// <summary>A table that never answers: only the invocation budget's token ends a write.</summary>
internal sealed class StalledStore : ITrackingWriteStore
{
    public async Task<AppendResult> AppendAsync(ValidatedEvent trackingEvent, string source, DateTime receivedAt, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new UnreachableException();
    }
}
