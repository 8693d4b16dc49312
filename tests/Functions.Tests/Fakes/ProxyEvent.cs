using System.Buffers;
using System.Text.Json;

namespace Tracking.Functions.Tests.Fakes;

/// <summary>An API Gateway REST proxy event (payload 1.0) as API Gateway sends it, built as raw JSON bytes.</summary>
internal sealed record ProxyEvent(
    string Resource,
    string Path,
    string Method,
    string? Body,
    string? ApiKeyId,
    string? ContentType = "application/json",
    string? TrackingId = null,
    bool Base64 = false,
    string? Prefer = null)
{
    public const string PartnerKey = "key-id-partner";
    public const string ReaderKey = "key-id-reader";
    public const string AdminKey = "key-id-admin";

    public static ProxyEvent PostEvent(string trackingId, string body, string? keyId = PartnerKey)
        => new(ApiRoutes.TrackingEvents, $"/v1/tracking/{trackingId}/events", "POST", body, keyId, TrackingId: trackingId);

    public static ProxyEvent PostBatch(string body, string? keyId = PartnerKey)
        => new(ApiRoutes.Batch, "/v1/events", "POST", body, keyId);

    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("resource", Resource);
            w.WriteString("path", Path);
            w.WriteString("httpMethod", Method);
            w.WriteStartObject("headers");
            w.WriteString("Host", "abc123.execute-api.us-west-2.amazonaws.com");
            if (ContentType is not null) w.WriteString("Content-Type", ContentType);
            w.WriteString("X-Forwarded-Proto", "https");
            if (Prefer is not null) w.WriteString(nameof(Prefer), Prefer);
            w.WriteEndObject();
            w.WriteStartObject("multiValueHeaders");
            w.WriteStartArray("Host");
            w.WriteStringValue("abc123.execute-api.us-west-2.amazonaws.com");
            w.WriteEndArray();
            if (ContentType is not null)
            {
                w.WriteStartArray("Content-Type");
                w.WriteStringValue(ContentType);
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteNull("queryStringParameters");
            w.WriteNull("multiValueQueryStringParameters");
            if (TrackingId is null)
            {
                w.WriteNull("pathParameters");
            }
            else
            {
                w.WriteStartObject("pathParameters");
                w.WriteString("trackingId", TrackingId);
                w.WriteEndObject();
            }
            w.WriteNull("stageVariables");
            w.WriteStartObject("requestContext");
            w.WriteString("resourcePath", Resource);
            w.WriteString("httpMethod", Method);
            w.WriteString("path", "/test" + Path);
            w.WriteString("stage", "test");
            w.WriteString("requestId", "api-request-1");
            w.WriteNumber("requestTimeEpoch", 1_795_000_000_000);
            w.WriteStartObject("identity");
            if (ApiKeyId is not null)
            {
                w.WriteString("apiKey", "secret-" + ApiKeyId);
                w.WriteString("apiKeyId", ApiKeyId);
            }
            w.WriteString("sourceIp", "203.0.113.9");
            w.WriteEndObject();
            w.WriteEndObject();
            if (Body is null) w.WriteNull("body");
            else w.WriteString("body", Base64 ? Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Body)) : Body);
            w.WriteBoolean("isBase64Encoded", Base64);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
