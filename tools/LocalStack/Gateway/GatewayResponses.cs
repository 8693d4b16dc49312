namespace Tracking.LocalStack.Gateway;

/// <summary>
/// Header names of API Gateway's own answers. The answers themselves (status, headers, problem+json body) are the
/// gateway responses of openapi.json, rendered by <see cref="Contract.GatewayContract"/>.
/// </summary>
public static class GatewayResponses
{
    public const string RequestIdHeader = "x-amzn-RequestId";
    public const string ErrorTypeHeader = "x-amzn-ErrorType";
    public const string ApiKeyHeader = "x-api-key";
}

/// <summary>An answer API Gateway gives itself. ErrorType is API Gateway's x-amzn-ErrorType header, when it sends one.</summary>
public sealed record GatewayError(int StatusCode, string Body, string? ErrorType)
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
