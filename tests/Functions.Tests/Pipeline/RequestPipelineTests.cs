using Tracking.Contracts.Json;
using static Tracking.Functions.Tests.Fakes.IngestHarness;

namespace Tracking.Functions.Tests;

/// <summary>Key → route → method → role → body checks, before any handler logic.</summary>
public sealed class RequestPipelineTests : IDisposable
{
    private const string ValidBody = """{"status":"in_transit","timestamp":"2026-11-24T08:15:00Z"}""";
    private readonly IngestHarness _ingest = new();

    public void Dispose() => _ingest.Dispose();

    private static string WithPadding(string pad)
        => "{\"status\":\"pending\",\"timestamp\":\"2026-11-24T08:15:00Z\",\"metadata\":{\"pad\":\"" + pad + "\"}}";

    private static void AssertProblem(Tracking.Contracts.Gateway.ApiGatewayProxyResponse response, ProblemType type)
    {
        Assert.Equal(type.Status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Headers!["content-type"]);
        var problem = Problem(response);
        Assert.Equal((type.Uri, type.Title, type.Status), (problem.Type, problem.Title, problem.Status));
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
    }

    [Fact]
    public async Task AMissingApiKeyIsForbiddenAsApiGatewaySaysIt()
    {
        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", ValidBody, keyId: null));

        Assert.Equal(403, response.StatusCode);
        Assert.Equal("Forbidden", Body(response, ContractsJsonContext.Default.GatewayMessage).Message);
        Assert.Equal("""{"message":"Forbidden"}""", response.Body);
    }

    [Fact]
    public async Task AnUnknownApiKeyIsForbiddenAsApiGatewaySaysIt()
    {
        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", ValidBody, keyId: "key-id-nobody"));

        Assert.Equal((403, """{"message":"Forbidden"}"""), (response.StatusCode, response.Body));
    }

    [Fact]
    public async Task AForbiddenRequestStoresNothing()
    {
        await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", ValidBody, keyId: null));

        Assert.Empty(_ingest.Store.Calls);
    }

    [Fact]
    public async Task AReaderCannotPostAnEvent()
    {
        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", ValidBody, keyId: ProxyEvent.ReaderKey));

        AssertProblem(response, ProblemTypes.InsufficientRole);
        Assert.Empty(_ingest.Store.Calls);
    }

    [Fact]
    public async Task AReaderCannotPostABatch()
    {
        var response = await _ingest.InvokeAsync(ProxyEvent.PostBatch("""{"events":[{"trackingId":"PKG-1","status":"pending","timestamp":"2026-11-24T08:15:00Z"}]}""", keyId: ProxyEvent.ReaderKey));

        AssertProblem(response, ProblemTypes.InsufficientRole);
    }

    [Fact]
    public async Task AnAdminCanPostAnEvent()
    {
        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", ValidBody, keyId: ProxyEvent.AdminKey));

        Assert.Equal(201, response.StatusCode);
        Assert.Equal("ops", Event(response).Source);
    }

    [Fact]
    public async Task AnUnknownResourceIsARouteNotFoundProblem()
    {
        var response = await _ingest.InvokeAsync(new ProxyEvent(ApiRoutes.CatchAll, "/v2/nothing", "GET", null, ProxyEvent.PartnerKey));

        AssertProblem(response, ProblemTypes.RouteNotFound);
    }

    [Fact]
    public async Task AWrongMethodIsMethodNotAllowedWithAnAllowHeader()
    {
        var response = await _ingest.InvokeAsync(new ProxyEvent(ApiRoutes.Batch, "/v1/events", "DELETE", null, ProxyEvent.PartnerKey));

        AssertProblem(response, ProblemTypes.MethodNotAllowed);
        Assert.Equal("POST", response.Headers!["allow"]);
    }

    [Fact]
    public async Task TheAllowHeaderListsEveryMethodOfTheResource()
    {
        var response = await _ingest.InvokeAsync(new ProxyEvent(ApiRoutes.TrackingEvents, "/v1/tracking/PKG-1/events", "PUT", ValidBody, ProxyEvent.PartnerKey, TrackingId: "PKG-1"));

        Assert.Equal((405, "POST, GET"), (response.StatusCode, response.Headers!["allow"]));
    }

    [Fact]
    public async Task MalformedJsonIsAMalformedJsonProblem()
    {
        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", """{"status":"pending",}"""));

        AssertProblem(response, ProblemTypes.MalformedJson);
    }

    [Fact]
    public async Task AnEmptyBodyIsAMalformedJsonProblem()
    {
        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", ""));

        AssertProblem(response, ProblemTypes.MalformedJson);
    }

    [Fact]
    public async Task ADuplicatePropertyNameIsAMalformedJsonProblemNamingIt()
    {
        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", """{"status":"pending","timestamp":"2026-11-24T08:15:00Z","status":"delivered"}"""));

        AssertProblem(response, ProblemTypes.MalformedJson);
        Assert.Contains("'status'", Problem(response).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADuplicatePropertyInsideANestedObjectIsRejected()
    {
        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", """{"status":"pending","timestamp":"2026-11-24T08:15:00Z","location":{"lat":1,"lat":2,"lon":3}}"""));

        AssertProblem(response, ProblemTypes.MalformedJson);
    }

    [Fact]
    public async Task TheSameNameInSiblingObjectsIsNotADuplicate()
    {
        var response = await _ingest.InvokeAsync(ProxyEvent.PostBatch("""{"events":[{"trackingId":"A","status":"pending","timestamp":"2026-11-24T08:15:00Z"},{"trackingId":"B","status":"pending","timestamp":"2026-11-24T08:15:00Z"}]}"""));

        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task AnUnknownFieldIsAValidationProblemNamingTheField()
    {
        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", """{"status":"pending","timestamp":"2026-11-24T08:15:00Z","colour":"red"}"""));

        AssertProblem(response, ProblemTypes.Validation);
        Assert.Equal("colour", Assert.Single(Problem(response).Errors!).Field);
    }

    [Fact]
    public async Task AMisspeltFieldIsNotSilentlyIgnored()
    {
        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", """{"status":"pending","timeStamp":"2026-11-24T08:15:00Z"}"""));

        Assert.Equal(400, response.StatusCode);
        Assert.Contains(Problem(response).Errors!, e => e.Field == "timeStamp");
    }

    [Theory]
    [InlineData("""{"status":5,"timestamp":"2026-11-24T08:15:00Z"}""", "status", "must be a string")]
    [InlineData("""{"status":"pending","timestamp":1764000000}""", "timestamp", "must be a string")]
    [InlineData("""{"status":"pending","timestamp":"2026-11-24T08:15:00Z","location":{"lat":"1","lon":2}}""", "location.lat", "must be a number")]
    [InlineData("""{"status":"pending","timestamp":"2026-11-24T08:15:00Z","location":[1,2]}""", "location", "must be an object with numbers lat and lon")]
    [InlineData("""{"status":"pending","timestamp":"2026-11-24T08:15:00Z","metadata":"x"}""", "metadata", "must be an object whose values are strings, numbers or booleans")]
    public async Task AWrongJsonTypeIsAValidationProblemNamingTheField(string body, string field, string message)
    {
        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", body));

        AssertProblem(response, ProblemTypes.Validation);
        Assert.Equal(new FieldError(field, message), Assert.Single(Problem(response).Errors!));
    }

    [Fact]
    public async Task ABodyThatIsNotAnObjectIsAValidationProblem()
    {
        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", "[1,2]"));

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("$", Assert.Single(Problem(response).Errors!).Field);
    }

    [Fact]
    public async Task ABodyOver64KilobytesIsPayloadTooLarge()
    {
        var body = WithPadding(new string('x', 64 * 1024));

        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", body));

        AssertProblem(response, ProblemTypes.PayloadTooLarge);
    }

    [Fact]
    public async Task ABase64BodyOver64KilobytesIsPayloadTooLarge()
    {
        var body = WithPadding(new string('x', 64 * 1024));

        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", body) with { Base64 = true });

        AssertProblem(response, ProblemTypes.PayloadTooLarge);
    }

    [Fact]
    public async Task ABodyOfMultiByteCharactersIsMeasuredInBytes()
    {
        // 40,000 characters, under the limit; 80,000 bytes as UTF-8, over it.
        var body = WithPadding(new string('é', 40_000));

        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", body));

        AssertProblem(response, ProblemTypes.PayloadTooLarge);
    }

    [Fact]
    public async Task ABase64BodyIsDecoded()
    {
        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", ValidBody) with { Base64 = true });

        Assert.Equal(201, response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=iso-8859-1")]
    public async Task ANonJsonContentTypeIsUnsupportedMediaType(string contentType)
    {
        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", ValidBody) with { ContentType = contentType });

        AssertProblem(response, ProblemTypes.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("Application/JSON; charset=UTF-8")]
    [InlineData("application/vnd.acme+json")]
    [InlineData(null)]
    public async Task AJsonContentTypeOrNoneIsAccepted(string? contentType)
    {
        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", ValidBody) with { ContentType = contentType });

        Assert.Equal(201, response.StatusCode);
    }

    [Fact]
    public async Task AValidationProblemListsEveryFieldError()
    {
        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", """{"status":"lost","timestamp":"yesterday","location":{"lat":91,"lon":0}}"""));

        AssertProblem(response, ProblemTypes.Validation);
        Assert.Equal(["location.lat", "status", "timestamp"], Problem(response).Errors!.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnInvalidTrackingIdInThePathIsAValidationProblem()
    {
        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("bad id!", ValidBody));

        AssertProblem(response, ProblemTypes.Validation);
        Assert.Equal("trackingId", Assert.Single(Problem(response).Errors!).Field);
    }

    [Fact]
    public async Task ABodyTrackingIdThatDiffersFromThePathIsRejected()
    {
        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", """{"trackingId":"PKG-2","status":"pending","timestamp":"2026-11-24T08:15:00Z"}"""));

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("trackingId", Assert.Single(Problem(response).Errors!).Field);
    }

    [Fact]
    public async Task AProblemCarriesApiGatewaysRequestId()
    {
        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", "{"));

        Assert.Equal("api-request-1", Problem(response).RequestId);
    }

    [Fact]
    public async Task EveryResponseSaysNoSniff()
    {
        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", ValidBody));

        Assert.Equal("nosniff", response.Headers!["x-content-type-options"]);
    }

    [Fact]
    public async Task InvalidInputStoresNothing()
    {
        await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", """{"status":"lost","timestamp":"2026-11-24T08:15:00Z"}"""));

        Assert.Empty(_ingest.Store.Calls);
    }
}
