using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Tracking.Contracts;
using Tracking.Contracts.Gateway;

namespace Tracking.Functions.Http;

/// <summary>
/// Reads a JSON request body with the checks a client deserves a precise answer for: size (413), media type (415),
/// syntax and duplicate names (400 malformed-json), then shape: a wrong type or unknown field names the field (400).
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 64 * 1024;

    public static bool TryRead<T>(ApiGatewayProxyRequest request, JsonTypeInfo<T> typeInfo, ResponseBuilder response, Func<string, string> describeField, out T? value)
        where T : class
    {
        value = null;
        if (!IsJsonContentType(request.GetHeader("content-type")))
        {
            response.Problem(ProblemTypes.UnsupportedMediaType, "send the body as application/json (UTF-8)");
            return false;
        }

        var body = request.Body;
        if (string.IsNullOrEmpty(body))
        {
            response.Problem(ProblemTypes.MalformedJson, "the request body is empty; a JSON object is expected");
            return false;
        }

        byte[]? rented = null;
        try
        {
            ReadOnlySpan<byte> utf8;
            if (request.IsBase64Encoded)
            {
                if (body.Length / 4 * 3 > MaxBytes + 3) return TooLarge(response);
                rented = ArrayPool<byte>.Shared.Rent(body.Length);
                if (!Convert.TryFromBase64String(body, rented, out var written))
                {
                    response.Problem(ProblemTypes.MalformedJson, "the body is marked base64 but is not valid base64");
                    return false;
                }
                utf8 = rented.AsSpan(0, written);
            }
            else
            {
                if (body.Length > MaxBytes) return TooLarge(response);
                var max = Encoding.UTF8.GetMaxByteCount(body.Length);
                rented = ArrayPool<byte>.Shared.Rent(max);
                var written = Encoding.UTF8.GetBytes(body, rented);
                utf8 = rented.AsSpan(0, written);
            }
            if (utf8.Length > MaxBytes) return TooLarge(response);

            var syntaxError = JsonSyntax.Check(utf8);
            if (syntaxError is { } error)
            {
                response.Problem(ProblemTypes.MalformedJson, error.Detail, [new FieldError(error.Field, error.Reason)]);
                return false;
            }

            try
            {
                value = JsonSerializer.Deserialize(utf8, typeInfo);
            }
            catch (JsonException e)
            {
                var field = FieldOf(e.Path);
                response.ValidationProblem([new FieldError(field, describeField(field))]);
                return false;
            }

            if (value is null)
            {
                response.Problem(ProblemTypes.Validation, "the body must be a JSON object", [new FieldError("$", "must be a JSON object")]);
                return false;
            }
            return true;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Deserializes one element of a batch, reporting a shape error as a field error instead of throwing.</summary>
    public static T? TryConvert<T>(JsonElement element, JsonTypeInfo<T> typeInfo, Func<string, string> describeField, List<FieldError> errors)
        where T : class
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError("$", "must be a JSON object"));
            return null;
        }
        try
        {
            return element.Deserialize(typeInfo);
        }
        catch (JsonException e)
        {
            var field = FieldOf(e.Path);
            errors.Add(new FieldError(field, describeField(field)));
            return null;
        }
    }

    /// <summary>"$.location.lat" → "location.lat"; "$['odd key']" → "odd key".</summary>
    public static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return "$";
        var span = path.AsSpan();
        if (span.StartsWith("$.")) span = span[2..];
        else if (span.StartsWith("$")) span = span[1..];
        var text = span.ToString().Replace("['", ".", StringComparison.Ordinal).Replace("']", "", StringComparison.Ordinal).TrimStart('.');
        // A member named "" must still be named: "['']" (or "location['']"), never an empty field.
        return text.Length == 0 || text.EndsWith('.') ? text.TrimEnd('.') + "['']" : text;
    }

    public static bool IsJsonContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return true; // JSON is the only format; a client that names none means it.
        var media = contentType.AsSpan();
        var semicolon = media.IndexOf(';');
        if (semicolon >= 0)
        {
            var parameters = media[(semicolon + 1)..];
            media = media[..semicolon];
            var charset = parameters.IndexOf("charset=", StringComparison.OrdinalIgnoreCase);
            if (charset >= 0)
            {
                var value = parameters[(charset + 8)..].Trim().Trim('"');
                var end = value.IndexOf(';');
                if (end >= 0) value = value[..end];
                if (!value.Trim().Equals("utf-8", StringComparison.OrdinalIgnoreCase)) return false;
            }
        }
        media = media.Trim();
        return media.Equals(ResponseBuilder.Json, StringComparison.OrdinalIgnoreCase)
               || (media.EndsWith("+json", StringComparison.OrdinalIgnoreCase) && media.StartsWith("application/", StringComparison.OrdinalIgnoreCase));
    }

    private static bool TooLarge(ResponseBuilder response)
    {
        response.Problem(ProblemTypes.PayloadTooLarge, $"the body must be at most {MaxBytes / 1024} KB");
        return false;
    }
}
