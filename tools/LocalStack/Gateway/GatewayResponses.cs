namespace Tracking.LocalStack.Gateway;

/// <summary>API Gateway's own answers (the bodies are byte-for-byte what AWS sends).</summary>
public static class GatewayResponses
{
    public const string RequestIdHeader = "x-amzn-RequestId";
    public const string ErrorTypeHeader = "x-amzn-ErrorType";
    public const string ApiKeyHeader = "x-api-key";

    public static readonly GatewayError Forbidden = new(403, """{"message":"Forbidden"}""", "ForbiddenException");
    public static readonly GatewayError MissingAuthenticationToken = new(403, """{"message":"Missing Authentication Token"}""", "MissingAuthenticationTokenException");
    public static readonly GatewayError InternalServerError = new(502, """{"message": "Internal server error"}""", "InternalServerErrorException");
    public static readonly GatewayError Timeout = new(504, """{"message": "Endpoint request timed out"}""", null);
    public static readonly GatewayError RequestTooLong = new(413, """{"message":"Request Too Long"}""", null);
}

public sealed record GatewayError(int StatusCode, string Body, string? ErrorType);
