using static Tracking.Functions.Tests.Fakes.IngestHarness;

namespace Tracking.Functions.Tests;

public sealed class BatchTests : IDisposable
{
    private readonly IngestHarness _ingest = new();

    public void Dispose() => _ingest.Dispose();

    private static string Item(string trackingId, string status = "in_transit", string? eventId = null, string time = "2026-11-24T08:00:00Z")
        => $$"""{"trackingId":"{{trackingId}}","status":"{{status}}","timestamp":"{{time}}"{{(eventId is null ? "" : $",\"eventId\":\"{eventId}\"")}}}""";

    private static string BatchBody(params string[] items) => "{\"events\":[" + string.Join(",", items) + "]}";

    private Task<Tracking.Contracts.Gateway.ApiGatewayProxyResponse> PostBatch(string body) => _ingest.InvokeAsync(ProxyEvent.PostBatch(body));

    private async Task<BatchResponse> MixedBatchAsync()
    {
        await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", """{"status":"in_transit","timestamp":"2026-11-24T08:00:00Z","eventId":"known"}"""));
        return Batch(await PostBatch(BatchBody(
            Item("PKG-2", eventId: "new-1"),
            Item("PKG-3", status: "lost"),
            Item("PKG-1", eventId: "known"),
            Item("PKG-1", status: "delivered", eventId: "known"),
            Item("PKG-4", eventId: "new-2"))));
    }

    [Fact]
    public async Task EachItemGetsItsOutcomeInRequestOrder()
    {
        var batch = await MixedBatchAsync();

        Assert.Equal(
            [(0, "created", 201), (1, "invalid", 400), (2, "duplicate", 200), (3, "conflict", 409), (4, "created", 201)],
            batch.Items.Select(i => (i.Index, i.Result, i.Status)));
    }

    [Fact]
    public async Task TheBatchAnswers200WithCounts()
    {
        await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", """{"status":"in_transit","timestamp":"2026-11-24T08:00:00Z","eventId":"known"}"""));

        var response = await PostBatch(BatchBody(Item("PKG-2"), Item("PKG-3", status: "lost")));

        Assert.Equal(200, response.StatusCode);
        var batch = Batch(response);
        Assert.Equal((1, 0, 0, 1), (batch.Created, batch.Duplicates, batch.Conflicts, batch.Invalid));
    }

    [Fact]
    public async Task AnInvalidItemCarriesItsFieldErrors()
    {
        var invalid = (await MixedBatchAsync()).Items[1];

        Assert.Equal("PKG-3", invalid.TrackingId);
        Assert.Equal("status", Assert.Single(invalid.Errors!).Field);
    }

    [Fact]
    public async Task ValidItemsAreStoredEvenWhenOthersAreInvalid()
    {
        await MixedBatchAsync();

        Assert.Equal(["known", "new-1", "new-2"], _ingest.Store.StoredEvents.Select(e => e.EventId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ACreatedItemCarriesTheStoredEvent()
    {
        var created = (await MixedBatchAsync()).Items[0];

        Assert.Equal(("new-1", "PKG-2", "acme"), (created.Event!.EventId, created.Event.TrackingId, created.Event.Source));
    }

    [Fact]
    public async Task AConflictItemExplainsItself()
    {
        var conflict = (await MixedBatchAsync()).Items[3];

        Assert.Contains("known", conflict.Detail, StringComparison.Ordinal);
        Assert.Null(conflict.Event);
    }

    [Fact]
    public async Task AnItemWithoutTrackingIdIsInvalid()
    {
        var batch = Batch(await PostBatch(BatchBody("""{"status":"pending","timestamp":"2026-11-24T08:00:00Z"}""")));

        Assert.Equal(("invalid", "trackingId"), (batch.Items[0].Result, Assert.Single(batch.Items[0].Errors!).Field));
    }

    [Fact]
    public async Task AnItemThatIsNotAnObjectIsInvalidWithoutFailingItsNeighbours()
    {
        var batch = Batch(await PostBatch(BatchBody("42", Item("PKG-2"))));

        Assert.Equal(["invalid", "created"], batch.Items.Select(i => i.Result));
    }

    [Fact]
    public async Task AnItemWithAWrongTypeIsInvalidNamingTheField()
    {
        var batch = Batch(await PostBatch(BatchBody("""{"trackingId":"PKG-2","status":true,"timestamp":"2026-11-24T08:00:00Z"}""")));

        Assert.Equal(new FieldError("status", "must be a string"), Assert.Single(batch.Items[0].Errors!));
    }

    [Fact]
    public async Task OneHundredItemsAreAccepted()
    {
        var response = await PostBatch(BatchBody([.. Enumerable.Range(0, 100).Select(i => Item("PKG-" + i))]));

        Assert.Equal(100, Batch(response).Created);
        Assert.Equal(100, _ingest.Store.StoredEvents.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task ABatchOutside1To100ItemsIsAValidationProblem(int count)
    {
        var response = await PostBatch(BatchBody([.. Enumerable.Range(0, count).Select(i => Item("PKG-" + i))]));

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("events", Assert.Single(Problem(response).Errors!).Field);
        Assert.Empty(_ingest.Store.Calls);
    }

    [Fact]
    public async Task ABatchWithoutEventsIsAValidationProblem()
    {
        var response = await PostBatch("{}");

        Assert.Equal(new FieldError("events", "is required"), Assert.Single(Problem(response).Errors!));
    }

    [Fact]
    public async Task ABatchWithAnUnknownTopLevelFieldIsAValidationProblem()
    {
        var response = await PostBatch("""{"events":[],"items":[]}""");

        Assert.Equal("items", Assert.Single(Problem(response).Errors!).Field);
    }
}
