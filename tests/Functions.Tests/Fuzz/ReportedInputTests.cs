using System.Text.Json;
using Tracking.Contracts.Gateway;
using Tracking.Contracts.Json;
using Tracking.Functions.Paging;
using T = Tracking.Contracts.Storage.TrackingTable;

namespace Tracking.Functions.Tests.Fuzz;

/// <summary>The inputs issue 8 found answered 500: each is now a 400 problem naming the field, and nothing is stored.</summary>
public sealed class ReportedInputTests : IDisposable
{
    private readonly FuzzHarness _api = new();

    public void Dispose() => _api.Dispose();

    [Theory]
    [InlineData("""{"\ud800":1}""", "$")]
    [InlineData("""{"status":"pending","timestamp":"2026-11-24T08:00:00Z","metadata":{"\udc00":"x"}}""", "metadata")]
    [InlineData("""{"status":"pending","timestamp":"2026-11-24T08:00:00Z","metadata":{"k":"\udc00"}}""", "metadata.k")]
    [InlineData("""{"status":"pending","timestamp":"2026-11-24T08:00:00Z","eventId":"a\ud800b"}""", "eventId")]
    public async Task ALoneSurrogateEscapeIsAMalformedBodyNamingWhereItIs(string body, string field)
    {
        var response = await _api.InvokeAsync(Routes.PostEvent("PKG-1") with { Body = body });

        AssertProblem(response, ProblemTypes.MalformedJson, field);
        Assert.Equal(0, _api.Table.Writes);
    }

    [Fact]
    public async Task ALoneSurrogateInOneBatchItemRefusesTheBatchBeforeAnythingIsWritten()
    {
        var body = """{"events":[{"trackingId":"PKG-1","status":"pending","timestamp":"2026-11-24T08:00:00Z"},""" +
                   """{"trackingId":"PKG-2","status":"pending","timestamp":"2026-11-24T08:00:00Z","metadata":{"k":"\udc00"}}]}""";

        var response = await _api.InvokeAsync(Routes.PostBatch with { Body = body });

        AssertProblem(response, ProblemTypes.MalformedJson, "events[1].metadata.k");
        Assert.Equal(0, _api.Table.Writes);
    }

    [Theory]
    [InlineData("1e-131", "0", "location.lat")]
    [InlineData("0", "-1e-131", "location.lon")]
    [InlineData("5e-324", "0", "location.lat")]
    public async Task ACoordinateTooSmallForADynamoDbNumberIsRefused(string lat, string lon, string field)
    {
        var body = $$$"""{"status":"pending","timestamp":"2026-11-24T08:00:00Z","location":{"lat":{{{lat}}},"lon":{{{lon}}}}}""";

        var response = await _api.InvokeAsync(Routes.PostEvent("PKG-1") with { Body = body });

        AssertProblem(response, ProblemTypes.Validation, field);
    }

    [Fact]
    public async Task ATinyCoordinateInABatchMakesOnlyThatItemInvalidAndTheSiblingsAreStored()
    {
        var body = """{"events":[{"trackingId":"PKG-1","status":"pending","timestamp":"2026-11-24T08:00:00Z"},""" +
                   """{"trackingId":"PKG-2","status":"pending","timestamp":"2026-11-24T08:00:00Z","location":{"lat":1e-131,"lon":0}}]}""";

        var response = await _api.InvokeAsync(Routes.PostBatch with { Body = body });

        Assert.Equal(200, response.StatusCode);
        var batch = JsonSerializer.Deserialize(response.Body!, ContractsJsonContext.Default.BatchResponse)!;
        Assert.Equal([BatchOutcome.Created, BatchOutcome.Invalid], batch.Items.Select(i => i.Result));
        Assert.Equal("location.lat", Assert.Single(batch.Items[1].Errors!).Field);
    }

    [Theory]
    [InlineData("1234567890123456789012345678", 201)]
    [InlineData("12345678901234567890123456789", 400)]
    [InlineData("7922816251426433759354395033.5", 400)]
    public async Task MetadataNumbersHoldAtMost28SignificantDigitsAsTheApiReferenceSays(string number, int status)
    {
        var body = $$$"""{"status":"pending","timestamp":"2026-11-24T08:00:00Z","metadata":{"n":{{{number}}}}}""";

        var response = await _api.InvokeAsync(Routes.PostEvent("PKG-1") with { Body = body });

        Assert.Equal(status, response.StatusCode);
        if (status == 400) AssertProblem(response, ProblemTypes.Validation, "metadata.n");
    }

    [Theory]
    [InlineData("5\0")]
    [InlineData("\u0665")]
    [InlineData("+5")]
    [InlineData("5 ")]
    public async Task ALimitThatIsNotPlainDigitsIsRefused(string limit)
    {
        var response = await _api.InvokeAsync(Get(ApiRoutes.TrackingEvents, new() { ["limit"] = limit }));

        AssertProblem(response, ProblemTypes.Validation, "limit");
    }

    [Theory]
    [InlineData("zz")]
    [InlineData("2026-11-24T08:15:00.0000000Z#")]
    [InlineData("2026-11-24T08:15:00.0000000Z#PKG 1")]
    [InlineData("2026-11-24T08:15:00.0000000Z#PKG-1|x")]
    public async Task ASignedSearchCursorWithAPositionOutOfShapeIsAnInvalidCursor(string position)
    {
        var positions = Enumerable.Repeat("-", T.StatusIndexShards).ToArray();
        positions[3] = position;
        var cursor = _api.Cursors.Encode(new CursorPayload { Q = CursorCodec.QueryIdentity("packages", "pending", null, null), P = string.Join("|", positions) });

        var response = await _api.InvokeAsync(Get(ApiRoutes.Packages, new() { ["status"] = "pending", ["cursor"] = cursor }));

        AssertProblem(response, ProblemTypes.InvalidCursor, "cursor");
    }

    [Theory]
    [InlineData("")]
    [InlineData("zz")]
    [InlineData("2026-11-24T08:15:00.0000000Z#")]
    [InlineData("2026-13-24T08:15:00.0000000Z#scan-1")]
    public async Task ASignedHistoryCursorWithAPositionOutOfShapeIsAnInvalidCursor(string position)
    {
        var cursor = _api.Cursors.Encode(new CursorPayload { Q = CursorCodec.QueryIdentity("events", "PKG-1", null, null, null, null, "asc"), P = position });

        var response = await _api.InvokeAsync(Get(ApiRoutes.TrackingEvents, new() { ["cursor"] = cursor }));

        AssertProblem(response, ProblemTypes.InvalidCursor, "cursor");
    }

    [Fact]
    public async Task ASignedHistoryCursorOfAnEventIdOver1024BytesIsAnInvalidCursor()
    {
        var cursor = _api.Cursors.Encode(new CursorPayload { Q = CursorCodec.QueryIdentity("events", "PKG-1", null, null, null, null, "asc"), P = "2026-11-24T08:15:00.0000000Z#" + new string('k', 1100) });

        var response = await _api.InvokeAsync(Get(ApiRoutes.TrackingEvents, new() { ["cursor"] = cursor }));

        AssertProblem(response, ProblemTypes.InvalidCursor, "cursor");
    }

    [Fact]
    public async Task AnUnknownMemberWithAnEmptyNameIsNamed()
    {
        var response = await _api.InvokeAsync(Routes.PostEvent("PKG-1") with { Body = """{"status":"pending","timestamp":"2026-11-24T08:00:00Z","":1}""" });

        AssertProblem(response, ProblemTypes.Validation, "['']");
    }

    private static FuzzRequest Get(string resource, Dictionary<string, string> query)
        => new(resource, "GET", ProxyEvent.ReaderKey) { PathParameters = new() { ["trackingId"] = "PKG-1" }, Query = query };

    private static void AssertProblem(ApiGatewayProxyResponse response, ProblemType type, string field)
    {
        Assert.Equal(400, response.StatusCode);
        Assert.Equal(ResponseBuilderProblemJson, response.Headers!["content-type"]);
        var problem = JsonSerializer.Deserialize(response.Body!, ContractsJsonContext.Default.ProblemDetails)!;
        Assert.Equal(type.Uri, problem.Type);
        Assert.Contains(field, problem.Errors!.Select(e => e.Field));
    }

    private const string ResponseBuilderProblemJson = "application/problem+json";
}
