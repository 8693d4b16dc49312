using System.Globalization;
using System.Text.Json;

namespace Tracking.Ingest.Retry;

/// <summary>One record of an SQS event, the members the consumer reads.</summary>
public sealed record SqsRecord(string MessageId, string ReceiptHandle, string Body, int ReceiveCount);

/// <summary>Lambda's SQS event: recognised by shape, read without reflection.</summary>
public static class SqsEvent
{
    /// <summary>
    /// True when the payload's top level has "Records" (an SQS event); API Gateway events never do. Only top-level
    /// names are compared and values skipped: no allocation, a few microseconds, nothing built at init.
    /// </summary>
    public static bool IsSqsEvent(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("Records"u8)) return true;
                reader.Read();
                reader.TrySkip();
            }
        }
        catch (JsonException)
        {
            // Not JSON at all: not ours to read; the API path reports it as before.
        }
        return false;
    }

    public static List<SqsRecord> Read(ReadOnlyMemory<byte> payload)
    {
        using var document = JsonDocument.Parse(payload);
        var records = new List<SqsRecord>();
        foreach (var record in document.RootElement.GetProperty("Records").EnumerateArray())
        {
            var count = record.TryGetProperty("attributes", out var attributes)
                        && attributes.TryGetProperty("ApproximateReceiveCount", out var text)
                        && int.TryParse(text.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 1;
            records.Add(new SqsRecord(
                record.GetProperty("messageId").GetString() ?? "",
                record.GetProperty("receiptHandle").GetString() ?? "",
                record.GetProperty("body").GetString() ?? "",
                count));
        }
        return records;
    }
}
