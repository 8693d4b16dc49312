using Tracking.Contracts.Configuration;
using Tracking.LocalStack.Runtime;
using Tracking.LocalStack.Sqs;

namespace Tracking.LocalStack.Hosting;

/// <summary>
/// The retry path of the local stack: the SQS endpoint with the retry queue and its DLQ, and the event source mapping
/// that feeds the retry queue to the `retry` function (the ingest executable, as on AWS).
/// </summary>
public sealed class LocalRetryPath : IAsyncDisposable
{
    public const string ConsumerFunction = "retry";

    /// <summary>The retry queue's maxReceiveCount, as infra/ sets it by default.</summary>
    public const int MaxReceiveCount = 5;

    private EventSourceMapping? _mapping;

    private LocalRetryPath(SqsEndpoint endpoint, SqsQueueState retry, SqsQueueState deadLetter)
    {
        Endpoint = endpoint;
        Retry = retry;
        DeadLetter = deadLetter;
    }

    public SqsEndpoint Endpoint { get; }
    public SqsQueueState Retry { get; }
    public SqsQueueState DeadLetter { get; }
    public SqsBroker Broker => Endpoint.Broker;
    public EventSourceMapping? Mapping => _mapping;
    public string RetryQueueUrl => Broker.AddressOf(Retry);
    public string DeadLetterQueueUrl => Broker.AddressOf(DeadLetter);

    public static async Task<LocalRetryPath> StartAsync(string host, int port, TimeSpan functionTimeout, CancellationToken cancellationToken)
    {
        var broker = new SqsBroker();
        // As on AWS: the queue hides a message in flight longer than the function may run.
        var visibility = (int)Math.Ceiling(Math.Max(30, functionTimeout.TotalSeconds + 1));
        var (retry, deadLetter) = broker.CreateRetryQueues(LocalDefaults.RetryQueueName, visibility, MaxReceiveCount);
        var endpoint = new SqsEndpoint(new SqsEndpointOptions { Host = host, Port = port }, broker);
        await endpoint.StartAsync(cancellationToken);
        return new LocalRetryPath(endpoint, retry, deadLetter);
    }

    /// <summary>What the ingest and retry functions need to reach the queues.</summary>
    public IEnumerable<KeyValuePair<string, string>> FunctionEnvironment() =>
    [
        new(EnvironmentVariables.RetryQueueUrl, RetryQueueUrl),
        new(EnvironmentVariables.DeadLetterQueueUrl, DeadLetterQueueUrl),
        new(EnvironmentVariables.SqsEndpoint, Endpoint.Url.ToString().TrimEnd('/')),
        new(EnvironmentVariables.RetryMaxReceives, MaxReceiveCount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    public void StartMapping(FunctionHost consumer, Action<string>? log)
    {
        _mapping = new EventSourceMapping(Retry, consumer, new EventSourceMappingOptions { MaximumConcurrency = consumer.Instances.Count }, log);
        _mapping.Start();
    }

    public async ValueTask DisposeAsync()
    {
        if (_mapping is not null) await _mapping.DisposeAsync();
        await Endpoint.DisposeAsync();
    }
}
