using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Tracking.Contracts.Api;
using Tracking.Contracts.Domain;

namespace Tracking.Contracts.Validation;

/// <summary>Every rule of a tracking update, reported per field; the caller gets all errors at once, not the first.</summary>
public static class EventValidator
{
    public const string DerivedEventIdPrefix = "auto-";

    /// <summary>Canonical bytes keep non-ASCII text as UTF-8 (not \uXXXX), so the metadata limit counts what partners count.</summary>
    private static readonly JsonWriterOptions CanonicalWriter = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static ValidatedEvent? Validate(TrackingEventRequest request, string? trackingId, EventRules rules, List<FieldError> errors)
    {
        var start = errors.Count;

        if (trackingId is null)
        {
            errors.Add(new("trackingId", "is required"));
        }
        else if (!Identifiers.IsValidTrackingId(trackingId))
        {
            errors.Add(new("trackingId", Identifiers.TrackingIdRule));
        }

        var status = PackageStatus.Normalize(request.Status);
        if (request.Status is null) errors.Add(new("status", "is required"));
        else if (status is null) errors.Add(new("status", "must be one of: " + PackageStatus.AllowedList));

        var timestamp = default(DateTime);
        if (request.Timestamp is null)
        {
            errors.Add(new("timestamp", "is required"));
        }
        else if (!Timestamps.TryParseRfc3339(request.Timestamp, out timestamp))
        {
            errors.Add(new("timestamp", Timestamps.Rule));
        }
        else if (timestamp > rules.Clock.GetUtcNow().UtcDateTime + EventRules.MaxClockSkew)
        {
            errors.Add(new("timestamp", "must not be more than 5 minutes in the future"));
        }

        double? lat = null, lon = null;
        if (request.Location is { } location)
        {
            if (location.Lat is not { } la) errors.Add(new("location.lat", "is required when location is given"));
            else if (la is < -90 or > 90) errors.Add(new("location.lat", "must be between -90 and 90"));
            else lat = la;

            if (location.Lon is not { } lo) errors.Add(new("location.lon", "is required when location is given"));
            else if (lo is < -180 or > 180) errors.Add(new("location.lon", "must be between -180 and 180"));
            else lon = lo;
        }

        var eventType = request.EventType ?? EventRules.DefaultEventType;
        if (!rules.EventTypes.TryGetValue(eventType, out var knownType))
        {
            errors.Add(new("eventType", "must be one of: " + rules.EventTypesText));
        }
        else
        {
            eventType = knownType;
        }

        if (request.EventId is not null && !Identifiers.IsValidEventId(request.EventId))
        {
            errors.Add(new("eventId", Identifiers.EventIdRule));
        }

        var metadata = ValidateMetadata(request.Metadata, errors);

        if (errors.Count > start) return null;

        var hash = ContentHash(trackingId!, status!, timestamp, lat, lon, eventType, metadata, errors);
        if (errors.Count > start) return null;

        return new ValidatedEvent
        {
            TrackingId = trackingId!,
            EventId = request.EventId ?? DerivedEventIdPrefix + hash[..32],
            Status = status!,
            EventType = eventType,
            Timestamp = timestamp,
            Lat = lat,
            Lon = lon,
            Metadata = metadata,
            ContentHash = hash,
        };
    }

    private static KeyValuePair<string, MetadataValue>[]? ValidateMetadata(Dictionary<string, JsonElement>? metadata, List<FieldError> errors)
    {
        // An empty object stores nothing (the item has no metadata map), so it must hash like no metadata at all.
        if (metadata is null || metadata.Count == 0) return null;
        if (metadata.Count > EventRules.MetadataMaxKeys)
        {
            errors.Add(new("metadata", $"must have at most {EventRules.MetadataMaxKeys} keys"));
            return null;
        }

        var result = new KeyValuePair<string, MetadataValue>[metadata.Count];
        var i = 0;
        var ok = true;
        foreach (var (key, element) in metadata)
        {
            var field = "metadata." + key;
            if (key.Length == 0 || key.Length > EventRules.MetadataKeyMaxLength || key.AsSpan().ContainsAnyInRange('\0', '\u001f'))
            {
                errors.Add(new("metadata", $"keys must be 1-{EventRules.MetadataKeyMaxLength} characters without control characters"));
                ok = false;
                continue;
            }

            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    result[i++] = new(key, MetadataValue.FromString(element.GetString()!));
                    break;
                case JsonValueKind.Number when element.TryGetDecimal(out var number) && IsExact(element.GetRawText(), number):
                    result[i++] = new(key, MetadataValue.FromNumber(number));
                    break;
                case JsonValueKind.Number:
                    errors.Add(new(field, "must be a number with at most 28 significant digits and magnitude below 7.9e28"));
                    ok = false;
                    break;
                case JsonValueKind.True:
                case JsonValueKind.False:
                    result[i++] = new(key, MetadataValue.FromBoolean(element.ValueKind == JsonValueKind.True));
                    break;
                default:
                    errors.Add(new(field, "must be a string, number or boolean (metadata is flat)"));
                    ok = false;
                    break;
            }
        }

        if (!ok) return null;
        Array.Sort(result, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return result;
    }

    /// <summary>
    /// TryGetDecimal rounds past 28 significant digits and turns tiny values into 0; a number must be stored as sent,
    /// so it is accepted only when the decimal has the same significant digits and exponent as the JSON text.
    /// </summary>
    private static bool IsExact(string json, decimal value)
        => Significand(json.AsSpan()) is { } sent && Significand(value.ToString(CultureInfo.InvariantCulture).AsSpan()) is { } parsed && sent == parsed;

    /// <summary>"-12.50e3" → ("-125", 2): sign and digits without leading or trailing zeros, and the power of ten of the last digit.</summary>
    private static (string Digits, long Exponent)? Significand(ReadOnlySpan<char> number)
    {
        var negative = number.StartsWith("-");
        if (negative) number = number[1..];
        long exponent = 0;
        var e = number.IndexOfAny('e', 'E');
        if (e >= 0)
        {
            if (!long.TryParse(number[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent)) return null;
            number = number[..e];
        }
        var dot = number.IndexOf('.');
        var digits = dot < 0 ? number.ToString() : string.Concat(number[..dot], number[(dot + 1)..]);
        if (dot >= 0) exponent -= number.Length - dot - 1;
        digits = digits.TrimStart('0');
        var trimmed = digits.TrimEnd('0');
        exponent += digits.Length - trimmed.Length;
        if (trimmed.Length == 0) return ("0", 0);
        return ((negative ? "-" : "") + trimmed, exponent);
    }

    /// <summary>
    /// Hash of the canonical JSON of the content. The same write retried, in any key order or number spelling,
    /// hashes the same; that is what makes derived event ids and duplicate detection work.
    /// Also enforces the metadata size limit on the canonical bytes, so the limit does not depend on whitespace.
    /// </summary>
    private static string ContentHash(string trackingId, string status, DateTime timestamp, double? lat, double? lon,
        string eventType, KeyValuePair<string, MetadataValue>[]? metadata, List<FieldError> errors)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, CanonicalWriter))
        {
            writer.WriteStartObject();
            writer.WriteString("trackingId", trackingId);
            writer.WriteString("status", status);
            writer.WriteString("timestamp", Timestamps.ToStorage(timestamp));
            writer.WriteString("eventType", eventType);
            if (lat is { } la && lon is { } lo)
            {
                writer.WriteStartArray("location");
                writer.WriteNumberValue(la);
                writer.WriteNumberValue(lo);
                writer.WriteEndArray();
            }

            if (metadata is not null)
            {
                writer.Flush();
                var before = buffer.WrittenCount;
                writer.WriteStartObject("metadata");
                foreach (var (key, value) in metadata)
                {
                    switch (value.Kind)
                    {
                        case MetadataKind.String: writer.WriteString(key, value.Text); break;
                        case MetadataKind.Number: writer.WriteNumber(key, value.Number); break;
                        default: writer.WriteBoolean(key, value.Boolean); break;
                    }
                }
                writer.WriteEndObject();
                writer.Flush();
                if (buffer.WrittenCount - before > EventRules.MetadataMaxBytes + "\"metadata\":".Length + 1)
                {
                    errors.Add(new("metadata", $"must be at most {EventRules.MetadataMaxBytes} bytes as JSON"));
                }
            }
            writer.WriteEndObject();
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, digest);
        return Convert.ToHexStringLower(digest);
    }
}
