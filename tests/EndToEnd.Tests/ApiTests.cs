using System.Text.Json;

namespace Tracking.EndToEnd.Tests;

/// <summary>HTTP against the local stack: every request crosses the gateway, the Runtime API and a real AOT executable.</summary>
[Collection(LocalStackCollection.Name)]
public sealed class ApiTests(LocalStackFixture stack)
{
    private static string NewId() => "E2E-" + Guid.NewGuid().ToString("N")[..16];

    private static string Event(string status, int minute, string? extra = null)
        => $$"""{"status":"{{status}}","timestamp":"2026-03-01T10:{{minute:D2}}:00Z"{{extra}}}""";

    [Fact]
    public async Task PartnerPostsAndCustomerReadsStateHistoryTrackAndSearch()
    {
        var id = NewId();

        var created = await stack.SendAsync(HttpMethod.Post, $"/v1/tracking/{id}/events", LocalStackFixture.PartnerKey,
            Event("in_transit", 0, ""","location":{"lat":47.6,"lon":-122.3},"eventId":"scan-1","metadata":{"hub":"SEA"}"""));
        await stack.SendAsync(HttpMethod.Post, $"/v1/tracking/{id}/events", LocalStackFixture.PartnerKey,
            Event("in_transit", 30, ""","location":{"lat":45.5,"lon":-122.6}"""));
        var state = await stack.SendAsync(HttpMethod.Get, $"/v1/tracking/{id}", LocalStackFixture.ReaderKey);
        var history = await stack.SendAsync(HttpMethod.Get, $"/v1/tracking/{id}/events?order=desc", LocalStackFixture.ReaderKey);
        var track = await stack.SendAsync(HttpMethod.Get, $"/v1/tracking/{id}/locations", LocalStackFixture.ReaderKey);
        var search = await stack.SendAsync(HttpMethod.Get, "/v1/packages?status=in_transit&limit=100", LocalStackFixture.ReaderKey);

        Assert.Equal(201, created.Status);
        Assert.Equal($"/v1/tracking/{id}/events/scan-1", created.Header("location"));
        Assert.Equal("local-partner", created.Json.GetProperty("source").GetString());
        Assert.Equal(200, state.Status);
        Assert.Equal(2, state.Json.GetProperty("eventCount").GetInt32());
        Assert.Equal("2026-03-01T10:30:00Z", state.Json.GetProperty("timestamp").GetString());
        Assert.Equal(["2026-03-01T10:30:00Z", "2026-03-01T10:00:00Z"],
            history.Json.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("timestamp").GetString()));
        Assert.Equal("application/geo+json", track.MediaType);
        Assert.Equal("LineString", track.Json.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Contains(search.Json.GetProperty("items").EnumerateArray(), p => p.GetProperty("trackingId").GetString() == id);
    }

    [Fact]
    public async Task RetriedPostIsADuplicateAndChangedContentIsAConflict()
    {
        var id = NewId();
        var body = Event("pending", 1, ""","eventId":"retry-1" """);
        await stack.SendAsync(HttpMethod.Post, $"/v1/tracking/{id}/events", LocalStackFixture.PartnerKey, body);

        var retry = await stack.SendAsync(HttpMethod.Post, $"/v1/tracking/{id}/events", LocalStackFixture.PartnerKey, body);
        var conflict = await stack.SendAsync(HttpMethod.Post, $"/v1/tracking/{id}/events", LocalStackFixture.PartnerKey, Event("failed", 1, ""","eventId":"retry-1" """));

        Assert.Equal(200, retry.Status);
        Assert.True(retry.Json.GetProperty("duplicate").GetBoolean());
        Assert.Equal(409, conflict.Status);
        Assert.Equal("application/problem+json", conflict.MediaType);
    }

    [Fact]
    public async Task MissingOrUnknownKeyIsForbiddenAsApiGatewaySaysIt()
    {
        var missing = await stack.SendAsync(HttpMethod.Get, "/v1/tracking/ABC", key: null);
        var unknown = await stack.SendAsync(HttpMethod.Get, "/v1/tracking/ABC", key: "not-a-key");

        Assert.Equal(403, missing.Status);
        Assert.Equal("urn:package-tracking:problem:invalid-api-key", missing.Json.GetProperty("type").GetString());
        Assert.Equal(403, unknown.Status);
        Assert.Equal("urn:package-tracking:problem:invalid-api-key", unknown.Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task RolesDecideWhoMayWrite()
    {
        var id = NewId();

        var reader = await stack.SendAsync(HttpMethod.Post, $"/v1/tracking/{id}/events", LocalStackFixture.ReaderKey, Event("pending", 2));
        var admin = await stack.SendAsync(HttpMethod.Post, $"/v1/tracking/{id}/events", LocalStackFixture.AdminKey, Event("pending", 2));
        var partnerRead = await stack.SendAsync(HttpMethod.Get, $"/v1/tracking/{id}", LocalStackFixture.PartnerKey);

        Assert.Equal(403, reader.Status);
        Assert.Equal("application/problem+json", reader.MediaType);
        Assert.Equal(201, admin.Status);
        // Object-level access: the partner sent nothing for this package, so it does not exist for it.
        Assert.Equal(404, partnerRead.Status);
    }

    [Fact]
    public async Task UnknownRouteIsNotFound()
    {
        var reply = await stack.SendAsync(HttpMethod.Get, "/v2/whatever", LocalStackFixture.ReaderKey);

        Assert.Equal(404, reply.Status);
        Assert.Equal("application/problem+json", reply.MediaType);
    }

    [Fact]
    public async Task WrongMethodIsNotAllowedWithTheAllowedOnes()
    {
        var reply = await stack.SendAsync(HttpMethod.Delete, $"/v1/tracking/{NewId()}/events", LocalStackFixture.AdminKey);

        Assert.Equal(405, reply.Status);
        Assert.Equal("POST, GET", reply.Header("allow"));
    }

    [Fact]
    public async Task MalformedJsonIsABadRequest()
    {
        var reply = await stack.SendAsync(HttpMethod.Post, $"/v1/tracking/{NewId()}/events", LocalStackFixture.PartnerKey, """{"status": "pending", """);

        Assert.Equal(400, reply.Status);
        Assert.Contains("malformed-json", reply.Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task OversizedBodyIsRejected()
    {
        var padding = new string('x', 70 * 1024);
        var reply = await stack.SendAsync(HttpMethod.Post, $"/v1/tracking/{NewId()}/events", LocalStackFixture.PartnerKey,
            Event("pending", 3, $$""","metadata":{"note":"{{padding}}"}"""));

        Assert.Equal(413, reply.Status);
        Assert.Equal("application/problem+json", reply.MediaType);
    }

    [Fact]
    public async Task ValidationErrorsListEveryFieldAndReason()
    {
        var reply = await stack.SendAsync(HttpMethod.Post, $"/v1/tracking/{NewId()}/events", LocalStackFixture.PartnerKey,
            """{"status":"teleported","timestamp":"2026-03-01T10:00:00"}""");

        Assert.Equal(400, reply.Status);
        var errors = reply.Json.GetProperty("errors").EnumerateArray().ToDictionary(e => e.GetProperty("field").GetString()!, e => e.GetProperty("message").GetString());
        Assert.Equal(["status", "timestamp"], errors.Keys.Order());
        Assert.All(errors.Values, message => Assert.False(string.IsNullOrWhiteSpace(message)));
    }

    [Fact]
    public async Task InvalidTrackingIdInThePathIsABadRequest()
    {
        var reply = await stack.SendAsync(HttpMethod.Get, "/v1/tracking/has%20space", LocalStackFixture.ReaderKey);

        Assert.Equal(400, reply.Status);
        Assert.Equal("trackingId", reply.Json.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task UnchangedStateAnswersNotModified()
    {
        var id = NewId();
        await stack.SendAsync(HttpMethod.Post, $"/v1/tracking/{id}/events", LocalStackFixture.PartnerKey, Event("pending", 4));
        var first = await stack.SendAsync(HttpMethod.Get, $"/v1/tracking/{id}", LocalStackFixture.ReaderKey);

        var second = await stack.SendAsync(HttpMethod.Get, $"/v1/tracking/{id}", LocalStackFixture.ReaderKey,
            configure: r => r.Headers.TryAddWithoutValidation("If-None-Match", first.Header("etag")));

        Assert.Equal(304, second.Status);
    }

    [Fact]
    public async Task BatchAnswersPerItemInOrder()
    {
        var id = NewId();
        var reply = await stack.SendAsync(HttpMethod.Post, "/v1/events", LocalStackFixture.PartnerKey, $$"""
            {"events":[
              {"trackingId":"{{id}}","status":"pending","timestamp":"2026-03-01T10:05:00Z"},
              {"trackingId":"{{id}}","status":"nope","timestamp":"2026-03-01T10:06:00Z"}
            ]}
            """);

        Assert.Equal(200, reply.Status);
        Assert.Equal(["created", "invalid"], reply.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("result").GetString()));
    }

    [Fact]
    public async Task HistoryPaginatesPastOneHundredEvents()
    {
        var id = NewId();
        for (var chunk = 0; chunk < 2; chunk++)
        {
            var items = Enumerable.Range(chunk * 60, 60).Select(i =>
                $$"""{"trackingId":"{{id}}","status":"in_transit","timestamp":"2026-03-0{{1 + i / 60}}T{{i % 60 / 10:D2}}:{{i % 60:D2}}:00Z","eventId":"p{{i:D3}}"}""");
            Assert.Equal(200, (await stack.SendAsync(HttpMethod.Post, "/v1/events", LocalStackFixture.PartnerKey, $$"""{"events":[{{string.Join(",", items)}}]}""")).Status);
        }

        var ids = new List<string>();
        var path = $"/v1/tracking/{id}/events?limit=100";
        while (path is not null)
        {
            var page = (await stack.SendAsync(HttpMethod.Get, path, LocalStackFixture.ReaderKey)).Json;
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()!));
            path = page.GetProperty("nextCursor").ValueKind == JsonValueKind.String
                ? $"/v1/tracking/{id}/events?limit=100&cursor={Uri.EscapeDataString(page.GetProperty("nextCursor").GetString()!)}"
                : null!;
        }

        Assert.Equal(120, ids.Count);
        Assert.Equal(120, ids.Distinct().Count());
    }
}
