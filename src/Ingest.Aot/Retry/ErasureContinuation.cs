using Tracking.Functions.Configuration;
using Tracking.Functions.Observability;
using Tracking.Functions.Privacy;
using Tracking.Functions.Resilience;
using Tracking.Functions.Storage;

namespace Tracking.Ingest.Retry;

/// <summary>What one round of a queued erasure came to.</summary>
public enum ErasureRound
{
    /// <summary>Nothing is left of the package (audited when this round deleted the last of it).</summary>
    Complete,

    /// <summary>Events were deleted and some are left: a fresh continuation is on the queue.</summary>
    Continued,

    /// <summary>Nothing could be deleted in the time left: the message is retried like a failed update.</summary>
    NoProgress,
}

/// <summary>
/// Finishes the erasures the API could not finish within its call, so a data-subject request completes without anyone
/// repeating it. Each round works as long as the consumer's budget allows (at most <see cref="MaxWorkTime"/>), then
/// completes, or puts a fresh continuation on the queue: a fresh receive count, so a package of any size takes the
/// rounds it needs, and only rounds that delete nothing count towards the dead-letter queue's receive limit.
/// </summary>
public sealed class ErasureContinuation(IErasureStore erasure, IAuditStore audit, PrivacySettings privacy, IRetryQueueClient queue, TimeProvider clock)
{
    /// <summary>One round's longest work time (the consumer's timeout is 60 s; a batch holds other messages too).</summary>
    public static readonly TimeSpan MaxWorkTime = TimeSpan.FromSeconds(20);

    /// <summary>Kept back from the budget for the continuation's enqueue and the audit write.</summary>
    public static readonly TimeSpan KeptBack = TimeSpan.FromSeconds(2);

    public async Task<ErasureRound> RunAsync(QueuedErasure job, InvocationBudget budget, RequestMetrics usage)
    {
        var workTime = budget.Remaining - KeptBack;
        workTime = workTime < TimeSpan.Zero ? TimeSpan.Zero : workTime > MaxWorkTime ? MaxWorkTime : workTime;
        var result = await erasure.EraseAsync(job.TrackingId, job.RequestedAt, workTime, usage, budget.Token).ConfigureAwait(false);
        if (result.Status == ErasureStatus.InProgress)
        {
            if (result.Deleted == 0) return ErasureRound.NoProgress;
            await queue.EnqueueAsync(job.Write(), budget.Token).ConfigureAwait(false);
            return ErasureRound.Continued;
        }

        // The round that deleted the last events records the completion, under the request that asked for it; a
        // continuation that finds the work already done (a repeated DELETE finished it) adds nothing to the trail.
        if (result.Deleted > 0)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var record = PackageAccess.Audit(privacy, job.TrackingId, "erase", job.Client, now, "complete", job.RequestId, result.Deleted);
            await audit.WriteAuditAsync(record, usage, budget.Token).ConfigureAwait(false);
        }
        return ErasureRound.Complete;
    }
}
