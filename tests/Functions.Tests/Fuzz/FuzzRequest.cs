using System.Buffers;
using System.Text.Json;

namespace Tracking.Functions.Tests.Fuzz;

/// <summary>
/// One fuzzed request as API Gateway would deliver it: any resource, method, path parameters, query parameters,
/// headers and body (text, or arbitrary bytes base64-encoded). <see cref="Field"/> is the body or query field the
/// generator broke, when it broke one (for a query, every parameter it set): the answer, if a 400, must name one.
/// </summary>
internal sealed record FuzzRequest(string Resource, string Method, string KeyId)
{
    public Dictionary<string, string> PathParameters { get; init; } = [];
    public Dictionary<string, string> Query { get; init; } = [];
    public Dictionary<string, string> Headers { get; init; } = [];
    public string? Body { get; init; }
    public byte[]? BinaryBody { get; init; }
    public string[] Fields { get; init; } = [];
    public string Kind { get; init; } = "";

    public string Path => PathParameters.Aggregate(Resource, (p, kv) => p.Replace("{" + kv.Key + "}", Uri.EscapeDataString(kv.Value), StringComparison.Ordinal));

    public byte[] ToProxyEvent()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("resource", Resource);
            w.WriteString("path", Path);
            w.WriteString("httpMethod", Method);
            WriteMap(w, "headers", Headers);
            WriteMap(w, "queryStringParameters", Query);
            WriteMap(w, "pathParameters", PathParameters);
            w.WriteStartObject("requestContext");
            w.WriteString("resourcePath", Resource);
            w.WriteString("httpMethod", Method);
            w.WriteString("path", "/test" + Path);
            w.WriteString("requestId", "fuzz-request");
            w.WriteStartObject("identity");
            w.WriteString("apiKeyId", KeyId);
            w.WriteEndObject();
            w.WriteEndObject();
            if (BinaryBody is not null) w.WriteString("body", Convert.ToBase64String(BinaryBody));
            else if (Body is null) w.WriteNull("body");
            else w.WriteString("body", Body);
            w.WriteBoolean("isBase64Encoded", BinaryBody is not null);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteMap(Utf8JsonWriter w, string name, Dictionary<string, string> map)
    {
        if (map.Count == 0)
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartObject(name);
        foreach (var (key, value) in map) w.WriteString(key, value);
        w.WriteEndObject();
    }

    /// <summary>What to print on failure: enough to rebuild the request by hand.</summary>
    public override string ToString()
        => $"{Kind}: {Method} {Resource} path={Show(PathParameters)} query={Show(Query)} headers={Show(Headers)} fields={string.Join("|", Fields)} "
           + $"body={(BinaryBody is null ? Escape(Body ?? "") : "base64:" + Convert.ToBase64String(BinaryBody))}";

    private static string Show(Dictionary<string, string> map)
        => "{" + string.Join(", ", map.Select(kv => $"{Escape(kv.Key)}: {Escape(kv.Value)}")) + "}";

    private static string Escape(string text)
        => string.Concat(text.Take(200).Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString())) + (text.Length > 200 ? $"...({text.Length} chars)" : "");
}
