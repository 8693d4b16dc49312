using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tracking.Functions.Storage;

namespace Tracking.Functions.Paging;

/// <summary>What a cursor carries: the query it belongs to and where the next page starts.</summary>
public sealed class CursorPayload
{
    /// <summary>Hash of the query's identity (route, tracking id, filters), so a cursor cannot be replayed on another query.</summary>
    public string Q { get; set; } = "";

    /// <summary>The store's page position, opaque here (<see cref="PagePosition.Token"/>).</summary>
    public string? P { get; set; }
}

/// <summary>
/// Opaque, tamper-evident pagination cursors: base64url(JSON) "." base64url(HMAC-SHA256 truncated to 128 bits).
/// A cursor carries a store's page position bound to one query: clients can neither forge a position nor move a
/// cursor to another query.
/// </summary>
public sealed class CursorCodec(byte[] key)
{
    private const int MacBytes = 16;

    /// <summary>The cursor for the page of <paramref name="query"/> (a <see cref="QueryIdentity"/>) that starts at <paramref name="position"/>.</summary>
    public string Encode(string query, PagePosition position) => Encode(new CursorPayload { Q = query, P = position.Token });

    /// <summary>The position in a cursor issued for <paramref name="expectedQuery"/>; null when the cursor is malformed,
    /// forged, or belongs to another query.</summary>
    public PagePosition? DecodePosition(string cursor, string expectedQuery)
        => Decode(cursor, expectedQuery) is { P: { Length: > 0 } token } ? new PagePosition(token) : null;

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
