namespace Tracking.Contracts.Gateway;

/// <summary>What a Lambda proxy integration returns to API Gateway REST (payload format 1.0).</summary>
public sealed class ApiGatewayProxyResponse
{
    public int StatusCode { get; set; }
    public Dictionary<string, string>? Headers { get; set; }
    public Dictionary<string, List<string>>? MultiValueHeaders { get; set; }
    public string? Body { get; set; }
    public bool IsBase64Encoded { get; set; }
}
