using T = Tracking.Contracts.Storage.TrackingTable;

namespace Tracking.Functions.Storage.DynamoDb;

/// <summary>
/// A search position as a page token: one entry per status shard joined by '|', "-" for a shard not started, "" for
/// an exhausted one, else the last status sort key handed out ("{updatedAt}#{trackingId}": never '|', never just "-").
/// </summary>
internal static class ShardPositions
{
    private const char Separator = '|';
    private const string NotStarted = "-";

    public static PagePosition Encode(string?[] positions)
    {
        var length = positions.Length - 1;
        foreach (var position in positions) length += (position ?? NotStarted).Length;
        var token = string.Create(length, positions, static (chars, parts) =>
        {
            var at = 0;
            for (var s = 0; s < parts.Length; s++)
            {
                if (s > 0) chars[at++] = Separator;
                var part = parts[s] ?? NotStarted;
                part.CopyTo(chars[at..]);
                at += part.Length;
            }
        });
        return new PagePosition(token);
    }

    public static string?[] Decode(PagePosition position)
    {
        var parts = position.Token.Split(Separator);
        if (parts.Length != T.StatusIndexShards) throw new InvalidPagePositionException("not a status search position");
        var positions = new string?[parts.Length];
        for (var s = 0; s < parts.Length; s++)
        {
            positions[s] = parts[s] == NotStarted ? null : parts[s];
        }
        return positions;
    }
}
