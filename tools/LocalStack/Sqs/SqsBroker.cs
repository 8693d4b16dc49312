using System.Collections.Concurrent;

namespace Tracking.LocalStack.Sqs;

/// <summary>The queues of one local SQS account and region, found by name, URL or ARN.</summary>
public sealed class SqsBroker(TimeProvider? clock = null, string region = LocalDefaults.Region, string accountId = LocalDefaults.AccountId)
{
    private readonly ConcurrentDictionary<string, SqsQueueState> _queues = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public string Region { get; } = region;
    public string AccountId { get; } = accountId;

    /// <summary>Where the endpoint listens (set once it is bound): queue URLs are built from it.</summary>
    public Uri BaseUrl { get; set; } = new($"http://{LocalDefaults.Host}:{LocalDefaults.SqsPort}");

    public IEnumerable<SqsQueueState> Queues => _queues.Values.OrderBy(q => q.Name, StringComparer.Ordinal);

    public SqsQueueState Create(string name, SqsQueueSettings? settings = null)
    {
        if (!IsValidName(name)) throw SqsException.InvalidParameter($"Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length (got '{name}').");
        return _queues.GetOrAdd(name, n => new SqsQueueState(n, ArnOf(n), settings ?? new SqsQueueSettings(), _clock, FindByArn));
    }

    /// <summary>The local retry queue and its dead-letter queue, as infra/ declares them on AWS.</summary>
    public (SqsQueueState Retry, SqsQueueState DeadLetter) CreateRetryQueues(string retryQueueName, int visibilityTimeoutSeconds, int maxReceiveCount)
    {
        var dlq = Create(retryQueueName + "-dlq", new SqsQueueSettings { MessageRetentionSeconds = 1_209_600 });
        var retry = Create(retryQueueName, new SqsQueueSettings
        {
            VisibilityTimeoutSeconds = visibilityTimeoutSeconds,
            Redrive = new RedrivePolicy(dlq.Arn, maxReceiveCount),
        });
        return (retry, dlq);
    }

    public string ArnOf(string name) => $"arn:aws:sqs:{Region}:{AccountId}:{name}";

    public string AddressOf(SqsQueueState queue) => $"{BaseUrl.ToString().TrimEnd('/')}/{AccountId}/{queue.Name}";

    public SqsQueueState? FindByName(string name) => _queues.TryGetValue(name, out var queue) ? queue : null;

    public SqsQueueState? FindByArn(string arn)
    {
        var prefix = ArnOf("");
        return arn.StartsWith(prefix, StringComparison.Ordinal) ? FindByName(arn[prefix.Length..]) : null;
    }

    /// <summary>By URL path (…/account/name); the host is not compared, so localhost and 127.0.0.1 URLs both work.</summary>
    public SqsQueueState GetByUrl(string? queueUrl)
    {
        if (string.IsNullOrEmpty(queueUrl)) throw SqsException.MissingParameter("QueueUrl");
        if (!Uri.TryCreate(queueUrl, UriKind.Absolute, out var uri)) throw SqsException.QueueDoesNotExist();
        var segments = uri.AbsolutePath.Trim('/').Split('/');
        return segments.Length == 2 && segments[0] == AccountId && FindByName(segments[1]) is { } queue
            ? queue
            : throw SqsException.QueueDoesNotExist();
    }

    private static bool IsValidName(string name)
        => name.Length is >= 1 and <= 80 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
