using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Tracking.Contracts.Json;
using Tracking.Functions.Resilience;
using Tracking.Functions.Storage.DynamoDb;
using Tracking.Functions.Tests.Fuzz;

namespace Tracking.Functions.Tests.Resilience;

/// <summary>DynamoDB trouble is a 503 with Retry-After, answered inside the invocation's deadline, with its metric line.</summary>
public sealed class StorageFaultsTests
{
    private const string Body = """{"status":"pending","timestamp":"2026-11-24T08:00:00Z"}""";

    [Fact]
    public async Task AStalledTableIsA503AnsweredBeforeTheDeadlineWithItsMetricLine()
    {
        // The function's own clock, advanced in 100 ms steps: "before the deadline" is measured in the time the budget
        // sees, not in wall time, which a loaded machine stretches. The table never answers; only the budget ends the call.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        using var api = new FuzzHarness(new FaultyTable(_ => null, stall: true), clock);
        var pending = api.InvokeAsync(Routes.PostEvent("PKG-1") with { Body = Body }, deadline: TimeSpan.FromSeconds(1.5));
        var waited = TimeSpan.Zero;
        for (var wall = Stopwatch.StartNew(); !pending.IsCompleted && waited < TimeSpan.FromSeconds(1.5) && wall.Elapsed < TimeSpan.FromSeconds(15); )
        {
            await Task.Delay(20);
            if (!pending.IsCompleted) { clock.Advance(TimeSpan.FromMilliseconds(100)); waited += TimeSpan.FromMilliseconds(100); }
        }

        Assert.True(pending.IsCompleted, $"no answer after {waited} of the function's time");
        Assert.True(waited < TimeSpan.FromSeconds(1.5), $"answered after {waited} of the function's time");
        var response = await pending;
        AssertUnavailable(response, ProblemTypes.StorageUnavailable, "2");
        var line = JsonDocument.Parse(Encoding.UTF8.GetString(api.Metrics.ToArray()).Trim()).RootElement;
        Assert.Equal(1, line.GetProperty("Errors5xx").GetInt32());
        Assert.Equal(503, line.GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task AnInvocationPastItsDeadlineAnswers503WithoutWaiting()
    {
        using var api = new FuzzHarness(new FaultyTable(_ => null, stall: true), TimeProvider.System);

        var response = await api.InvokeAsync(Routes.PostEvent("PKG-1") with { Body = Body }, deadline: TimeSpan.FromMilliseconds(300));

        AssertUnavailable(response, ProblemTypes.StorageUnavailable, "2");
    }

    [Theory]
    [InlineData("InternalServerError", 500)]
    [InlineData("ServiceUnavailable", 503)]
    public async Task ADynamoDbServerErrorIsA503(string code, int status)
    {
        using var api = new FuzzHarness(new FaultyTable(_ => new AmazonDynamoDBException("boom") { ErrorCode = code, StatusCode = (System.Net.HttpStatusCode)status }));

        var response = await api.InvokeAsync(Routes.PostEvent("PKG-1") with { Body = Body });

        AssertUnavailable(response, ProblemTypes.StorageUnavailable, "2");
    }

    [Fact]
    public async Task AConnectionResetIsA503()
    {
        using var api = new FuzzHarness(new FaultyTable(_ => new StorageUnavailableException(StorageFault.Failed, "reset", new HttpRequestException("reset"))));

        var response = await api.InvokeAsync(Routes.PostEvent("PKG-1") with { Body = Body });

        AssertUnavailable(response, ProblemTypes.StorageUnavailable, "2");
    }

    [Fact]
    public async Task ThrottlingIsA503WithRetryAfterOneSecond()
    {
        using var api = new FuzzHarness(new FaultyTable(_ => new ProvisionedThroughputExceededException("slow down")));

        var response = await api.InvokeAsync(new FuzzRequest(ApiRoutes.Tracking, "GET", ProxyEvent.ReaderKey) { PathParameters = new() { ["trackingId"] = "PKG-1" } });

        AssertUnavailable(response, ProblemTypes.Throttled, "1");
    }

    [Fact]
    public async Task ADynamoDbValidationErrorIsOurBugAndStaysA500()
    {
        using var api = new FuzzHarness(new FaultyTable(_ => new AmazonDynamoDBException("bad") { ErrorCode = "ValidationException", StatusCode = System.Net.HttpStatusCode.BadRequest }));

        var response = await api.InvokeAsync(Routes.PostEvent("PKG-1") with { Body = Body });

        Assert.Equal(500, response.StatusCode);
    }

    private static void AssertUnavailable(Contracts.Gateway.ApiGatewayProxyResponse response, ProblemType type, string retryAfter)
    {
        Assert.Equal(503, response.StatusCode);
        Assert.Equal("application/problem+json", response.Headers!["content-type"]);
        Assert.Equal(retryAfter, response.Headers!["retry-after"]);
        Assert.Equal(type.Uri, JsonSerializer.Deserialize(response.Body!, ContractsJsonContext.Default.ProblemDetails)!.Type);
    }

    /// <summary>A table that fails every call as told, or stalls until the caller's token gives up (as the SDK does).</summary>
    /// <summary>Stands in for <see cref="AwsDynamoDb"/>, with the same guard around every call.</summary>
    private sealed class FaultyTable(Func<object, Exception?> fault, bool stall = false) : IDynamoDb
    {
        public Task<GetItemResponse> GetItemAsync(GetItemRequest request, CancellationToken cancellationToken) => Call<GetItemResponse>(request, cancellationToken);
        public Task<PutItemResponse> PutItemAsync(PutItemRequest request, CancellationToken cancellationToken) => Call<PutItemResponse>(request, cancellationToken);
        public Task<UpdateItemResponse> UpdateItemAsync(UpdateItemRequest request, CancellationToken cancellationToken) => Call<UpdateItemResponse>(request, cancellationToken);
        public Task<QueryResponse> QueryAsync(QueryRequest request, CancellationToken cancellationToken) => Call<QueryResponse>(request, cancellationToken);
        public Task<DeleteItemResponse> DeleteItemAsync(DeleteItemRequest request, CancellationToken cancellationToken) => Call<DeleteItemResponse>(request, cancellationToken);
        public Task<BatchWriteItemResponse> BatchWriteItemAsync(BatchWriteItemRequest request, CancellationToken cancellationToken) => Call<BatchWriteItemResponse>(request, cancellationToken);

        private Task<T> Call<T>(object request, CancellationToken cancellationToken) where T : new()
            => DynamoDbFaults.GuardAsync(Respond<T>(request, cancellationToken), cancellationToken);

        private async Task<T> Respond<T>(object request, CancellationToken cancellationToken) where T : new()
        {
            if (stall) await Task.Delay(Timeout.Infinite, cancellationToken);
            if (fault(request) is { } e) throw e;
            return new T();
        }
    }
}
