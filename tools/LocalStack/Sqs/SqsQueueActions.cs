using System.Globalization;
using System.Text.Json;

namespace Tracking.LocalStack.Sqs;

/// <summary>The queue operations of SQS's JSON protocol that the local stack emulates (queues are created at start-up).</summary>
public sealed class SqsQueueActions(SqsBroker broker)
{
    public void GetQueueUrl(SqsRequest request, Utf8JsonWriter w)
    {
        var owner = request.String("QueueOwnerAWSAccountId");
        var queue = (owner is null || owner == broker.AccountId ? broker.FindByName(request.RequiredString("QueueName")) : null)
                    ?? throw SqsException.QueueDoesNotExist();
        w.WriteString("QueueUrl", broker.AddressOf(queue));
    }

    public void ListQueues(SqsRequest request, Utf8JsonWriter w)
    {
        var prefix = request.String("QueueNamePrefix") ?? "";
        var max = request.Int("MaxResults", 1, 1000) ?? 1000;
        var urls = broker.Queues.Where(q => q.Name.StartsWith(prefix, StringComparison.Ordinal)).Take(max).Select(broker.AddressOf).ToList();
        if (urls.Count == 0) return;
        w.WriteStartArray("QueueUrls");
        foreach (var url in urls) w.WriteStringValue(url);
        w.WriteEndArray();
    }

    public void GetQueueAttributes(SqsRequest request, Utf8JsonWriter w)
    {
        var queue = broker.GetByUrl(request.String("QueueUrl"));
        var wanted = request.Strings("AttributeNames");
        var all = Attributes(queue);
        var selected = wanted.Contains("All") ? all : wanted.Select(name => all.FirstOrDefault(a => a.Name == name) is { Name: not null } found
            ? found : throw SqsException.InvalidAttributeName(name)).ToList();
        if (selected.Count == 0) return;
        w.WriteStartObject("Attributes");
        foreach (var (name, value) in selected) w.WriteString(name, value);
        w.WriteEndObject();
    }

    public void SetQueueAttributes(SqsRequest request, Utf8JsonWriter w)
    {
        var queue = broker.GetByUrl(request.String("QueueUrl"));
        foreach (var (name, value) in request.Map("Attributes")) queue.Settings.Set(name, value);
    }

    public void PurgeQueue(SqsRequest request, Utf8JsonWriter w) => broker.GetByUrl(request.String("QueueUrl")).Purge();

    /// <summary>Every attribute GetQueueAttributes can return for a standard queue here, in SQS's names and formats.</summary>
    public List<(string Name, string Value)> Attributes(SqsQueueState queue)
    {
        var counts = queue.Count();
        var settings = queue.Settings;
        var created = queue.CreatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var attributes = new List<(string, string)>
        {
            ("QueueArn", queue.Arn),
            ("ApproximateNumberOfMessages", Text(counts.Visible)),
            ("ApproximateNumberOfMessagesNotVisible", Text(counts.InFlight)),
            ("ApproximateNumberOfMessagesDelayed", Text(counts.Delayed)),
            ("CreatedTimestamp", created),
            ("LastModifiedTimestamp", created),
            ("VisibilityTimeout", Text(settings.VisibilityTimeoutSeconds)),
            ("MaximumMessageSize", Text(settings.MaximumMessageSize)),
            ("MessageRetentionPeriod", Text(settings.MessageRetentionSeconds)),
            ("DelaySeconds", Text(settings.DelaySeconds)),
            ("ReceiveMessageWaitTimeSeconds", Text(settings.ReceiveMessageWaitTimeSeconds)),
            ("SqsManagedSseEnabled", "true"),
        };
        if (settings.Redrive is { } redrive) attributes.Add(("RedrivePolicy", redrive.ToJson()));
        var sources = broker.Queues.Where(q => q.Settings.Redrive?.DeadLetterTargetArn == queue.Arn).ToList();
        if (sources.Count > 0) attributes.Add(("RedriveAllowPolicy", "{\"redrivePermission\":\"allowAll\"}"));
        return attributes;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
