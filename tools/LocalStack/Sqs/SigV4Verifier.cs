using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Tracking.LocalStack.Sqs;

/// <summary>
/// Checks AWS Signature Version 4 on a request the way AWS does, for the one pair of dummy credentials the local stack
/// hands its functions. A client configured with other credentials, or signing wrongly, fails here as it would on AWS.
/// The request time is not checked against the clock (AWS allows 5 minutes; local test clocks may be anywhere).
/// </summary>
public sealed class SigV4Verifier(string accessKeyId, string secretAccessKey)
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    public void Verify(HttpRequest request, byte[] body)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal)) throw SqsException.MissingAuthentication();
        var parts = authorization[(Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaders)
            || !parts.TryGetValue("Signature", out var signature))
        {
            throw SqsException.MissingAuthentication();
        }
        var scope = credential.Split('/');
        if (scope.Length != 5) throw SqsException.MissingAuthentication();
        if (scope[0] != accessKeyId) throw SqsException.UnknownAccessKey(scope[0]);

        var amzDate = request.Headers["x-amz-date"].ToString();
        var canonical = CanonicalRequest(request, signedHeaders, body);
        var stringToSign = string.Join('\n', Algorithm, amzDate, string.Join('/', scope[1..]), Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), scope[1]);
        key = Hmac(Hmac(Hmac(key, scope[2]), scope[3]), scope[4]);
        var expected = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            throw SqsException.SignatureDoesNotMatch();
        }
    }

    private static string CanonicalRequest(HttpRequest request, string signedHeaders, byte[] body)
    {
        var builder = new StringBuilder();
        builder.Append(request.Method).Append('\n');
        builder.Append(string.IsNullOrEmpty(request.Path.Value) ? "/" : request.Path.Value).Append('\n');
        builder.Append(CanonicalQuery(request)).Append('\n');
        foreach (var name in signedHeaders.Split(';'))
        {
            var value = name == "host" ? request.Host.Value : string.Join(',', request.Headers[name].Select(v => CollapseSpaces(v ?? "")));
            builder.Append(name).Append(':').Append(value).Append('\n');
        }
        builder.Append('\n').Append(signedHeaders).Append('\n');
        builder.Append(Hex(SHA256.HashData(body)));
        return builder.ToString();
    }

    private static string CanonicalQuery(HttpRequest request)
        => string.Join('&', request.Query
            .SelectMany(q => q.Value.Select(v => (Key: Uri.EscapeDataString(q.Key), Value: Uri.EscapeDataString(v ?? ""))))
            .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));

    private static string CollapseSpaces(string value) => string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLower(CultureInfo.InvariantCulture);
}
