using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Tracking.Functions.Paging;

/// <summary>What a cursor carries: the query it belongs to and where the next page starts.</summary>
public sealed class CursorPayload
{
    /// <summary>Hash of the query's identity (route, tracking id, filters), so a cursor cannot be replayed on another query.</summary>
    public string Q { get; set; } = "";

    /// <summary>DynamoDB exclusive start key (all key attributes are strings in this table).</summary>
    public Dictionary<string, string>? K { get; set; }

    /// <summary>Per status-index shard: the last sort key consumed, null when not started, "" when exhausted.</summary>
    public List<string?>? S { get; set; }
}

/// <summary>
/// Opaque, tamper-evident pagination cursors: base64url(JSON) "." base64url(HMAC-SHA256 truncated to 128 bits).
/// Clients cannot forge a start key (which could read across packages) or move a cursor to another query.
/// </summary>
public sealed class CursorCodec(byte[] key)
{
    private const int MacBytes = 16;

    public string Encode(CursorPayload payload)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(payload, FunctionsJsonContext.Default.CursorPayload);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, json, mac);
        return string.Concat(Base64Url.EncodeToString(json), ".", Base64Url.EncodeToString(mac[..MacBytes]));
    }

    /// <summary>Null when the cursor is malformed, forged, or belongs to another query.</summary>
    public CursorPayload? Decode(string cursor, string expectedQuery)
    {
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == cursor.Length - 1 || cursor.Length > 4096) return null;
        byte[] json, mac;
        try
        {
            json = Base64Url.DecodeFromChars(cursor.AsSpan(0, dot));
            mac = Base64Url.DecodeFromChars(cursor.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return null;
        }
        if (mac.Length != MacBytes) return null;

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, json, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected[..MacBytes], mac)) return null;

        CursorPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize(json, FunctionsJsonContext.Default.CursorPayload);
        }
        catch (JsonException)
        {
            return null;
        }
        return payload is not null && payload.Q == expectedQuery ? payload : null;
    }

    /// <summary>A short stable identity for a query, from its parts.</summary>
    public static string QueryIdentity(params ReadOnlySpan<string?> parts)
    {
        var builder = new StringBuilder(128);
        foreach (var part in parts) builder.Append(part).Append('\u001f');
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString()), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }
}
