using System.Globalization;
using System.Text.Json;

namespace Tracking.LocalStack.Sqs;

/// <summary>The message operations of SQS's JSON protocol: send, receive, delete, change visibility (single and batch).</summary>
public sealed class SqsMessageActions(SqsBroker broker)
{
    /// <summary>The sender id SQS reports for messages sent with the local credentials.</summary>
    public const string LocalSenderId = "AIDALOCALSTACKSENDER";

    public void SendMessage(SqsRequest request, Utf8JsonWriter w)
    {
        RejectMessageAttributes(request);
        var queue = broker.GetByUrl(request.String("QueueUrl"));
        var message = queue.Send(request.RequiredString("MessageBody"), request.Int("DelaySeconds", 0, SqsQueueSettings.MaxDelaySeconds));
        w.WriteString("MessageId", message.MessageId);
        w.WriteString("MD5OfMessageBody", message.Md5OfBody);
    }

    public void SendMessageBatch(SqsRequest request, Utf8JsonWriter w)
    {
        var queue = broker.GetByUrl(request.String("QueueUrl"));
        var entries = request.Entries();
        var successful = new List<(string Id, SqsMessage Message)>();
        var failed = new List<(string Id, SqsException Error)>();
        foreach (var entry in entries)
        {
            var id = entry.RequiredString("Id");
            try
            {
                RejectMessageAttributes(entry);
                successful.Add((id, queue.Send(entry.RequiredString("MessageBody"), entry.Int("DelaySeconds", 0, SqsQueueSettings.MaxDelaySeconds))));
            }
            catch (SqsException e)
            {
                failed.Add((id, e));
            }
        }
        w.WriteStartArray("Successful");
        foreach (var (id, message) in successful)
        {
            w.WriteStartObject();
            w.WriteString("Id", id);
            w.WriteString("MessageId", message.MessageId);
            w.WriteString("MD5OfMessageBody", message.Md5OfBody);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteFailed(w, failed);
    }

    public async Task ReceiveMessageAsync(SqsRequest request, Utf8JsonWriter w, CancellationToken cancellationToken)
    {
        var queue = broker.GetByUrl(request.String("QueueUrl"));
        var max = request.Int("MaxNumberOfMessages", 1, 10) ?? 1;
        var visibility = request.Int("VisibilityTimeout", 0, SqsQueueSettings.MaxVisibilityTimeoutSeconds);
        var wait = request.Int("WaitTimeSeconds", 0, SqsQueueSettings.MaxWaitTimeSeconds) ?? queue.Settings.ReceiveMessageWaitTimeSeconds;
        var attributes = request.Strings("MessageSystemAttributeNames").Concat(request.Strings("AttributeNames")).ToHashSet(StringComparer.Ordinal);

        var received = await queue.ReceiveAsync(max, visibility is { } v ? TimeSpan.FromSeconds(v) : null, TimeSpan.FromSeconds(wait), cancellationToken).ConfigureAwait(false);
        if (received.Count == 0) return; // SQS answers {} when nothing arrived
        w.WriteStartArray("Messages");
        foreach (var message in received)
        {
            w.WriteStartObject();
            w.WriteString("MessageId", message.Message.MessageId);
            w.WriteString("ReceiptHandle", message.ReceiptHandle);
            w.WriteString("MD5OfBody", message.Message.Md5OfBody);
            w.WriteString("Body", message.Message.Body);
            var system = SystemAttributes(message, attributes).ToList();
            if (system.Count > 0)
            {
                w.WriteStartObject("Attributes");
                foreach (var (name, value) in system) w.WriteString(name, value);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public void DeleteMessage(SqsRequest request, Utf8JsonWriter w)
        => broker.GetByUrl(request.String("QueueUrl")).Delete(request.RequiredString("ReceiptHandle"));

    public void DeleteMessageBatch(SqsRequest request, Utf8JsonWriter w)
    {
        var queue = broker.GetByUrl(request.String("QueueUrl"));
        var successful = new List<string>();
        var failed = new List<(string Id, SqsException Error)>();
        foreach (var entry in request.Entries())
        {
            var id = entry.RequiredString("Id");
            try
            {
                queue.Delete(entry.RequiredString("ReceiptHandle"));
                successful.Add(id);
            }
            catch (SqsException e)
            {
                failed.Add((id, e));
            }
        }
        w.WriteStartArray("Successful");
        foreach (var id in successful)
        {
            w.WriteStartObject();
            w.WriteString("Id", id);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteFailed(w, failed);
    }

    public void ChangeMessageVisibility(SqsRequest request, Utf8JsonWriter w)
    {
        var queue = broker.GetByUrl(request.String("QueueUrl"));
        var seconds = request.Int("VisibilityTimeout", int.MinValue, int.MaxValue) ?? throw SqsException.MissingParameter("VisibilityTimeout");
        queue.ChangeVisibility(request.RequiredString("ReceiptHandle"), seconds);
    }

    /// <summary>The system attributes asked for ("All" or by name), as SQS names and formats them.</summary>
    public static IEnumerable<(string Name, string Value)> SystemAttributes(ReceivedMessage message, IReadOnlySet<string> wanted)
    {
        var all = wanted.Contains("All");
        if (all || wanted.Contains("ApproximateReceiveCount")) yield return ("ApproximateReceiveCount", message.ReceiveCount.ToString(CultureInfo.InvariantCulture));
        if (all || wanted.Contains("SentTimestamp")) yield return ("SentTimestamp", Millis(message.Message.SentAt));
        if (all || wanted.Contains("ApproximateFirstReceiveTimestamp")) yield return ("ApproximateFirstReceiveTimestamp", Millis(message.FirstReceivedAt));
        if (all || wanted.Contains("SenderId")) yield return ("SenderId", LocalSenderId);
    }

    private static string Millis(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>Message attributes need their own MD5 over a binary encoding; nothing here uses them, so they are refused, not
    /// dropped. (MessageSystemAttributes, i.e. AWSTraceHeader, are accepted and ignored.)</summary>
    private static void RejectMessageAttributes(SqsRequest request)
    {
        if (HasMembers(request.Root, "MessageAttributes"))
        {
            throw SqsException.UnsupportedOperation("MessageAttributes");
        }
    }

    private static bool HasMembers(JsonElement root, string name)
        => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object && value.EnumerateObject().Any();

    private static void WriteFailed(Utf8JsonWriter w, List<(string Id, SqsException Error)> failed)
    {
        w.WriteStartArray("Failed");
        foreach (var (id, error) in failed)
        {
            w.WriteStartObject();
            w.WriteString("Id", id);
            w.WriteBoolean("SenderFault", error.StatusCode < 500);
            w.WriteString("Code", error.QueryCode);
            w.WriteString("Message", error.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
