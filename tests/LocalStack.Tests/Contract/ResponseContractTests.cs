using Tracking.LocalStack.Contract;

namespace Tracking.LocalStack.Tests.Contract;

/// <summary>The contract check the integration and end-to-end tests run on every answer can fail, and says why.</summary>
public sealed class ResponseContractTests
{
    private const string Event = """{"trackingId":"PKG-1","eventId":"e-1","status":"pending","timestamp":"2026-11-23T06:00:00Z","eventType":"status_update","receivedAt":"2026-11-24T06:48:25.6112208Z","source":"acme"}""";
    private static readonly Dictionary<string, string> Json = new() { ["content-type"] = "application/json" };
    private static readonly ResponseContract Contract = ResponseContract.Repository;

    private static ObservedResponse Answer(int status, string body, string contentType = "application/json", Dictionary<string, string>? headers = null)
        => new(status, contentType, headers ?? Json, body);

    [Fact]
    public void ADocumentedAnswerKeepsTheContract()
        => Assert.Empty(Contract.Check("GET", "/v1/tracking/{trackingId}/events/{eventId}", Answer(200, Event)));

    [Fact]
    public void AnUndocumentedStatusBreaksIt()
        => Assert.Contains("status 418 is not documented", Assert.Single(Contract.Check("GET", "/v1/tracking/{trackingId}/events/{eventId}", Answer(418, Event))));

    [Fact]
    public void AnExtraMemberBreaksIt()
        => Assert.NotEmpty(Contract.Check("GET", "/v1/tracking/{trackingId}/events/{eventId}", Answer(200, Event.Replace("\"source\"", "\"internalKey\":\"x\",\"source\"", StringComparison.Ordinal))));

    [Fact]
    public void AMissingRequiredHeaderBreaksIt()
        => Assert.Contains("required header Location is missing", Assert.Single(Contract.Check("POST", "/v1/tracking/{trackingId}/events", Answer(201, Event))));

    [Fact]
    public void AnErrorThatIsNotProblemJsonBreaksIt()
        => Assert.Contains("content type 'application/json' is not documented", Assert.Single(Contract.Check("GET", "/v1/tracking/{trackingId}", Answer(404, """{"message":"Not Found"}"""))));

    [Fact]
    public void AnUnlistedMethodMayOnlyAnswerAProblem()
        => Assert.NotEmpty(Contract.Check("DELETE", "/v1/events", Answer(200, "{}")));

    [Fact]
    public void ANotModifiedAnswerHasNoBody()
        => Assert.Contains("has one", Assert.Single(Contract.Check("GET", "/v1/tracking/{trackingId}", Answer(304, "{}", headers: new() { ["etag"] = "\"x\"" }))));
}
