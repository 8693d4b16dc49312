using System.Diagnostics;
using Tracking.Contracts.Domain;
using Tracking.Functions.Observability;

namespace Tracking.Functions.Storage;

/// <summary>
/// Object-level access, erasure and audit in memory, with the DynamoDB store's semantics: contributors are the
/// clients of accepted appends (created or duplicate); a tombstone hides the package from every read and search and
/// turns appends into Gone; events are deleted 25 at a time (one BatchWriteItem) while the work time lasts.
/// </summary>
public sealed partial class InMemoryTrackingStore : IErasureStore, IAuditStore
{
    /// <summary>Deletes per batch, as DynamoDB's BatchWriteItem allows.</summary>
    public const int EraseBatchSize = 25;

    private const string AuditPrefix = "a:";

    private readonly Dictionary<string, HashSet<string>> _contributors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> _tombstones = new(StringComparer.Ordinal);
    private readonly List<AuditRecord> _audit = [];

    /// <summary>Stands in for the work time running out: an erasure call stops (in progress) after this many batches.</summary>
    public int? MaxEraseBatchesPerCall { get; set; }

    /// <summary>Tracking ids erased (or being erased), with when the erasure was first asked for.</summary>
    public IReadOnlyDictionary<string, DateTime> Tombstones { get { lock (_gate) return new Dictionary<string, DateTime>(_tombstones); } }

    public Task<PackageRecord?> GetPackageAsync(string trackingId, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Begin(StoreCall.GetState);
            metrics.RecordRead(ReadUnits);
            if (!_states.TryGetValue(trackingId, out var state)) return Task.FromResult<PackageRecord?>(null);
            IReadOnlySet<string> contributors = _contributors.TryGetValue(trackingId, out var set) ? new HashSet<string>(set, StringComparer.Ordinal) : new HashSet<string>();
            return Task.FromResult<PackageRecord?>(new PackageRecord(state.ToResponse(), contributors));
        }
    }

    public Task<ErasureResult> EraseAsync(string trackingId, DateTime requestedAt, TimeSpan workTime, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            Begin(StoreCall.Tombstone);
            if (!_tombstones.ContainsKey(trackingId) && !_states.ContainsKey(trackingId) && !EventKeysOf(trackingId).Any())
            {
                metrics.RecordFailedWrite(1);
                return Task.FromResult(new ErasureResult(ErasureStatus.NotFound, 0));
            }
            _tombstones.TryAdd(trackingId, requestedAt);
            _states.Remove(trackingId);
            _contributors.Remove(trackingId);
            metrics.RecordWrite(WriteUnits);

            var deleted = 0;
            for (var batches = 0; ; batches++)
            {
                Begin(StoreCall.DeleteEvents);
                metrics.RecordRead(ReadUnits);
                var batch = EventKeysOf(trackingId).Take(EraseBatchSize).ToList();
                if (batch.Count == 0) return Task.FromResult(new ErasureResult(ErasureStatus.Complete, deleted));
                if (Stopwatch.GetElapsedTime(started) >= workTime || batches >= (MaxEraseBatchesPerCall ?? int.MaxValue)) break;
                foreach (var key in batch) _events.Remove(key);
                metrics.RecordWrite(WriteUnits * batch.Count);
                deleted += batch.Count;
            }
            return Task.FromResult(new ErasureResult(ErasureStatus.InProgress, deleted));
        }
    }

    public Task WriteAuditAsync(AuditRecord record, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Begin(StoreCall.WriteAudit);
            _audit.Add(record);
            metrics.RecordWrite(WriteUnits);
            return Task.CompletedTask;
        }
    }

    public Task<Page<AuditRecord>> ReadAuditAsync(string subject, PagePosition? position, int limit, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var after = position is { } p ? Unwrap(p, AuditPrefix) : null;
        lock (_gate)
        {
            Begin(StoreCall.ReadAudit);
            metrics.RecordRead(ReadUnits);
            var matching = _audit
                .Where(r => r.Subject == subject && (after is null || string.CompareOrdinal(AuditOrder(r), after) < 0))
                .OrderByDescending(AuditOrder, StringComparer.Ordinal)
                .ToList();
            var page = matching.Take(limit).ToList();
            PagePosition? next = matching.Count > page.Count ? new PagePosition(AuditPrefix + AuditOrder(page[^1])) : null;
            return Task.FromResult(new Page<AuditRecord>(page, next));
        }
    }

    /// <summary>Whether an append to this package must be refused (410): it was erased.</summary>
    private bool IsErased(string trackingId) => _tombstones.ContainsKey(trackingId);

    private void AddContributor(string trackingId, string client)
    {
        if (!_contributors.TryGetValue(trackingId, out var set)) _contributors[trackingId] = set = new HashSet<string>(StringComparer.Ordinal);
        set.Add(client);
    }

    private IEnumerable<(string TrackingId, string EventId)> EventKeysOf(string trackingId)
        => _events.Keys.Where(k => string.Equals(k.TrackingId, trackingId, StringComparison.Ordinal));

    /// <summary>"{at}#{requestId}#{action}", as the DynamoDB audit sort key orders records.</summary>
    private static string AuditOrder(AuditRecord record)
        => string.Concat(Timestamps.ToStorage(record.At), "#", record.RequestId, "#", record.Action);
}
