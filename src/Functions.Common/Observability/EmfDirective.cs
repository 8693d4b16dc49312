using System.Text.Json;

namespace Tracking.Functions.Observability;

/// <summary>
/// One CloudWatch Embedded Metric Format directive (an element of <c>_aws.CloudWatchMetrics</c>): the namespace, one
/// dimension set, and the metrics with their units. Shared by the API's and the retry path's metric lines.
/// </summary>
public static class EmfDirective
{
    public static void Write(Utf8JsonWriter w, string metricsNamespace, string[] dimensions, (string Name, string Unit)[] metrics)
    {
        w.WriteStartObject();
        w.WriteString("Namespace", metricsNamespace);
        w.WriteStartArray("Dimensions");
        w.WriteStartArray();
        foreach (var dimension in dimensions) w.WriteStringValue(dimension);
        w.WriteEndArray();
        w.WriteEndArray();
        w.WriteStartArray("Metrics");
        foreach (var (name, unit) in metrics)
        {
            w.WriteStartObject();
            w.WriteString("Name", name);
            w.WriteString("Unit", unit);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
