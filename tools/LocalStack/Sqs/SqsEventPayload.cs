using System.Buffers;
using System.Text.Json;

namespace Tracking.LocalStack.Sqs;

/// <summary>The Lambda event an SQS event source mapping sends, and the partial-batch response it honours.</summary>
public static class SqsEventPayload
{
    public static byte[] Build(IReadOnlyList<ReceivedMessage> batch, string queueArn, string region)
    {
        var buffer = new ArrayBufferWriter<byte>(1024 * batch.Count);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("Records");
            var all = new HashSet<string>(["All"], StringComparer.Ordinal);
            foreach (var message in batch)
            {
                w.WriteStartObject();
                w.WriteString("messageId", message.Message.MessageId);
                w.WriteString("receiptHandle", message.ReceiptHandle);
                w.WriteString("body", message.Message.Body);
                w.WriteStartObject("attributes");
                foreach (var (name, value) in SqsMessageActions.SystemAttributes(message, all)) w.WriteString(name, value);
                w.WriteEndObject();
                w.WriteStartObject("messageAttributes");
                w.WriteEndObject();
                w.WriteString("md5OfBody", message.Message.Md5OfBody);
                w.WriteString("eventSource", "aws:sqs");
                w.WriteString("eventSourceARN", queueArn);
                w.WriteString("awsRegion", region);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The message ids to keep (failed), from a `{"batchItemFailures": [{"itemIdentifier": id}]}` response, as Lambda
    /// reads it with ReportBatchItemFailures: null, empty or no list → all succeeded; an identifier that is empty,
    /// not a string, or not in the batch, or a response that is not that JSON → the whole batch failed.
    /// </summary>
    public static IReadOnlySet<string> FailedIds(byte[] response, IReadOnlyList<ReceivedMessage> batch)
    {
        var all = batch.Select(m => m.Message.MessageId).ToHashSet(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(response.Length == 0 ? "null"u8.ToArray() : response);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null) return new HashSet<string>();
            if (root.ValueKind != JsonValueKind.Object) return all;
            if (!root.TryGetProperty("batchItemFailures", out var failures) || failures.ValueKind == JsonValueKind.Null) return new HashSet<string>();
            if (failures.ValueKind != JsonValueKind.Array) return all;
            var failed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var failure in failures.EnumerateArray())
            {
                if (failure.ValueKind != JsonValueKind.Object || !failure.TryGetProperty("itemIdentifier", out var id)
                    || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 } messageId || !all.Contains(messageId))
                {
                    return all;
                }
                failed.Add(messageId);
            }
            return failed;
        }
        catch (JsonException)
        {
            return all;
        }
    }
}
