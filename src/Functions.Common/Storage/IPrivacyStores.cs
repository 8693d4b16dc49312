using Tracking.Contracts.Api;
using Tracking.Functions.Observability;

namespace Tracking.Functions.Storage;

/// <summary>
/// Erasure of one package (GDPR Art. 17, CCPA deletion), in domain terms. The first call tombstones the package: from
/// then on reads find nothing, search lists nothing and appends answer <see cref="AppendOutcome.Gone"/>. It then
/// deletes the package's events until none is left or <c>workTime</c> is used up; the next call continues with what is
/// left (nothing else is remembered), so a package of any size is erased by repeating the call until
/// <see cref="ErasureStatus.Complete"/>. Idempotent: a call on an erased package re-checks and answers Complete.
/// </summary>
public interface IErasureStore
{
    Task<ErasureResult> EraseAsync(string trackingId, DateTime requestedAt, TimeSpan workTime, RequestMetrics metrics, CancellationToken cancellationToken);
}

public enum ErasureStatus
{
    /// <summary>Nothing was ever stored under this tracking id (and it was never erased).</summary>
    NotFound,

    /// <summary>Tombstoned; some events are still stored: call again.</summary>
    InProgress,

    /// <summary>Tombstoned and no event is left.</summary>
    Complete,
}

/// <summary>The outcome and how many events this call deleted.</summary>
public readonly record struct ErasureResult(ErasureStatus Status, int Deleted);

/// <summary>Audit records of data-subject requests: append and list, newest first, by the keyed hash of a tracking id.</summary>
public interface IAuditStore
{
    Task WriteAuditAsync(AuditRecord record, RequestMetrics metrics, CancellationToken cancellationToken);

    /// <exception cref="InvalidPagePositionException">The position was not issued by this store for this subject.</exception>
    Task<Page<AuditRecord>> ReadAuditAsync(string subject, PagePosition? position, int limit, RequestMetrics metrics, CancellationToken cancellationToken);
}

/// <summary>
/// One export or erasure. <see cref="Subject"/> is the keyed hash of the tracking id (never the id); the record holds
/// no metadata and no location. <see cref="ExpiresAt"/> is the TTL (Unix seconds): audit records always expire.
/// </summary>
public sealed record AuditRecord(string Subject, string Action, string Client, DateTime At, string Outcome, string RequestId, int Events, long ExpiresAt);

/// <summary>A package's latest state and the clients whose events it holds (object-level access).</summary>
public sealed record PackageRecord(PackageStateResponse State, IReadOnlySet<string> Contributors);
