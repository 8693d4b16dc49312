using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Tracking.Contracts;
using Tracking.Contracts.Json;

namespace Tracking.Functions.Http;

/// <summary>
/// Builds one HTTP response. The body is serialized straight to UTF-8 into a buffer reused across invocations, and
/// the proxy envelope later copies those bytes into its "body" string: no intermediate UTF-16 string per response.
/// </summary>
public sealed class ResponseBuilder : IDisposable
{
    public const string Json = "application/json";
    public const string ProblemJson = "application/problem+json";
    public const string GeoJson = "application/geo+json";

    /// <summary>Bodies are JSON, never HTML: relaxed escaping keeps them small and readable.</summary>
    public static readonly ContractsJsonContext Context = new(new JsonSerializerOptions(ContractsJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly ArrayBufferWriter<byte> _body = new(4096);
    private readonly List<KeyValuePair<string, string>> _headers = new(8);
    private Utf8JsonWriter? _writer;

    public int StatusCode { get; private set; } = 200;
    public string? ContentType { get; private set; }
    public ReadOnlySpan<byte> Body => _body.WrittenSpan;
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    /// <summary>API Gateway's request id, echoed in problem bodies.</summary>
    public string? RequestId { get; set; }

    public void Reset()
    {
        StatusCode = 200;
        ContentType = null;
        RequestId = null;
        _body.ResetWrittenCount();
        _headers.Clear();
    }

    public void Header(string name, string value) => _headers.Add(new(name, value));

    public void WriteJson<T>(int statusCode, T value, JsonTypeInfo<T> typeInfo, string contentType = Json)
    {
        StatusCode = statusCode;
        ContentType = contentType;
        _body.ResetWrittenCount();
        var writer = Writer();
        JsonSerializer.Serialize(writer, value, typeInfo);
        writer.Flush();
    }

    public void NoBody(int statusCode)
    {
        StatusCode = statusCode;
        ContentType = null;
        _body.ResetWrittenCount();
    }

    public void Problem(ProblemType type, string? detail = null, List<FieldError>? errors = null, string? instance = null)
    {
        var problem = new ProblemDetails
        {
            Type = type.Uri,
            Title = type.Title,
            Status = type.Status,
            Detail = detail,
            Errors = errors,
            Instance = instance,
            RequestId = RequestId,
        };
        WriteJson(type.Status, problem, Context.ProblemDetails, ProblemJson);
    }

    public void ValidationProblem(List<FieldError> errors, string? instance = null)
        => Problem(ProblemTypes.Validation, errors.Count == 1 ? $"{errors[0].Field} {errors[0].Message}" : $"{errors.Count} fields are not valid", errors, instance);

    /// <summary>The same problem API Gateway's INVALID_API_KEY gateway response gives (openapi.json) for a missing or unknown key.</summary>
    public void Forbidden() => Problem(ProblemTypes.InvalidApiKey, "send a valid key in the x-api-key header");

    public void Dispose() => _writer?.Dispose();

    private Utf8JsonWriter Writer()
    {
        if (_writer is null) _writer = new Utf8JsonWriter(_body, WriterOptions);
        else _writer.Reset(_body);
        return _writer;
    }
}
