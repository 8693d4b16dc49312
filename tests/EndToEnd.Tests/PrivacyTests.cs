using System.Text.Json;

namespace Tracking.EndToEnd.Tests;

/// <summary>Object-level access, export, erasure, audit and the metadata denylist, through the gateway and the AOT executables.</summary>
[Collection(LocalStackCollection.Name)]
public sealed class PrivacyTests(LocalStackFixture stack)
{
    private static string NewId() => "PRIV-" + Guid.NewGuid().ToString("N")[..16];

    private static string Event(string status, int minute, string eventId, string? extra = null)
        => $$"""{"status":"{{status}}","timestamp":"2026-04-01T10:{{minute:D2}}:00Z","eventId":"{{eventId}}"{{extra}}}""";

    private static string[] ReadPaths(string id) =>
        [$"/v1/tracking/{id}", $"/v1/tracking/{id}/events", $"/v1/tracking/{id}/events/a-1", $"/v1/tracking/{id}/locations"];

    private Task<Reply> Post(string id, string key, string body) => stack.SendAsync(HttpMethod.Post, $"/v1/tracking/{id}/events", key, body);

    [Fact]
    public async Task PartnerBCannotReadPartnerAsPackageUntilItContributesAnEvent()
    {
        var id = NewId();
        await Post(id, LocalStackFixture.PartnerKey, Event("in_transit", 0, "a-1", ""","location":{"lat":47.61,"lon":-122.33}"""));

        var before = new List<int>();
        foreach (var path in ReadPaths(id)) before.Add((await stack.SendAsync(HttpMethod.Get, path, LocalStackFixture.PartnerBKey)).Status);
        var missing = await stack.SendAsync(HttpMethod.Get, $"/v1/tracking/{NewId()}", LocalStackFixture.PartnerBKey);
        var hidden = await stack.SendAsync(HttpMethod.Get, $"/v1/tracking/{id}", LocalStackFixture.PartnerBKey);
        await Post(id, LocalStackFixture.PartnerBKey, Event("in_transit", 5, "b-1"));
        var after = new List<int>();
        foreach (var path in ReadPaths(id)) after.Add((await stack.SendAsync(HttpMethod.Get, path, LocalStackFixture.PartnerBKey)).Status);

        Assert.Equal([404, 404, 404, 404], before);
        Assert.Equal(missing.Json.GetProperty("type").GetString(), hidden.Json.GetProperty("type").GetString());
        Assert.Equal([200, 200, 200, 200], after);
    }

    [Fact]
    public async Task SearchIsForReadersAndAdminsNotPartners()
    {
        var partner = await stack.SendAsync(HttpMethod.Get, "/v1/packages?status=in_transit", LocalStackFixture.PartnerKey);
        var reader = await stack.SendAsync(HttpMethod.Get, "/v1/packages?status=in_transit", LocalStackFixture.ReaderKey);

        Assert.Equal((403, 200), (partner.Status, reader.Status));
    }

    [Fact]
    public async Task APartnerCanNeitherExportNorEraseAndThePrivacyRoleCannotReadOrWrite()
    {
        var id = NewId();
        await Post(id, LocalStackFixture.PartnerKey, Event("pending", 1, "a-1"));

        var export = await stack.SendAsync(HttpMethod.Get, $"/v1/tracking/{id}/export", LocalStackFixture.PartnerKey);
        var erase = await stack.SendAsync(HttpMethod.Delete, $"/v1/tracking/{id}", LocalStackFixture.PartnerKey);
        var privacyRead = await stack.SendAsync(HttpMethod.Get, $"/v1/tracking/{id}", LocalStackFixture.PrivacyKey);
        var privacyWrite = await Post(id, LocalStackFixture.PrivacyKey, Event("pending", 2, "p-1"));

        Assert.Equal([403, 403, 403, 403], new[] { export.Status, erase.Status, privacyRead.Status, privacyWrite.Status });
        Assert.All(new[] { export, erase, privacyRead, privacyWrite }, r => Assert.Contains("insufficient-role", r.Json.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task TheExportHoldsTheStateContributorsAndEveryEventOfTheHistory()
    {
        var id = NewId();
        await Post(id, LocalStackFixture.PartnerKey, Event("in_transit", 0, "a-1", ""","location":{"lat":47.61,"lon":-122.33},"metadata":{"hub":"SEA"}"""));
        await Post(id, LocalStackFixture.PartnerBKey, Event("delivered", 9, "b-1", ""","metadata":{"signed":true}"""));

        var export = await stack.SendAsync(HttpMethod.Get, $"/v1/tracking/{id}/export", LocalStackFixture.PrivacyKey);
        var history = await stack.SendAsync(HttpMethod.Get, $"/v1/tracking/{id}/events?order=asc", LocalStackFixture.ReaderKey);

        Assert.Equal(200, export.Status);
        var document = export.Json;
        Assert.Equal("delivered", document.GetProperty("state").GetProperty("status").GetString());
        Assert.Equal(["local-partner", "local-partner-b"], document.GetProperty("contributors").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(history.Json.GetProperty("items").GetRawText(), document.GetProperty("events").GetRawText());
        Assert.Equal(JsonValueKind.Null, document.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task AnErasedPackageIsGoneFromEveryReadAndSearchRefusesLateUpdatesAndIsAudited()
    {
        var id = NewId();
        await Post(id, LocalStackFixture.PartnerKey, Event("in_transit", 0, "a-1", ""","location":{"lat":47.61,"lon":-122.33}"""));
        await stack.SendAsync(HttpMethod.Get, $"/v1/tracking/{id}/export", LocalStackFixture.AdminKey);

        var erase = await stack.SendAsync(HttpMethod.Delete, $"/v1/tracking/{id}", LocalStackFixture.PrivacyKey);
        var reads = new List<int>();
        foreach (var path in ReadPaths(id)) reads.Add((await stack.SendAsync(HttpMethod.Get, path, LocalStackFixture.AdminKey)).Status);
        var search = await stack.SendAsync(HttpMethod.Get, "/v1/packages?status=in_transit&limit=100", LocalStackFixture.ReaderKey);
        var late = await Post(id, LocalStackFixture.PartnerKey, Event("delivered", 30, "a-2"));
        var lateBatch = await stack.SendAsync(HttpMethod.Post, "/v1/events", LocalStackFixture.PartnerKey,
            $$"""{"events":[{"trackingId":"{{id}}","status":"delivered","timestamp":"2026-04-01T11:00:00Z"}]}""");
        var again = await stack.SendAsync(HttpMethod.Delete, $"/v1/tracking/{id}", LocalStackFixture.AdminKey);
        var export = await stack.SendAsync(HttpMethod.Get, $"/v1/tracking/{id}/export", LocalStackFixture.PrivacyKey);
        var audit = await stack.SendAsync(HttpMethod.Get, $"/v1/audit?trackingId={id}", LocalStackFixture.PrivacyKey);

        Assert.Equal(204, erase.Status);
        Assert.Equal([404, 404, 404, 404], reads);
        Assert.DoesNotContain(search.Json.GetProperty("items").EnumerateArray(), p => p.GetProperty("trackingId").GetString() == id);
        Assert.Equal(410, late.Status);
        Assert.Contains("package-erased", late.Json.GetProperty("type").GetString());
        Assert.Equal("gone", lateBatch.Json.GetProperty("items")[0].GetProperty("result").GetString());
        Assert.Equal((204, 404), (again.Status, export.Status));
        var entries = audit.Json.GetProperty("items").EnumerateArray().Select(a => (a.GetProperty("action").GetString(), a.GetProperty("client").GetString(), a.GetProperty("outcome").GetString())).ToList();
        Assert.Equal([("export", "local-privacy", "not_found"), ("erase", "local-admin", "complete"), ("erase", "local-privacy", "complete"), ("export", "local-admin", "complete")], entries);
        Assert.DoesNotContain(id, audit.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErasingAnUnknownPackageIsNotFound()
        => Assert.Equal(404, (await stack.SendAsync(HttpMethod.Delete, $"/v1/tracking/{NewId()}", LocalStackFixture.PrivacyKey)).Status);

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
