using System.Text.Json;
using Tracking.LocalStack.Gateway;

namespace Tracking.LocalStack.Contract;

/// <summary>
/// The edge as API Gateway runs it from openapi.json: the request validators (required parameters, the body's
/// edge model) and the gateway responses (x-amazon-apigateway-gateway-responses) rendered as AWS renders them,
/// so a local answer to a bad request or a missing key has the deployed answer's status, headers and body.
/// </summary>
public sealed class GatewayContract(OpenApiDocument document)
{
    public const string BadRequestBody = "BAD_REQUEST_BODY";
    public const string BadRequestParameters = "BAD_REQUEST_PARAMETERS";
    public const string InvalidApiKey = "INVALID_API_KEY";
    public const string MissingAuthenticationToken = "MISSING_AUTHENTICATION_TOKEN";
    public const string RequestTooLarge = "REQUEST_TOO_LARGE";
    public const string IntegrationTimeout = "INTEGRATION_TIMEOUT";
    public const string Default5xx = "DEFAULT_5XX";

    /// <summary>
    /// The gateway response of <paramref name="type"/>: its status (or <paramref name="status"/> when it sets none),
    /// headers and body template, with $context.error.messageString (a JSON string) and $context.requestId filled in.
    /// </summary>
    public GatewayError Response(string type, int status, string message, string requestId)
    {
        if (!document.Root.TryGetProperty("x-amazon-apigateway-gateway-responses", out var responses) || !responses.TryGetProperty(type, out var response))
        {
            return new GatewayError(status, JsonSerializer.Serialize(message), null);
        }
        if (response.TryGetProperty("statusCode", out var code)) status = int.Parse(code.GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (response.TryGetProperty("responseParameters", out var parameters))
        {
            foreach (var p in parameters.EnumerateObject())
            {
                headers[p.Name["gatewayresponse.header.".Length..]] = p.Value.GetString()!.Trim('\'');
            }
        }
        var template = response.GetProperty("responseTemplates").GetProperty("application/json").GetString()!;
        var body = template
            .Replace("$context.error.messageString", JsonSerializer.Serialize(message), StringComparison.Ordinal)
            .Replace("$context.requestId", requestId, StringComparison.Ordinal);
        return new GatewayError(status, body, null) { Headers = headers };
    }

    /// <summary>What the operation's request validator rejects, as API Gateway answers it; null when the request passes.</summary>
    public GatewayError? Validate(string resource, string method, Func<string, string, bool> hasParameter, string? contentType, byte[] body, string requestId)
    {
        if (document.Operation(resource, method) is not { } operation) return null;
        var validator = Validator(operation);
        if (validator.Parameters)
        {
            var missing = RequiredParameters(resource, operation).Where(p => !hasParameter(p.In, p.Name)).Select(p => p.Name).ToList();
            if (missing.Count > 0) return Response(BadRequestParameters, 400, $"Missing required request parameters: [{string.Join(", ", missing)}]", requestId);
        }
        if (validator.Body && EdgeModel(operation, contentType) is { } model && !IsValid(model, body))
        {
            return Response(BadRequestBody, 400, "Invalid request body", requestId);
        }
        return null;
    }

    private (bool Parameters, bool Body) Validator(JsonElement operation)
    {
        var root = document.Root;
        var name = operation.TryGetProperty("x-amazon-apigateway-request-validator", out var own) ? own.GetString()
            : root.TryGetProperty("x-amazon-apigateway-request-validator", out var fallback) ? fallback.GetString() : null;
        if (name is null || !root.GetProperty("x-amazon-apigateway-request-validators").TryGetProperty(name, out var v)) return (false, false);
        return (v.TryGetProperty("validateRequestParameters", out var p) && p.GetBoolean(), v.TryGetProperty("validateRequestBody", out var b) && b.GetBoolean());
    }

    private IEnumerable<(string In, string Name)> RequiredParameters(string resource, JsonElement operation)
    {
        var declared = new List<JsonElement>();
        if (document.PathItem(resource) is { } item && item.TryGetProperty("parameters", out var shared)) declared.AddRange(shared.EnumerateArray());
        if (operation.TryGetProperty("parameters", out var own)) declared.AddRange(own.EnumerateArray());
        foreach (var parameter in declared.Select(document.Resolve))
        {
            var location = parameter.GetProperty("in").GetString()!;
            if (location is "query" or "header" && parameter.TryGetProperty("required", out var r) && r.GetBoolean())
            {
                yield return (location == "query" ? "querystring" : "header", parameter.GetProperty("name").GetString()!);
            }
        }
    }

    /// <summary>API Gateway picks the model by Content-Type; without one it uses application/json's.</summary>
    private global::Json.Schema.JsonSchema? EdgeModel(JsonElement operation, string? contentType)
    {
        var mediaType = string.IsNullOrWhiteSpace(contentType) ? "application/json" : contentType.Split(';')[0].Trim().ToLowerInvariant();
        if (!operation.TryGetProperty("requestBody", out var requestBody)
            || !document.Resolve(requestBody).GetProperty("content").TryGetProperty(mediaType, out var media)
            || !media.TryGetProperty("x-tracking-edge-model", out var modelName))
        {
            return null;
        }
        return document.Schema(document.Root.GetProperty("x-tracking-edge-models").GetProperty(modelName.GetString()!));
    }

    private static bool IsValid(global::Json.Schema.JsonSchema model, byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return OpenApiDocument.Errors(model, json.RootElement).Count == 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
