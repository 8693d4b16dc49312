using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tracking.LocalStack.Tests.Support;

namespace Tracking.LocalStack.Tests;

public sealed class ApiGatewayEmulatorTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const string ReaderKey = "local-reader-key";

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key = ReaderKey, HttpContent? content = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (key is not null) request.Headers.Add("x-api-key", key);
        configure?.Invoke(request);
        return await gateway.Http.SendAsync(request);
    }

    /// <summary>The proxy event the fake function received, echoed back in its response body.</summary>
    private static async Task<JsonElement> EventOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var echo = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return echo.RootElement.GetProperty("event").Clone();
    }

    /// <summary>API Gateway's own answer, as openapi.json's gateway responses shape it: problem+json with the request id.</summary>
    private static async Task<JsonElement> AssertGatewayProblemAsync(HttpResponseMessage response, HttpStatusCode status, string problem, string detail)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var json = body.RootElement.Clone();
        Assert.Equal("urn:package-tracking:problem:" + problem, json.GetProperty("type").GetString());
        Assert.Equal(detail, json.GetProperty("detail").GetString());
        Assert.Equal(response.Headers.GetValues("x-amzn-RequestId").Single(), json.GetProperty("requestId").GetString());
        return json;
    }

    [Fact]
    public async Task MissingApiKeyIsForbidden()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/packages", key: null);

        await AssertGatewayProblemAsync(response, HttpStatusCode.Forbidden, "invalid-api-key", "send a valid key in the x-api-key header");
        Assert.Equal("ForbiddenException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task UnknownApiKeyIsForbidden()
    {
        using var response = await SendAsync(HttpMethod.Post, "/v1/events", key: "not-a-key", content: new StringContent("{}"));

        await AssertGatewayProblemAsync(response, HttpStatusCode.Forbidden, "invalid-api-key", "send a valid key in the x-api-key header");
        Assert.Equal("ForbiddenException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task UnknownPathWithoutKeyIsForbiddenToo()
    {
        using var response = await SendAsync(HttpMethod.Get, "/nowhere", key: null);

        await AssertGatewayProblemAsync(response, HttpStatusCode.Forbidden, "invalid-api-key", "send a valid key in the x-api-key header");
    }

    [Fact]
    public async Task RootPathHasNoMethodAndAnswersRouteNotFound()
    {
        using var response = await SendAsync(HttpMethod.Get, "/");

        await AssertGatewayProblemAsync(response, HttpStatusCode.NotFound, "route-not-found", "no route matches this path");
    }

    [Fact]
    public async Task AMissingRequiredQueryParameterIsRejectedAtTheEdge()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/packages?limit=5");

        await AssertGatewayProblemAsync(response, HttpStatusCode.BadRequest, "validation", "Missing required request parameters: [status]");
        Assert.False(response.Headers.Contains("x-function"));
    }

    [Theory]
    [InlineData("/v1/events", "[1, 2]")]
    [InlineData("/v1/tracking/abc/events", "{\"status\": ")]
    [InlineData("/v1/tracking/abc/events", "")]
    public async Task AJsonBodyThatIsNotAnObjectIsRejectedAtTheEdge(string path, string body)
    {
        using var response = await SendAsync(HttpMethod.Post, path, key: "local-partner-key", content: new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await AssertGatewayProblemAsync(response, HttpStatusCode.BadRequest, "malformed-json", "Invalid request body");
        Assert.Equal("$", problem.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.False(response.Headers.Contains("x-function"));
    }

    [Fact]
    public async Task AJsonObjectBodyPassesTheEdgeForTheFunctionToJudge()
    {
        var e = await EventOf(await SendAsync(HttpMethod.Post, "/v1/tracking/abc/events", key: "local-partner-key",
            content: new StringContent("""{"status":"teleported"}""", Encoding.UTF8, "application/json")));

        Assert.Equal("""{"status":"teleported"}""", e.GetProperty("body").GetString());
    }

    [Fact]
    public async Task EventCarriesResourceEncodedPathMethodAndDecodedPathParameters()
    {
        var e = await EventOf(await SendAsync(HttpMethod.Get, "/v1/tracking/PKG%201/events"));

        Assert.Equal("/v1/tracking/{trackingId}/events", e.GetProperty("resource").GetString());
        Assert.Equal("/v1/tracking/PKG%201/events", e.GetProperty("path").GetString());
        Assert.Equal("/v1/tracking/PKG%201/events", e.GetProperty("requestContext").GetProperty("path").GetString());
        Assert.Equal("GET", e.GetProperty("httpMethod").GetString());
        Assert.Equal("PKG 1", e.GetProperty("pathParameters").GetProperty("trackingId").GetString());
    }

    [Fact]
    public async Task EventCarriesLastQueryValueAndAllValues()
    {
        var e = await EventOf(await SendAsync(HttpMethod.Get, "/v1/packages?status=delivered&limit=5&limit=10&q=a%20b"));

        var single = e.GetProperty("queryStringParameters");
        Assert.Equal("delivered", single.GetProperty("status").GetString());
        Assert.Equal("10", single.GetProperty("limit").GetString());
        Assert.Equal("a b", single.GetProperty("q").GetString());
        Assert.Equal(["5", "10"], e.GetProperty("multiValueQueryStringParameters").GetProperty("limit").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task AbsentPartsAreNullAsApiGatewaySendsThem()
    {
        var e = await EventOf(await SendAsync(HttpMethod.Get, "/v1/events"));

        Assert.Equal(JsonValueKind.Null, e.GetProperty("queryStringParameters").ValueKind);
        Assert.Equal(JsonValueKind.Null, e.GetProperty("multiValueQueryStringParameters").ValueKind);
        Assert.Equal(JsonValueKind.Null, e.GetProperty("pathParameters").ValueKind);
        Assert.Equal(JsonValueKind.Null, e.GetProperty("stageVariables").ValueKind);
        Assert.Equal(JsonValueKind.Null, e.GetProperty("body").ValueKind);
        Assert.False(e.GetProperty("isBase64Encoded").GetBoolean());
    }

    [Fact]
    public async Task EventCarriesHeadersWithLastValueAndAllValues()
    {
        // HttpClient folds repeated headers into one line; API Gateway's multiValueHeaders is about repeated lines.
        var raw = await RawGetAsync("/v1/tracking/PKG-1", $"x-api-key: {ReaderKey}", "X-Custom: first", "X-Custom: second");
        var e = JsonDocument.Parse(raw[(raw.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]).RootElement.GetProperty("event");

        Assert.Equal("second", e.GetProperty("headers").GetProperty("X-Custom").GetString());
        Assert.Equal(["first", "second"], e.GetProperty("multiValueHeaders").GetProperty("X-Custom").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(ReaderKey, e.GetProperty("headers").GetProperty("x-api-key").GetString());
    }

    private async Task<string> RawGetAsync(string path, params string[] headers)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(gateway.Url.Host, gateway.Url.Port);
        await using var stream = client.GetStream();
        var request = $"GET {path} HTTP/1.1\r\nHost: {gateway.Url.Authority}\r\nConnection: close\r\n{string.Join("", headers.Select(h => h + "\r\n"))}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task RequestContextIdentifiesTheKeyAndTheRequest()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/tracking/abc", configure: r => r.Headers.UserAgent.ParseAdd("tests/1.0"));
        var e = await EventOf(response);

        var context = e.GetProperty("requestContext");
        Assert.Equal("local-reader", context.GetProperty("identity").GetProperty("apiKeyId").GetString());
        Assert.Equal(ReaderKey, context.GetProperty("identity").GetProperty("apiKey").GetString());
        Assert.Equal("127.0.0.1", context.GetProperty("identity").GetProperty("sourceIp").GetString());
        Assert.Equal("tests/1.0", context.GetProperty("identity").GetProperty("userAgent").GetString());
        Assert.Equal("local", context.GetProperty("stage").GetString());
        Assert.Equal("/v1/tracking/{trackingId}", context.GetProperty("resourcePath").GetString());
        Assert.Equal("GET", context.GetProperty("httpMethod").GetString());
        Assert.Equal(response.Headers.GetValues("x-amzn-RequestId").Single(), context.GetProperty("requestId").GetString());
        Assert.True(Guid.TryParse(context.GetProperty("requestId").GetString(), out _));
        Assert.InRange(context.GetProperty("requestTimeEpoch").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task TextBodyIsPassedAsText()
    {
        var body = """{"status":"delivered","note":"ünïcode"}""";
        var e = await EventOf(await SendAsync(HttpMethod.Post, "/v1/tracking/abc/events", key: "local-partner-key",
            content: new StringContent(body, Encoding.UTF8, "application/json")));

        Assert.Equal(body, e.GetProperty("body").GetString());
        Assert.False(e.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal("local-partner", e.GetProperty("requestContext").GetProperty("identity").GetProperty("apiKeyId").GetString());
    }

    [Fact]
    public async Task BinaryBodyIsBase64Encoded()
    {
        var bytes = new byte[] { 0, 1, 2, 200, 255 };
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        var e = await EventOf(await SendAsync(HttpMethod.Post, "/v1/events", key: "local-partner-key", content: content));

        Assert.True(e.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal(bytes, Convert.FromBase64String(e.GetProperty("body").GetString()!));
    }

    [Theory]
    [InlineData("POST", "/v1/tracking/abc/events", "ingest", "/v1/tracking/{trackingId}/events")]
    [InlineData("GET", "/v1/tracking/abc/events", "query", "/v1/tracking/{trackingId}/events")]
    [InlineData("POST", "/v1/events", "ingest", "/v1/events")]
    [InlineData("GET", "/v1/packages?status=pending", "query", "/v1/packages")]
    [InlineData("GET", "/v1/tracking/abc/locations", "query", "/v1/tracking/{trackingId}/locations")]
    public async Task ListedMethodReachesTheFunctionTheDocumentNames(string method, string path, string function, string resource)
    {
        using var response = await SendAsync(new HttpMethod(method), path, key: "local-admin-key", content: method == "POST" ? new StringContent("{}") : null);

        Assert.Equal(function, response.Headers.GetValues("x-function").Single());
        Assert.Equal(resource, (await EventOf(response)).GetProperty("resource").GetString());
    }

    [Theory]
    [InlineData("DELETE", "/v1/events", "ingest", "/v1/events")]
    [InlineData("PUT", "/v1/tracking/abc", "query", "/v1/tracking/{trackingId}")]
    [InlineData("PATCH", "/v1/tracking/abc/events", "ingest", "/v1/tracking/{trackingId}/events")]
    public async Task UnlistedMethodReachesTheResourcesFallbackFunction(string method, string path, string function, string resource)
    {
        using var response = await SendAsync(new HttpMethod(method), path, key: "local-admin-key");

        Assert.Equal(function, response.Headers.GetValues("x-function").Single());
        var e = await EventOf(response);
        Assert.Equal(resource, e.GetProperty("resource").GetString());
        Assert.Equal(method, e.GetProperty("httpMethod").GetString());
    }

    [Fact]
    public async Task UnknownPathReachesTheCatchAllWithTheProxyParameter()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v2/whatever/deep");

        var e = await EventOf(response);
        Assert.Equal("/{proxy+}", e.GetProperty("resource").GetString());
        Assert.Equal("v2/whatever/deep", e.GetProperty("pathParameters").GetProperty("proxy").GetString());
        Assert.Equal("query", response.Headers.GetValues("x-function").Single());
    }

    [Fact]
    public async Task ProxyResponseHeadersAndMultiValueHeadersReachTheClient()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/tracking/PKG-1");

        Assert.Equal(["one", "two"], response.Headers.GetValues("x-multi"));
        Assert.Equal("query", response.Headers.GetValues("x-function").Single());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Base64ProxyResponseBodyIsDecoded()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/tracking/PKG-1", configure: r => r.Headers.Add("x-fake-behaviour", "binary"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task FunctionErrorAnswers502()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/tracking/PKG-1", configure: r => r.Headers.Add("x-fake-behaviour", "error"));

        await AssertGatewayProblemAsync(response, HttpStatusCode.BadGateway, "upstream-error", "Internal server error");
    }

    [Fact]
    public async Task MalformedProxyResponseAnswers502()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/tracking/PKG-1", configure: r => r.Headers.Add("x-fake-behaviour", "invalid"));

        await AssertGatewayProblemAsync(response, HttpStatusCode.BadGateway, "upstream-error", "Internal server error");
    }

    [Fact]
    public async Task CrashAnswers502AndTheRestartedFunctionAnswersTheNextRequest()
    {
        using var crashed = await SendAsync(HttpMethod.Post, "/v1/events", key: "local-partner-key", content: new StringContent("{}"), configure: r => r.Headers.Add("x-fake-behaviour", "crash"));
        using var next = await SendAsync(HttpMethod.Post, "/v1/events", key: "local-partner-key", content: new StringContent("{}"));

        await AssertGatewayProblemAsync(crashed, HttpStatusCode.BadGateway, "upstream-error", "Internal server error");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task FunctionPastTheTimeoutAnswers504()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/tracking/slow", configure: r => r.Headers.Add("x-fake-behaviour", "hang"));

        await AssertGatewayProblemAsync(response, HttpStatusCode.GatewayTimeout, "upstream-timeout",
            "no answer within the integration timeout; the request may or may not have completed, so retry it unchanged");
    }

    [Fact]
    public async Task BodyOverTenMegabytesAnswers413()
    {
        using var response = await SendAsync(HttpMethod.Post, "/v1/events", key: "local-partner-key",
            content: new ByteArrayContent(new byte[10 * 1024 * 1024 + 1]));

        await AssertGatewayProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large", "the body is over API Gateway's 10 MB limit");
    }
}
