using System.Text;
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
        var token = new StringBuilder(positions.Length * 40);
        for (var s = 0; s < positions.Length; s++)
        {
            if (s > 0) token.Append(Separator);
            token.Append(positions[s] ?? NotStarted);
        }
        return new PagePosition(token.ToString());
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
