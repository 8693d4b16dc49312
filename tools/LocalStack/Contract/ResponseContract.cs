using System.Text.Json;

namespace Tracking.LocalStack.Contract;

/// <summary>One HTTP answer as a contract check sees it. Header names are compared case-insensitively.</summary>
public sealed record ObservedResponse(int Status, string? ContentType, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// Checks an answer against openapi.json, independently of the functions' code: the status is documented for the
/// operation, the required headers are there, the media type is a documented one and the body validates against
/// its schema. An answer on a path or method the document does not list must be a 404/405 problem.
/// </summary>
public sealed class ResponseContract(OpenApiDocument document)
{
    private static readonly Lazy<ResponseContract> Default = new(() => new ResponseContract(Gateway.ApiDefinition.LoadDefault().Document!));

    public static ResponseContract Repository => Default.Value;

    /// <returns>Every violation; empty when the answer keeps the contract.</returns>
    public List<string> Check(string method, string? resource, ObservedResponse response)
    {
        var where = $"{method} {resource ?? "(no route)"} -> {response.Status}";
        // A HEAD answer has the headers of a GET and never a body.
        if (string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase)) return response.Body.Length == 0 ? [] : [$"{where}: a HEAD answer has a body"];
        var operation = resource is null ? null : document.Operation(resource, method);
        if (operation is null)
        {
            if (response.Status is not (403 or 404 or 405)) return [$"{where}: only 403, 404 or 405 may answer an operation the document does not list"];
            return CheckBody(where, response, "application/problem+json", document.ComponentSchema("Problem"));
        }

        var responses = operation.Value.GetProperty("responses");
        if (!responses.TryGetProperty(response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var documented)
            && !responses.TryGetProperty("default", out documented))
        {
            return [$"{where}: status {response.Status} is not documented for this operation"];
        }
        documented = document.Resolve(documented);

        var violations = new List<string>();
        if (documented.TryGetProperty("headers", out var headers))
        {
            foreach (var header in headers.EnumerateObject())
            {
                var definition = document.Resolve(header.Value);
                if (definition.TryGetProperty("required", out var required) && required.GetBoolean() && !Has(response.Headers, header.Name))
                {
                    violations.Add($"{where}: required header {header.Name} is missing");
                }
            }
        }

        if (!documented.TryGetProperty("content", out var content))
        {
            if (response.Body.Length > 0) violations.Add($"{where}: the document gives this answer no body, but it has one");
            return violations;
        }
        var mediaType = (response.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (!content.TryGetProperty(mediaType, out var media))
        {
            violations.Add($"{where}: content type '{mediaType}' is not documented (documented: {string.Join(", ", content.EnumerateObject().Select(p => p.Name))})");
            return violations;
        }
        violations.AddRange(CheckBody(where, response, mediaType, document.Schema(media.GetProperty("schema"))));
        return violations;
    }

    private static List<string> CheckBody(string where, ObservedResponse response, string mediaType, global::Json.Schema.JsonSchema schema)
    {
        var actual = (response.ContentType ?? "").Split(';')[0].Trim();
        if (!string.Equals(actual, mediaType, StringComparison.OrdinalIgnoreCase)) return [$"{where}: content type '{actual}', expected '{mediaType}'"];
        JsonDocument body;
        try
        {
            body = JsonDocument.Parse(response.Body);
        }
        catch (JsonException e)
        {
            return [$"{where}: the body is not JSON ({e.Message})"];
        }
        using (body)
        {
            return OpenApiDocument.Errors(schema, body.RootElement).Select(e => $"{where}: body {e}").ToList();
        }
    }

    private static bool Has(IReadOnlyDictionary<string, string> headers, string name)
        => headers.Keys.Any(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
}
