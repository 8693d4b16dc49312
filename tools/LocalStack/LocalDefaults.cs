namespace Tracking.LocalStack;

/// <summary>The local stack's documented defaults, named once.</summary>
public static class LocalDefaults
{
    public const string Host = "127.0.0.1";
    public const int GatewayPort = 4000;
    public const int DynamoDbPort = 8000;
    /// <summary>The local SQS endpoint: ElasticMQ's port, which SQS users already know.</summary>
    public const int SqsPort = 9324;
    public const string RetryQueueName = "tracking-local-retry";
    public const string TableName = "tracking-local";
    public const string Stage = "local";
    public const string Region = "us-west-2";
    public const string AccountId = "123456789012";
    public const string ApiId = "local";
    public const string AccessKeyId = "local";
    public const string SecretAccessKey = "local";
    public const string MetricsNamespace = "PackageTracking";
    /// <summary>Not a secret: signs pagination cursors on developer machines only.</summary>
    public const string CursorSigningKey = "local-dev-cursor-signing-key-not-a-secret-0123456789";
    /// <summary>Not a secret: keys the tracking-id hash in audit records on developer machines only.</summary>
    public const string AuditIdKey = "local-dev-audit-id-key-not-a-secret-0123456789";
    public const int MemorySizeMb = 512;
    /// <summary>API Gateway REST's default integration timeout.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(29);
}
