using Tracking.Functions.Storage;
using static Tracking.Functions.Tests.Fakes.IngestHarness;

namespace Tracking.Functions.Tests;

/// <summary>Storage faults and our own bugs become 503/500 problems and an ERROR log line, never a crash.</summary>
public sealed class FailureTests : IDisposable
{
    private const string Body = """{"status":"pending","timestamp":"2026-11-24T08:00:00Z"}""";
    private readonly IngestHarness _ingest = new();

    public void Dispose() => _ingest.Dispose();

    [Fact]
    public async Task ThrottlingIsServiceUnavailableWithRetryAfter()
    {
        _ingest.Store.Fault = _ => StoreFaults.Throttled();

        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", Body));

        Assert.Equal(503, response.StatusCode);
        Assert.Equal("1", response.Headers!["retry-after"]);
        Assert.Equal(ProblemTypes.Throttled.Uri, Problem(response).Type);
    }

    [Fact]
    public async Task ThrottlingOfTheStateUpdateIsServiceUnavailable()
    {
        _ingest.Store.Fault = call => call == StoreCall.UpdateState ? StoreFaults.Throttled() : null;

        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", Body));

        Assert.Equal(503, response.StatusCode);
    }

    [Fact]
    public async Task AnUnexpectedExceptionIsAnInternalErrorProblem()
    {
        _ingest.Store.Fault = _ => new InvalidOperationException("boom");

        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", Body));

        Assert.Equal(500, response.StatusCode);
        Assert.Equal("application/problem+json", response.Headers!["content-type"]);
        var problem = Problem(response);
        Assert.Equal((ProblemTypes.Internal.Uri, "api-request-1"), (problem.Type, problem.RequestId));
        Assert.DoesNotContain("boom", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnexpectedExceptionIsLoggedAsAnErrorLineWithTheRequestIds()
    {
        _ingest.Store.Fault = _ => new InvalidOperationException("boom");

        await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", Body));

        var line = System.Text.Json.JsonDocument.Parse(_ingest.ErrorLog.ToString().Trim()).RootElement;
        Assert.Equal("ERROR", line.GetProperty("level").GetString());
        Assert.Equal(("lambda-request-1", "api-request-1"), (line.GetProperty("requestId").GetString(), line.GetProperty("apiRequestId").GetString()));
        Assert.Equal("System.InvalidOperationException", line.GetProperty("errorType").GetString());
        Assert.Equal("boom", line.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task AnInternalErrorInABatchIsAnInternalErrorProblem()
    {
        _ingest.Store.Fault = _ => new InvalidOperationException("boom");

        var response = await _ingest.InvokeAsync(ProxyEvent.PostBatch("""{"events":[{"trackingId":"A","status":"pending","timestamp":"2026-11-24T08:00:00Z"}]}"""));

        Assert.Equal(500, response.StatusCode);
    }

    [Fact]
    public async Task TheFunctionServesTheNextRequestAfterAFailure()
    {
        _ingest.Store.Fault = _ => new InvalidOperationException("boom");
        await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", Body));
        _ingest.Store.Fault = null;

        var response = await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", Body));

        Assert.Equal(201, response.StatusCode);
    }

    [Fact]
    public async Task AClientErrorIsNotLogged()
    {
        await _ingest.InvokeAsync(ProxyEvent.PostEvent("PKG-1", "{"));

        Assert.Equal("", _ingest.ErrorLog.ToString());
    }
}
