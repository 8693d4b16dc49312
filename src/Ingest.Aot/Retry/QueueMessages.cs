using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Tracking.Ingest.Retry;

/// <summary>The retry queue's message envelope: a JSON object led by the format version <c>v</c>, times in UTC with
/// milliseconds. <see cref="QueuedUpdate"/> and <see cref="QueuedErasure"/> write and read their fields through it.</summary>
internal static class QueueMessages
{
    public const int Version = 1;

    public static string Write(Action<Utf8JsonWriter> fields)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("v", Version);
            fields(w);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The body as JSON, or null when it is not JSON. The caller reads the kinds from one parse.</summary>
    public static JsonDocument? TryParse(string body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string Time(DateTime value) => value.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    public static bool HasVersion(JsonElement root)
        => root.ValueKind == JsonValueKind.Object && root.TryGetProperty("v", out var v) && v.ValueKind == JsonValueKind.Number
           && v.TryGetInt32(out var version) && version == Version;

    public static string Text(JsonElement root, string name) => root.GetProperty(name).GetString() ?? throw new FormatException(name);

    public static DateTime ReadTime(JsonElement root, string name)
        => DateTime.Parse(Text(root, name), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
