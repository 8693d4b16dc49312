using Amazon.Runtime;
using Amazon.SQS;
using Tracking.LocalStack.Sqs;

namespace Tracking.LocalStack.Tests.Sqs;

#pragma warning disable CA1001 // xunit disposes fixtures through IAsyncLifetime.DisposeAsync
/// <summary>The local SQS endpoint on a free port with the retry queue pair (maxReceiveCount 2), and a real AWSSDK.SQS client.</summary>
public sealed class SqsFixture : IAsyncLifetime
{
    public const int MaxReceiveCount = 2;
    private SqsEndpoint? _endpoint;

    public SqsBroker Broker { get; } = new();
    public AmazonSQSClient Client { get; private set; } = null!;
    public string RetryUrl => Broker.AddressOf(Broker.FindByName(LocalDefaults.RetryQueueName)!);
    public string DeadLetterUrl => Broker.AddressOf(Broker.FindByName(LocalDefaults.RetryQueueName + "-dlq")!);

    public async Task InitializeAsync()
    {
        Broker.CreateRetryQueues(LocalDefaults.RetryQueueName, visibilityTimeoutSeconds: 30, MaxReceiveCount);
        _endpoint = new SqsEndpoint(new SqsEndpointOptions { Port = 0 }, Broker);
        await _endpoint.StartAsync();
        Client = CreateClient(LocalDefaults.AccessKeyId, LocalDefaults.SecretAccessKey);
    }

    public AmazonSQSClient CreateClient(string accessKeyId, string secretAccessKey)
        => new(new BasicAWSCredentials(accessKeyId, secretAccessKey), new AmazonSQSConfig
        {
            ServiceURL = Broker.BaseUrl.ToString(),
            AuthenticationRegion = LocalDefaults.Region,
            MaxErrorRetry = 0,
        });

    /// <summary>A queue of its own for one test, so tests never see each other's messages.</summary>
    public string NewQueue(string name, SqsQueueSettings? settings = null) => Broker.AddressOf(Broker.Create(name, settings));

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_endpoint is not null) await _endpoint.DisposeAsync();
    }
}
#pragma warning restore CA1001
