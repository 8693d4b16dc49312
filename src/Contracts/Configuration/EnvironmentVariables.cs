namespace Tracking.Contracts.Configuration;

/// <summary>Every setting the functions read from their environment, named once; infra/ and tools/LocalStack set exactly
/// these. The variables Lambda itself sets are named in Tracking.LambdaRuntime.LambdaEnvironment.</summary>
public static class EnvironmentVariables
{
    /// <summary>The DynamoDB table name.</summary>
    public const string TableName = "TABLE_NAME";

    /// <summary>Set only locally: the DynamoDB endpoint URL (dynalite).</summary>
    public const string DynamoDbEndpoint = "DYNAMODB_ENDPOINT";

    /// <summary>JSON object mapping API Gateway key ids to clients: {"keyId": {"name": "acme", "role": "partner"}}.</summary>
    public const string ApiClients = "API_CLIENTS";

    /// <summary>Comma-separated allowed event types; a new type needs no code change.</summary>
    public const string EventTypes = "EVENT_TYPES";

    /// <summary>Secret for signing pagination cursors (HMAC-SHA256). At least 32 characters.</summary>
    public const string CursorSigningKey = "CURSOR_SIGNING_KEY";

    /// <summary>Days to keep events and state (DynamoDB TTL); 0 or unset keeps forever.</summary>
    public const string RetentionDays = "RETENTION_DAYS";

    /// <summary>Comma-separated metadata keys refused as personal data (case-insensitive); unset means name,email,phone,address.</summary>
    public const string MetadataDenylist = "METADATA_DENYLIST";

    /// <summary>Days an erased package's tombstone is kept (late updates answer 410 while it lives); default 90.</summary>
    public const string TombstoneDays = "TOMBSTONE_DAYS";

    /// <summary>Days an audit record (export, erasure) is kept; default 1096 (three years).</summary>
    public const string AuditRetentionDays = "AUDIT_RETENTION_DAYS";

    /// <summary>HMAC key for the keyed hash of tracking ids in audit records (at least 32 characters; a Pulumi secret per stack).</summary>
    public const string AuditIdKey = "AUDIT_ID_KEY";

    /// <summary>CloudWatch namespace for the Embedded Metric Format lines.</summary>
    public const string MetricsNamespace = "METRICS_NAMESPACE";

    /// <summary>Deployment stage name (dev, staging, prod, local), a metric dimension.</summary>
    public const string Stage = "STAGE";

    /// <summary>USD prices used for the per-request cost metric; defaults are us-west-2 list prices.</summary>
    public const string PriceLambdaGbSecond = "PRICE_LAMBDA_GB_SECOND";
    public const string PriceLambdaRequest = "PRICE_LAMBDA_REQUEST";
    public const string PriceDynamoDbReadUnit = "PRICE_DYNAMODB_READ_UNIT";
    public const string PriceDynamoDbWriteUnit = "PRICE_DYNAMODB_WRITE_UNIT";
    public const string PriceApiGatewayRequest = "PRICE_APIGATEWAY_REQUEST";

    /// <summary>URL of the retry queue (SQS): set for the ingest and retry functions; absent turns the retry path off.</summary>
    public const string RetryQueueUrl = "RETRY_QUEUE_URL";

    /// <summary>URL of the retry queue's dead-letter queue: where the consumer sends a message that can never be applied.</summary>
    public const string DeadLetterQueueUrl = "DEAD_LETTER_QUEUE_URL";

    /// <summary>Set only locally: the SQS endpoint URL (the local stack's). Never set in AWS.</summary>
    public const string SqsEndpoint = "SQS_ENDPOINT";

    /// <summary>The retry queue's maxReceiveCount (default 5), so the consumer knows a last attempt.</summary>
    public const string RetryMaxReceives = "RETRY_MAX_RECEIVES";

    /// <summary>Seconds a failed message waits before its second attempt, doubled per attempt up to 15 minutes (default 20).</summary>
    public const string RetryBackoffSeconds = "RETRY_BACKOFF_SECONDS";
}
