using System.Globalization;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Tracking.Redrive;

/// <summary>One dead letter as the dry run lists it: ids only, never the update's content (it may hold personal data).</summary>
public sealed record DeadLetter(string MessageId, DateTimeOffset SentAt, int ReceiveCount, string? TrackingId, string? EventId);

/// <summary>Lists or moves the messages of a dead-letter queue with plain SQS calls (works on AWS and the local stack).</summary>
public sealed class Redriver(IAmazonSQS sqs, string deadLetterQueueUrl, string targetQueueUrl)
{
    /// <summary>Long enough to page through the whole DLQ without seeing a message twice; released again at the end.</summary>
    private const int ListingVisibilitySeconds = 60;

    /// <summary>Every dead letter (up to <paramref name="max"/>), left where it is and visible again when done.</summary>
    public async Task<IReadOnlyList<DeadLetter>> ListAsync(int max, CancellationToken cancellationToken)
    {
        var listed = new List<DeadLetter>();
        var handles = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (listed.Count < max)
        {
            var batch = await ReceiveAsync(Math.Min(10, max - listed.Count), ListingVisibilitySeconds, cancellationToken);
            if (batch.Count == 0) break;
            foreach (var message in batch)
            {
                handles.Add(message.ReceiptHandle);
                if (seen.Add(message.MessageId)) listed.Add(Describe(message));
            }
        }
        foreach (var handle in handles)
        {
            await sqs.ChangeMessageVisibilityAsync(deadLetterQueueUrl, handle, 0, cancellationToken);
        }
        return listed;
    }

    /// <summary>Sends each dead letter's body to the target queue, then deletes it from the DLQ. Returns how many moved.</summary>
    public async Task<int> MoveAsync(int max, Action<DeadLetter>? moved, CancellationToken cancellationToken)
    {
        var count = 0;
        while (count < max)
        {
            var batch = await ReceiveAsync(Math.Min(10, max - count), ListingVisibilitySeconds, cancellationToken);
            if (batch.Count == 0) break;
            var sent = await sqs.SendMessageBatchAsync(targetQueueUrl,
                [.. batch.Select((m, i) => new SendMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), m.Body))], cancellationToken);
            var succeeded = (sent.Successful ?? []).Select(s => batch[int.Parse(s.Id, CultureInfo.InvariantCulture)]).ToList();
            if (succeeded.Count > 0)
            {
                // Deleted only after the copy is safely in the target queue: a crash in between duplicates, never loses
                // (the consumer applies a message twice without effect).
                await sqs.DeleteMessageBatchAsync(deadLetterQueueUrl,
                    [.. succeeded.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle))], cancellationToken);
            }
            foreach (var message in succeeded) moved?.Invoke(Describe(message));
            count += succeeded.Count;
            if (sent.Failed is { Count: > 0 } failed)
            {
                throw new InvalidOperationException($"{failed.Count} message(s) could not be sent to the target queue: {failed[0].Code} {failed[0].Message}");
            }
        }
        return count;
    }

    private async Task<List<Message>> ReceiveAsync(int max, int visibilitySeconds, CancellationToken cancellationToken)
    {
        var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = deadLetterQueueUrl,
            MaxNumberOfMessages = max,
            VisibilityTimeout = visibilitySeconds,
            WaitTimeSeconds = 1,
            MessageSystemAttributeNames = ["SentTimestamp", "ApproximateReceiveCount"],
        }, cancellationToken);
        return response.Messages ?? [];
    }

    private static DeadLetter Describe(Message message)
    {
        var attributes = message.Attributes ?? [];
        var sent = attributes.TryGetValue("SentTimestamp", out var ms) && long.TryParse(ms, CultureInfo.InvariantCulture, out var millis)
            ? DateTimeOffset.FromUnixTimeMilliseconds(millis) : default;
        var receives = attributes.TryGetValue("ApproximateReceiveCount", out var text) && int.TryParse(text, CultureInfo.InvariantCulture, out var n) ? n : 0;
        string? trackingId = null, eventId = null;
        try
        {
            using var body = JsonDocument.Parse(message.Body);
            if (body.RootElement.ValueKind == JsonValueKind.Object)
            {
                trackingId = body.RootElement.TryGetProperty("trackingId", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                eventId = body.RootElement.TryGetProperty("eventId", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            }
        }
        catch (JsonException)
        {
            // Not a queued update (that is why it is here): listed by id only.
        }
        return new DeadLetter(message.MessageId, sent, receives, trackingId, eventId);
    }
}
