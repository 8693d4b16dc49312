using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace Tracking.Integration.Tests;

/// <summary>Test data: unique ids per test (the table is shared), event JSON, and direct table reads for assertions.</summary>
public static class Events
{
    public static readonly DateTime Base = new(2026, 1, 10, 8, 0, 0, DateTimeKind.Utc);

    public static string NewTrackingId(string prefix = "PKG") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 33)];

    public static string At(int minutes) => Base.AddMinutes(minutes).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Json(string status, string timestamp, string? eventId = null, double? lat = null, double? lon = null,
        string? eventType = null, string? metadata = null, string? trackingId = null)
    {
        var parts = new List<string> { $"\"status\":\"{status}\"", $"\"timestamp\":\"{timestamp}\"" };
        if (trackingId is not null) parts.Add($"\"trackingId\":\"{trackingId}\"");
        if (eventId is not null) parts.Add($"\"eventId\":\"{eventId}\"");
        if (lat is not null) parts.Add(string.Create(CultureInfo.InvariantCulture, $"\"location\":{{\"lat\":{lat},\"lon\":{lon}}}"));
        if (eventType is not null) parts.Add($"\"eventType\":\"{eventType}\"");
        if (metadata is not null) parts.Add($"\"metadata\":{metadata}");
        return "{" + string.Join(",", parts) + "}";
    }

    public static async Task<int> CountStoredEventsAsync(DynaliteFixture fixture, string trackingId)
    {
        var response = await fixture.Admin.QueryAsync(new QueryRequest
        {
            TableName = DynaliteFixture.TableName,
            KeyConditionExpression = "pk = :pk AND begins_with(sk, :evt)",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>
            {
                [":pk"] = new() { S = "PKG#" + trackingId },
                [":evt"] = new() { S = "EVT#" },
            },
            Select = Amazon.DynamoDBv2.Select.COUNT,
        });
        return response.Count ?? 0;
    }
}
