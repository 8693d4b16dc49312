using System.Buffers;
using System.Text.Json;
using Tracking.Contracts.Gateway;
using Tracking.Contracts.Json;
using Tracking.Functions.Configuration;
using Tracking.Functions.Http;
using Tracking.Functions.Paging;
using Tracking.Ingest;
using Tracking.LambdaRuntime;
using Tracking.Query;

namespace Tracking.Functions.Tests.Fuzz;

/// <summary>Both functions as Lambda runs them (proxy event bytes in, proxy response out), over one table that
/// enforces DynamoDB's input rules. Every request goes through the same pipeline API Gateway would invoke.</summary>
internal sealed class FuzzHarness : IDisposable
{
    private readonly ApiFunction _ingest;
    private readonly ApiFunction _query;
    private readonly ArrayBufferWriter<byte> _output = new(8192);

    public FakeDynamoDb Table { get; } = new();
    public StringWriter ErrorLog { get; } = new();
    public CursorCodec Cursors { get; }

    public FuzzHarness()
    {
        var settings = FunctionSettings.FromEnvironment(name => IngestHarness.Environment.GetValueOrDefault(name), new FixedClock(IngestHarness.Now));
        var db = new DynamoDbRules(Table);
        _ingest = IngestFunction.Create(settings, db, Stream.Null, ErrorLog);
        _query = QueryFunction.Create(settings, db, Stream.Null, ErrorLog);
        Cursors = new CursorCodec(settings.CursorKey);
    }

    public async Task<ApiGatewayProxyResponse> InvokeAsync(FuzzRequest request)
    {
        var function = ApiRoutes.Find(request.Resource)?.Methods.FirstOrDefault(m => m.Method == request.Method)?.Function == ApiRoutes.IngestFunction ? _ingest : _query;
        _output.ResetWrittenCount();
        var context = new LambdaContext { RequestId = "fuzz", DeadlineUnixMs = IngestHarness.Now.AddSeconds(10).ToUnixTimeMilliseconds(), Clock = new FixedClock(IngestHarness.Now) };
        await function.HandleAsync(request.ToProxyEvent(), context, _output, CancellationToken.None);
        return JsonSerializer.Deserialize(_output.WrittenSpan, ContractsJsonContext.Default.ApiGatewayProxyResponse)!;
    }

    public void Dispose()
    {
        _ingest.Dispose();
        _query.Dispose();
        ErrorLog.Dispose();
    }
}
