using System.Buffers;
using System.Text.Json;

namespace Tracking.Functions.Observability;

/// <summary>One finished request, as measured.</summary>
public readonly record struct RequestRecord(
    string Route,
    int StatusCode,
    double LatencyMs,
    RequestMetrics Dynamo,
    decimal EstimatedCostUsd,
    string? RequestId,
    string? ApiRequestId,
    string? ClientName,
    string? TraceId);

/// <summary>
/// CloudWatch Embedded Metric Format: one JSON line per request on stdout, which Lambda ships to CloudWatch Logs and
/// CloudWatch turns into metrics with no API call (no SDK, no latency, no extra IAM). Two metric directives keep the
/// custom-metric count (and its monthly price) small: everything by Service+Stage, only Requests/Latency also by Route.
/// The same line is the function's access log: request ids, client, route, status.
/// </summary>
public sealed class MetricsWriter(string metricsNamespace, string service, string stage, Stream output, TimeProvider clock)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Lock _gate = new();
    private Utf8JsonWriter? _writer;

    public void Write(in RequestRecord record)
    {
        lock (_gate)
        {
            _buffer.ResetWrittenCount();
            var w = _writer ??= new Utf8JsonWriter(_buffer);
            w.Reset(_buffer);
            {
                w.WriteStartObject();
                w.WriteStartObject("_aws");
                w.WriteNumber("Timestamp", clock.GetUtcNow().ToUnixTimeMilliseconds());
                w.WriteStartArray("CloudWatchMetrics");
                EmfDirective.Write(w, metricsNamespace, ServiceDimensions, AllMetrics);
                EmfDirective.Write(w, metricsNamespace, RouteDimensions, RouteMetrics);
                w.WriteEndArray();
                w.WriteEndObject();

                w.WriteString("Service", service);
                w.WriteString("Stage", stage);
                w.WriteString("Route", record.Route);
                w.WriteNumber("Requests", 1);
                w.WriteNumber("Latency", Math.Round(record.LatencyMs, 3));
                w.WriteNumber("Errors4xx", record.StatusCode is >= 400 and < 500 ? 1 : 0);
                w.WriteNumber("Errors5xx", record.StatusCode >= 500 ? 1 : 0);
                w.WriteNumber("DynamoDbCalls", record.Dynamo.DynamoDbCalls);
                w.WriteNumber("ReadCapacityUnits", record.Dynamo.ReadUnits);
                w.WriteNumber("WriteCapacityUnits", record.Dynamo.WriteUnits);
                w.WriteNumber("EstimatedCostUsd", record.EstimatedCostUsd);
                w.WriteNumber("statusCode", record.StatusCode);
                if (record.RequestId is not null) w.WriteString("requestId", record.RequestId);
                if (record.ApiRequestId is not null) w.WriteString("apiRequestId", record.ApiRequestId);
                if (record.ClientName is not null) w.WriteString("client", record.ClientName);
                if (record.TraceId is not null) w.WriteString("traceId", record.TraceId);
                w.WriteEndObject();
                w.Flush();
            }
            _buffer.Write("\n"u8);
            output.Write(_buffer.WrittenSpan);
            output.Flush();
        }
    }

    private static readonly string[] ServiceDimensions = ["Service", "Stage"];
    private static readonly string[] RouteDimensions = ["Service", "Stage", "Route"];

    private static readonly (string Name, string Unit)[] AllMetrics =
    [
        ("Requests", "Count"), ("Latency", "Milliseconds"), ("Errors4xx", "Count"), ("Errors5xx", "Count"),
        ("DynamoDbCalls", "Count"), ("ReadCapacityUnits", "Count"), ("WriteCapacityUnits", "Count"), ("EstimatedCostUsd", "None"),
    ];

    private static readonly (string Name, string Unit)[] RouteMetrics = [("Requests", "Count"), ("Latency", "Milliseconds")];
}
