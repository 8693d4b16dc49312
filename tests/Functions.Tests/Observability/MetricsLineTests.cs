using System.Text.Json;
using Tracking.Functions.Configuration;

namespace Tracking.Functions.Tests;

/// <summary>The CloudWatch Embedded Metric Format line each request writes: the cost and traffic metrics.</summary>
public sealed class MetricsLineTests : IDisposable
{
    private const string Body = """{"status":"pending","timestamp":"2026-11-24T08:00:00Z","eventId":"e-1"}""";
    private readonly IngestHarness _ingest = new();

    public void Dispose() => _ingest.Dispose();

    private async Task<JsonElement> OneRequestAsync(ProxyEvent proxyEvent)
    {
        await _ingest.InvokeAsync(proxyEvent);
        return Assert.Single(_ingest.MetricLines());
    }

    [Fact]
    public async Task EachRequestWritesOneLine()
    {
        await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", Body));
        await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", "{"));

        Assert.Equal(2, _ingest.MetricLines().Count);
    }

    [Fact]
    public async Task TheLineDeclaresTheNamespaceAndDimensions()
    {
        var line = await OneRequestAsync(ProxyEvent.PostEvent("PKG-1", Body));

        var directives = line.GetProperty("_aws").GetProperty("CloudWatchMetrics").EnumerateArray().ToArray();
        Assert.All(directives, d => Assert.Equal("PackageTracking/Test", d.GetProperty("Namespace").GetString()));
        Assert.Equal(
            [["Service", "Stage"], ["Service", "Stage", "Route"]],
            directives.Select(d => d.GetProperty("Dimensions").EnumerateArray().Single().EnumerateArray().Select(n => n.GetString()!).ToArray()));
        Assert.Equal(("ingest", "test", "POST /v1/tracking/{trackingId}/events"),
            (line.GetProperty("Service").GetString(), line.GetProperty("Stage").GetString(), line.GetProperty("Route").GetString()));
    }

    [Fact]
    public async Task EveryDeclaredMetricHasANumericValue()
    {
        var line = await OneRequestAsync(ProxyEvent.PostEvent("PKG-1", Body));

        var names = line.GetProperty("_aws").GetProperty("CloudWatchMetrics").EnumerateArray()
            .SelectMany(d => d.GetProperty("Metrics").EnumerateArray().Select(m => m.GetProperty("Name").GetString()!));
        Assert.All(names, n => Assert.Equal(JsonValueKind.Number, line.GetProperty(n).ValueKind));
    }

    [Fact]
    public async Task TheTimestampIsTheClocksInMilliseconds()
    {
        var line = await OneRequestAsync(ProxyEvent.PostEvent("PKG-1", Body));

        Assert.Equal(IngestHarness.Now.ToUnixTimeMilliseconds(), line.GetProperty("_aws").GetProperty("Timestamp").GetInt64());
    }

    [Fact]
    public async Task ACreatedEventCountsOneRequestTwoCallsAndTheirWriteUnits()
    {
        var line = await OneRequestAsync(ProxyEvent.PostEvent("PKG-1", Body));

        Assert.Equal(1, line.GetProperty("Requests").GetInt32());
        Assert.Equal(2, line.GetProperty("DynamoDbCalls").GetInt32());
        Assert.Equal(_ingest.Db.PutUnits + _ingest.Db.UpdateUnits, line.GetProperty("WriteCapacityUnits").GetDouble());
        Assert.Equal(0, line.GetProperty("ReadCapacityUnits").GetDouble());
        Assert.Equal(201, line.GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task TheEstimatedCostIsTheListPriceOfWhatTheRequestUsed()
    {
        var line = await OneRequestAsync(ProxyEvent.PostEvent("PKG-1", Body));

        // The harness clock stands still: 1 billed ms at 512 MB is 0.0005 GB-s x $0.0000133334 = $0.0000000066667;
        // plus $0.0000002 per Lambda request, $0.0000035 per API Gateway request, 3 write units x $0.000000625.
        Assert.Equal(0.0000055816667m, line.GetProperty("EstimatedCostUsd").GetDecimal());
    }

    [Fact]
    public async Task MoreCapacityCostsMore()
    {
        using var expensive = new IngestHarness();
        expensive.Db.PutUnits = 50;
        var cheap = await OneRequestAsync(ProxyEvent.PostEvent("PKG-1", Body));

        await expensive.InvokeAsync(ProxyEvent.PostEvent("PKG-1", Body));
        var dear = Assert.Single(expensive.MetricLines());

        // Both clocks stand still, so the requests differ only in the 49 extra write units.
        Assert.Equal(49 * CostModel.Default.DynamoDbWriteUnit,
            dear.GetProperty("EstimatedCostUsd").GetDecimal() - cheap.GetProperty("EstimatedCostUsd").GetDecimal());
    }

    [Fact]
    public async Task ADuplicateCountsTheFailedConditionalPutAsAWrite()
    {
        await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", Body));

        await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", Body));
        var line = _ingest.MetricLines()[1];

        // Failed put (estimated 1) + state update that is a no-op for the same event (condition fails: estimated 1).
        Assert.Equal(2, line.GetProperty("DynamoDbCalls").GetInt32());
        Assert.Equal(2, line.GetProperty("WriteCapacityUnits").GetDouble());
        Assert.Equal(200, line.GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task AClientErrorCountsAs4xxWithoutDynamoDbCalls()
    {
        var line = await OneRequestAsync(ProxyEvent.PostEvent("PKG-1", "{"));

        Assert.Equal((1, 0, 0, 400), (line.GetProperty("Errors4xx").GetInt32(), line.GetProperty("Errors5xx").GetInt32(), line.GetProperty("DynamoDbCalls").GetInt32(), line.GetProperty("statusCode").GetInt32()));
    }

    [Fact]
    public async Task AServerErrorCountsAs5xx()
    {
        _ingest.Db.Fault = _ => new InvalidOperationException("boom");

        var line = await OneRequestAsync(ProxyEvent.PostEvent("PKG-1", Body));

        Assert.Equal((0, 1), (line.GetProperty("Errors4xx").GetInt32(), line.GetProperty("Errors5xx").GetInt32()));
    }

    [Fact]
    public async Task TheLineIsAlsoTheAccessLog()
    {
        var line = await OneRequestAsync(ProxyEvent.PostEvent("PKG-1", Body));

        Assert.Equal(("lambda-request-1", "api-request-1", "acme", "Root=1-abc"),
            (line.GetProperty("requestId").GetString(), line.GetProperty("apiRequestId").GetString(), line.GetProperty("client").GetString(), line.GetProperty("traceId").GetString()));
    }

    [Fact]
    public async Task AForbiddenRequestIsLoggedWithoutAClient()
    {
        var line = await OneRequestAsync(ProxyEvent.PostEvent("PKG-1", Body, keyId: null));

        Assert.False(line.TryGetProperty("client", out _));
        Assert.Equal(403, line.GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task AnUnknownResourceIsLoggedAsUnmatched()
    {
        var line = await OneRequestAsync(new ProxyEvent(ApiRoutes.CatchAll, "/nope", "GET", null, ProxyEvent.PartnerKey));

        Assert.Equal("unmatched", line.GetProperty("Route").GetString());
    }

    [Fact]
    public async Task ABatchSumsTheCapacityOfAllItsWrites()
    {
        var body = """{"events":[{"trackingId":"A","status":"pending","timestamp":"2026-11-24T08:00:00Z"},{"trackingId":"B","status":"pending","timestamp":"2026-11-24T08:00:00Z"},{"trackingId":"C","status":"pending","timestamp":"2026-11-24T08:00:00Z"}]}""";

        var line = await OneRequestAsync(ProxyEvent.PostBatch(body));

        Assert.Equal(6, line.GetProperty("DynamoDbCalls").GetInt32());
        Assert.Equal(3 * (_ingest.Db.PutUnits + _ingest.Db.UpdateUnits), line.GetProperty("WriteCapacityUnits").GetDouble());
    }
}
