using System.Buffers;
using System.Text.Json;
using Tracking.Contracts.Gateway;
using Tracking.Contracts.Json;
using Tracking.Functions.Configuration;
using Tracking.Functions.Http;
using Tracking.Functions.Paging;
using Tracking.Functions.Storage.DynamoDb;
using Tracking.Ingest;
using Tracking.LambdaRuntime;
using Tracking.Query;

namespace Tracking.Functions.Tests.Fuzz;

/// <summary>Both functions as Lambda runs them (proxy event bytes in, proxy response out), composed with the
/// DynamoDB stores over one table that enforces DynamoDB's input rules: every request goes through the pipeline API
/// Gateway would invoke and every storage request is checked as DynamoDB would check it.</summary>
internal sealed class FuzzHarness : IDisposable
{
    private readonly ApiFunction _ingest;
    private readonly ApiFunction _query;
    private readonly ArrayBufferWriter<byte> _output = new(8192);
    private readonly TimeProvider _clock;

    public DynamoDbRules Table { get; } = new();
    public StringWriter ErrorLog { get; } = new();
    public MemoryStream Metrics { get; } = new();
    public CursorCodec Cursors { get; }

    /// <param name="storage">What the functions call; the rule-checking table when null.</param>
    /// <param name="clock">The functions' and Lambda's clock: fixed at <see cref="IngestHarness.Now"/> unless a test needs real timers.</param>
    public FuzzHarness(IDynamoDb? storage = null, TimeProvider? clock = null)
    {
        _clock = clock ?? new FakeTimeProvider(IngestHarness.Now);
        var settings = FunctionSettings.FromEnvironment(name => IngestHarness.Environment.GetValueOrDefault(name), _clock);
        var db = storage ?? Table;
        _ingest = IngestFunction.OnDynamoDb(settings, db, Metrics, ErrorLog);
        _query = QueryFunction.OnDynamoDb(settings, db, Metrics, ErrorLog);
        Cursors = new CursorCodec(settings.CursorKey);
    }

    /// <param name="deadline">Time left before Lambda's deadline when the invocation starts (10 s, the deployed timeout, when null).</param>
    public async Task<ApiGatewayProxyResponse> InvokeAsync(FuzzRequest request, TimeSpan? deadline = null)
    {
        var function = ApiRoutes.Find(request.Resource)?.Methods.FirstOrDefault(m => m.Method == request.Method)?.Function == ApiRoutes.IngestFunction ? _ingest : _query;
        _output.ResetWrittenCount();
        var context = new LambdaContext { RequestId = "fuzz", DeadlineUnixMs = _clock.GetUtcNow().Add(deadline ?? TimeSpan.FromSeconds(10)).ToUnixTimeMilliseconds(), Clock = _clock };
        await function.HandleAsync(request.ToProxyEvent(), context, _output, CancellationToken.None);
        return JsonSerializer.Deserialize(_output.WrittenSpan, ContractsJsonContext.Default.ApiGatewayProxyResponse)!;
    }

    public void Dispose()
    {
        _ingest.Dispose();
        _query.Dispose();
        ErrorLog.Dispose();
        Metrics.Dispose();
    }
}
