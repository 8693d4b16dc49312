namespace Tracking.EndToEnd.Tests;

/// <summary>Object-level access, export, erasure, audit and the metadata denylist, through the gateway and the AOT executables.</summary>
[Collection(LocalStackCollection.Name)]
public sealed class PrivacyTests(LocalStackFixture stack)
{
    private static string NewId() => "PRIV-" + Guid.NewGuid().ToString("N")[..16];

    private static string Event(string status, int minute, string eventId, string? extra = null)
        => $$"""{"status":"{{status}}","timestamp":"2026-04-01T10:{{minute:D2}}:00Z","eventId":"{{eventId}}"{{extra}}}""";

    private Task<Reply> Post(string id, string key, string body) => stack.SendAsync(HttpMethod.Post, $"/v1/tracking/{id}/events", key, body);

    [Theory]
    [InlineData("email")]
    [InlineData("Phone")]
    public async Task ADeniedMetadataKeyIsRefusedNamingIt(string key)
    {
        var reply = await Post(NewId(), LocalStackFixture.PartnerKey, Event("pending", 3, "d-1", $$""","metadata":{"{{key}}":"someone"}"""));

        Assert.Equal(400, reply.Status);
        Assert.Equal("metadata." + key, reply.Json.GetProperty("errors")[0].GetProperty("field").GetString());
    }
}
