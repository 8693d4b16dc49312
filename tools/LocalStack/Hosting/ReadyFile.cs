namespace Tracking.LocalStack.Hosting;

/// <summary>Written by --ready-file once the stack answers; scripts and end-to-end tests wait for it.</summary>
public sealed class ReadyFile
{
    public string Url { get; set; } = "";
    public string DynamoDbEndpoint { get; set; } = "";
    public string Table { get; set; } = "";
    public string SqsEndpoint { get; set; } = "";
    public string RetryQueueUrl { get; set; } = "";
    public string DeadLetterQueueUrl { get; set; } = "";
    /// <summary>Role → API key.</summary>
    public Dictionary<string, string> Keys { get; set; } = [];
}
