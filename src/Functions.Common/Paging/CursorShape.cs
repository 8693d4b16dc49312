using Tracking.Contracts.Domain;
using T = Tracking.Contracts.Storage.TrackingTable;

namespace Tracking.Functions.Paging;

/// <summary>
/// What a decoded cursor may hold. The signature proves we issued a cursor, not that its fields are keys DynamoDB
/// accepts: a cursor signed by an older version, or with a leaked key, must still end in 400, never in a
/// ValidationException from DynamoDB (a 500). So every field is checked against the shape we write and against the
/// query's own bounds, which DynamoDB also requires of an exclusive start key.
/// </summary>
public static class CursorShape
{
    /// <summary>A history start key: this package's event item, its event-time key inside [lower, upper).</summary>
    public static bool IsHistoryKey(Dictionary<string, string> key, string trackingId, string lowerBound, string upperBound)
    {
        if (key.Count != 3
            || !key.TryGetValue(T.PartitionKey, out var pk) || pk != T.PackageKey(trackingId)
            || !key.TryGetValue(T.SortKey, out var sk) || !sk.StartsWith(T.EventPrefix, StringComparison.Ordinal)
            || !key.TryGetValue(T.EventTimeSortKey, out var timeKey))
        {
            return false;
        }
        var eventId = sk.AsSpan(T.EventPrefix.Length);
        return Identifiers.IsValidEventId(eventId)
               && IsTimeKey(timeKey, out var suffix) && suffix.SequenceEqual(eventId)
               && string.CompareOrdinal(timeKey, lowerBound) >= 0 && string.CompareOrdinal(timeKey, upperBound) < 0;
    }

    /// <summary>One entry per status-index shard: null (not started), "" (exhausted) or a status sort key inside (lower, upper].</summary>
    public static bool AreSearchPositions(List<string?> positions, string lowerBound, string upperBound)
    {
        if (positions.Count != T.StatusIndexShards) return false;
        foreach (var position in positions)
        {
            if (string.IsNullOrEmpty(position)) continue;
            if (!IsTimeKey(position, out var trackingId) || !Identifiers.IsValidTrackingId(trackingId)) return false;
            if (string.CompareOrdinal(position, lowerBound) < 0 || string.CompareOrdinal(position, upperBound) > 0) return false;
        }
        return true;
    }

    /// <summary>"{fixed-width UTC time}#{suffix}", as <see cref="T.EventTimeKey"/> and <see cref="T.StatusSortValue"/> write it.</summary>
    private static bool IsTimeKey(string value, out ReadOnlySpan<char> suffix)
    {
        suffix = default;
        if (value.Length <= Timestamps.StorageLength + 1 || value[Timestamps.StorageLength] != '#') return false;
        if (!Timestamps.TryParseStorage(value[..Timestamps.StorageLength], out _)) return false;
        suffix = value.AsSpan(Timestamps.StorageLength + 1);
        return true;
    }
}
