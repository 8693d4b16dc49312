using Tracking.Contracts.Domain;

namespace Tracking.Functions.Storage.DynamoDb;

/// <summary>
/// What a page position may hold before it becomes an ExclusiveStartKey. The cursor's signature proves we issued it,
/// not that its fields are keys DynamoDB accepts: a cursor from an older version, or signed with a leaked key, must
/// end in 400 (<see cref="InvalidPagePositionException"/>), never in a ValidationException from DynamoDB (a 500).
/// So each key is checked against the shape we write and the query's own bounds, which DynamoDB also requires.
/// </summary>
internal static class PositionShape
{
    /// <summary>A history position: "{time}#{event id}" inside the query's [lower, upper) event-time range.</summary>
    public static void CheckHistory(string token, string lowerBound, string upperBound)
    {
        if (!IsTimeKey(token) || ItemKeys.EventIdFromEventTimeKey(token) is null || !Within(token, lowerBound, upperBound, upperInclusive: false))
        {
            throw new InvalidPagePositionException("not a history position of this query");
        }
    }

    /// <summary>Status-search positions: null (not started), "" (exhausted) or "{time}#{tracking id}" inside (lower, upper].</summary>
    public static void CheckSearch(string?[] positions, string lowerBound, string upperBound)
    {
        foreach (var position in positions)
        {
            if (string.IsNullOrEmpty(position)) continue;
            if (!IsTimeKey(position) || !Identifiers.IsValidTrackingId(ItemKeys.TrackingIdFromStatusSortValue(position))
                || !Within(position, lowerBound, upperBound, upperInclusive: true))
            {
                throw new InvalidPagePositionException("not a status search position of this query");
            }
        }
    }

    private static bool IsTimeKey(string value)
        => value.Length > Timestamps.StorageLength + 1 && value[Timestamps.StorageLength] == '#'
           && Timestamps.TryParseStorage(value[..Timestamps.StorageLength], out _);

    private static bool Within(string value, string lower, string upper, bool upperInclusive)
        => string.CompareOrdinal(value, lower) >= 0 && (upperInclusive ? string.CompareOrdinal(value, upper) <= 0 : string.CompareOrdinal(value, upper) < 0);
}
