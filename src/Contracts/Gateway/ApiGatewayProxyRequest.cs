namespace Tracking.Contracts.Gateway;

/// <summary>API Gateway REST API Lambda proxy integration event, payload format 1.0.</summary>
public sealed class ApiGatewayProxyRequest
{
    public string? Resource { get; set; }
    public string? Path { get; set; }
    public string? HttpMethod { get; set; }
    public Dictionary<string, string>? Headers { get; set; }
    public Dictionary<string, List<string>>? MultiValueHeaders { get; set; }
    public Dictionary<string, string>? QueryStringParameters { get; set; }
    public Dictionary<string, List<string>>? MultiValueQueryStringParameters { get; set; }
    public Dictionary<string, string>? PathParameters { get; set; }
    public Dictionary<string, string>? StageVariables { get; set; }
    public ProxyRequestContext? RequestContext { get; set; }
    public string? Body { get; set; }
    public bool IsBase64Encoded { get; set; }

    /// <summary>Header lookup as HTTP means it: names are case-insensitive, API Gateway preserves the client's casing.</summary>
    public string? GetHeader(string name)
    {
        if (Headers is null) return null;
        if (Headers.TryGetValue(name, out var exact)) return exact;
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return value;
        }
        return null;
    }

    public string? GetQuery(string name)
        => QueryStringParameters is not null && QueryStringParameters.TryGetValue(name, out var value) ? value : null;

    public string? GetPathParameter(string name)
        => PathParameters is not null && PathParameters.TryGetValue(name, out var value) ? value : null;
}

public sealed class ProxyRequestContext
{
    public string? AccountId { get; set; }
    public string? ApiId { get; set; }
    public string? ResourceId { get; set; }
    public string? ResourcePath { get; set; }
    public string? HttpMethod { get; set; }
    public string? Path { get; set; }
    public string? Protocol { get; set; }
    public string? Stage { get; set; }
    public string? RequestId { get; set; }
    public string? ExtendedRequestId { get; set; }
    public string? RequestTime { get; set; }
    public long RequestTimeEpoch { get; set; }
    public string? DomainName { get; set; }
    public RequestIdentity? Identity { get; set; }
}

public sealed class RequestIdentity
{
    public string? ApiKey { get; set; }
    public string? ApiKeyId { get; set; }
    public string? SourceIp { get; set; }
    public string? UserAgent { get; set; }
    public string? AccountId { get; set; }
    public string? Caller { get; set; }
    public string? User { get; set; }
    public string? UserArn { get; set; }
}
