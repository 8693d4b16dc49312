using System.Globalization;
using System.Text.Json;

namespace Tracking.LocalStack.Sqs;

/// <summary>A queue's settable attributes, with SQS's defaults and limits.</summary>
public sealed class SqsQueueSettings
{
    public const int MaxVisibilityTimeoutSeconds = 43_200;
    public const int MaxDelaySeconds = 900;
    public const int MaxWaitTimeSeconds = 20;

    public int VisibilityTimeoutSeconds { get; set; } = 30;
    public int DelaySeconds { get; set; }
    public int MessageRetentionSeconds { get; set; } = 345_600;
    public int MaximumMessageSize { get; set; } = 262_144;
    public int ReceiveMessageWaitTimeSeconds { get; set; }

    /// <summary>Null: no dead-letter queue.</summary>
    public RedrivePolicy? Redrive { get; set; }

    /// <summary>Applies one SetQueueAttributes/CreateQueue attribute; throws <see cref="SqsException"/> on a bad name or value.</summary>
    public void Set(string name, string value)
    {
        switch (name)
        {
            case "VisibilityTimeout": VisibilityTimeoutSeconds = Int(name, value, 0, MaxVisibilityTimeoutSeconds); break;
            case "DelaySeconds": DelaySeconds = Int(name, value, 0, MaxDelaySeconds); break;
            case "MessageRetentionPeriod": MessageRetentionSeconds = Int(name, value, 60, 1_209_600); break;
            case "MaximumMessageSize": MaximumMessageSize = Int(name, value, 1024, 262_144); break;
            case "ReceiveMessageWaitTimeSeconds": ReceiveMessageWaitTimeSeconds = Int(name, value, 0, MaxWaitTimeSeconds); break;
            case "RedrivePolicy": Redrive = value.Length == 0 ? null : RedrivePolicy.Parse(value); break;
            default: throw SqsException.InvalidAttributeName(name);
        }
    }

    internal static int Int(string name, string value, int min, int max)
        => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw SqsException.InvalidAttributeValue(name, $"must be a whole number from {min} to {max}");
}

/// <summary>Where a message goes after <see cref="MaxReceiveCount"/> receives.</summary>
public sealed record RedrivePolicy(string DeadLetterTargetArn, int MaxReceiveCount)
{
    public static RedrivePolicy Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var arn = root.GetProperty("deadLetterTargetArn").GetString() ?? "";
            var count = root.GetProperty("maxReceiveCount");
            var max = count.ValueKind == JsonValueKind.String
                ? SqsQueueSettings.Int("RedrivePolicy.maxReceiveCount", count.GetString()!, 1, 1000)
                : count.GetInt32();
            if (max is < 1 or > 1000) throw SqsException.InvalidAttributeValue("RedrivePolicy", "maxReceiveCount must be from 1 to 1000");
            return new RedrivePolicy(arn, max);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw SqsException.InvalidAttributeValue("RedrivePolicy", "must be {\"deadLetterTargetArn\": \"arn:...\", \"maxReceiveCount\": n}");
        }
    }

    public string ToJson()
        => $"{{\"deadLetterTargetArn\":\"{DeadLetterTargetArn}\",\"maxReceiveCount\":{MaxReceiveCount.ToString(CultureInfo.InvariantCulture)}}}";
}
