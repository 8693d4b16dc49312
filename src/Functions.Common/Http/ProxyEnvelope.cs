using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tracking.Functions.Http;

/// <summary>
/// Writes the Lambda proxy response (payload 1.0) around a built response. Same JSON shape as
/// ApiGatewayProxyResponse (tests deserialize it through the contracts context), written by hand to copy the UTF-8
/// body once.
/// </summary>
public sealed class ProxyEnvelope : IDisposable
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private Utf8JsonWriter? _writer;

    public void Write(ResponseBuilder response, IBufferWriter<byte> output)
    {
        var w = _writer;
        if (w is null) _writer = w = new Utf8JsonWriter(output, Options);
        else w.Reset(output);

        w.WriteStartObject();
        w.WriteNumber("statusCode"u8, response.StatusCode);
        w.WriteStartObject("headers"u8);
        if (response.ContentType is not null) w.WriteString("content-type"u8, response.ContentType);
        w.WriteString("x-content-type-options"u8, "nosniff"u8);
        foreach (var (name, value) in response.Headers) w.WriteString(name, value);
        w.WriteEndObject();
        if (response.Body.Length > 0) w.WriteString("body"u8, response.Body);
        else w.WriteString("body"u8, ""u8);
        w.WriteBoolean("isBase64Encoded"u8, false);
        w.WriteEndObject();
        w.Flush();
    }

    public void Dispose() => _writer?.Dispose();
}
