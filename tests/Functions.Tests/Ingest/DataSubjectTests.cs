using Tracking.Contracts.Json;
using Tracking.Functions.Observability;
using Tracking.Functions.Privacy;
using Tracking.Functions.Storage;

namespace Tracking.Functions.Tests;

/// <summary>Export, erasure, late updates and the audit trail on the ingest function, over the in-memory store.</summary>
public sealed class DataSubjectTests : IDisposable
{
    private const string Id = "PKG-123";
    private readonly IngestHarness _ingest = new();

    public void Dispose() => _ingest.Dispose();

    private static string Event(int minute, string eventId, string? extra = null)
        => $$"""{"status":"in_transit","timestamp":"2026-11-24T08:{{minute:D2}}:00Z","eventId":"{{eventId}}"{{extra}}}""";

    private static ProxyEvent Delete(string keyId = ProxyEvent.AdminKey) => new(ApiRoutes.Tracking, $"/v1/tracking/{Id}", "DELETE", null, keyId, ContentType: null, TrackingId: Id);

    private static ProxyEvent Export(string keyId = ProxyEvent.AdminKey) => new(ApiRoutes.Export, $"/v1/tracking/{Id}/export", "GET", null, keyId, ContentType: null, TrackingId: Id);

    private async Task SeedAsync(int events)
    {
        for (var i = 0; i < events; i++) await _ingest.InvokeAsync(ProxyEvent.PostEvent(Id, Event(i % 60, $"e-{i:D3}", ""","metadata":{"hub":"SEA"}""")));
    }

    private List<AuditRecord> Audit()
        => _ingest.Store.ReadAuditAsync(PackageAccess.AuditSubject(IngestHarness.Settings().Privacy.AuditIdKey, Id), null, 100, new RequestMetrics(), default).GetAwaiter().GetResult().Items;

    [Fact]
    public async Task AnErasureRemovesEveryEventAndTheStateAndAnswersNoContent()
    {
        await SeedAsync(3);

        var erased = await _ingest.InvokeAsync(Delete());

        Assert.Equal(204, erased.StatusCode);
        Assert.Null(_ingest.State(Id));
        Assert.Empty(_ingest.Store.StoredEvents);
    }

    [Fact]
    public async Task AnErasureThatRunsOutOfTimeAnswersAcceptedAndTheNextCallFinishesIt()
    {
        await SeedAsync(30);
        _ingest.Store.MaxEraseBatchesPerCall = 1;

        var first = await _ingest.InvokeAsync(Delete());
        var left = _ingest.Store.StoredEvents.Count;
        var second = await _ingest.InvokeAsync(Delete());

        Assert.Equal((202, "1"), (first.StatusCode, first.Headers!["retry-after"]));
        Assert.Equal((25, false), (IngestHarness.Body(first, ContractsJsonContext.Default.ErasureProgress).Deleted, IngestHarness.Body(first, ContractsJsonContext.Default.ErasureProgress).Continuing));
        Assert.Equal(5, left);
        Assert.Equal(204, second.StatusCode);
        Assert.Empty(_ingest.Store.StoredEvents);
    }

    [Fact]
    public async Task ErasingTwiceAnswersNoContentBothTimes()
    {
        await SeedAsync(1);

        var statuses = new[] { (await _ingest.InvokeAsync(Delete())).StatusCode, (await _ingest.InvokeAsync(Delete())).StatusCode };

        Assert.Equal([204, 204], statuses);
    }

    [Fact]
    public async Task ErasingAPackageNeverStoredIsNotFound()
        => Assert.Equal(404, (await _ingest.InvokeAsync(Delete())).StatusCode);

    [Fact]
    public async Task ALateUpdateOfAnErasedPackageIsGoneAndStoresNothing()
    {
        await SeedAsync(1);
        await _ingest.InvokeAsync(Delete());

        var late = await _ingest.InvokeAsync(ProxyEvent.PostEvent(Id, Event(30, "late-1")));

        Assert.Equal(410, late.StatusCode);
        Assert.EndsWith("package-erased", IngestHarness.Problem(late).Type, StringComparison.Ordinal);
        Assert.Empty(_ingest.Store.StoredEvents);
    }

    [Fact]
    public async Task ABatchItemForAnErasedPackageIsGoneAndTheOthersAreStored()
    {
        await SeedAsync(1);
        await _ingest.InvokeAsync(Delete());

        var reply = IngestHarness.Batch(await _ingest.InvokeAsync(ProxyEvent.PostBatch($$"""
            {"events":[{"trackingId":"{{Id}}","status":"delivered","timestamp":"2026-11-24T09:00:00Z"},
                       {"trackingId":"PKG-OTHER","status":"delivered","timestamp":"2026-11-24T09:00:00Z"}]}
            """)));

        Assert.Equal([("gone", 410), ("created", 201)], reply.Items.Select(i => (i.Result, i.Status)));
        Assert.Equal((1, 1), (reply.Gone, reply.Created));
    }

    [Fact]
    public async Task TheExportHoldsTheStateTheContributorsAndEveryEventInTimeOrder()
    {
        await SeedAsync(3);
        await _ingest.InvokeAsync(ProxyEvent.PostEvent(Id, Event(59, "admin-1"), ProxyEvent.AdminKey));

        var reply = await _ingest.InvokeAsync(Export());
        var document = IngestHarness.Body(reply, ContractsJsonContext.Default.ExportDocument);

        Assert.Equal(200, reply.StatusCode);
        Assert.Equal("admin-1", document.State!.EventId);
        Assert.Equal(["acme", "ops"], document.Contributors);
        Assert.Equal(["e-000", "e-001", "e-002", "admin-1"], document.Events.Select(e => e.EventId));
        Assert.All(document.Events, e => Assert.False(string.IsNullOrEmpty(e.ReceivedAt) || string.IsNullOrEmpty(e.Source)));
        Assert.Equal("SEA", document.Events[0].Metadata!["hub"].Text);
        Assert.Null(document.NextCursor);
    }

    [Fact]
    public async Task ALargeExportIsPaginatedWithACursor()
    {
        await SeedAsync(0);
        for (var chunk = 0; chunk < 6; chunk++)
        {
            var items = Enumerable.Range(chunk * 100, 100).Select(i => $$"""{"trackingId":"{{Id}}","status":"in_transit","timestamp":"2026-11-2{{i / 300}}T{{i % 300 / 60:D2}}:{{i % 60:D2}}:00Z","eventId":"b-{{i:D3}}"}""");
            await _ingest.InvokeAsync(ProxyEvent.PostBatch($$"""{"events":[{{string.Join(",", items)}}]}"""));
        }

        var first = IngestHarness.Body(await _ingest.InvokeAsync(Export()), ContractsJsonContext.Default.ExportDocument);

        Assert.Equal(500, first.Events.Count);
        Assert.NotNull(first.NextCursor);
    }

    [Fact]
    public async Task ExportAndErasureEachLeaveAnAuditRecordWithoutTheTrackingId()
    {
        await SeedAsync(1);

        await _ingest.InvokeAsync(Export());
        await _ingest.InvokeAsync(Delete());

        var records = Audit();
        Assert.Equal([("erase", "ops", "complete", 1), ("export", "ops", "complete", 1)], records.Select(r => (r.Action, r.Client, r.Outcome, r.Events)).Order());
        Assert.All(records, r => Assert.Equal("api-request-1", r.RequestId));
        Assert.All(records, r => Assert.NotEqual(Id, r.Subject));
        Assert.All(records, r => Assert.Equal(IngestHarness.Now.AddDays(1096).ToUnixTimeSeconds(), r.ExpiresAt));
    }

    [Theory]
    [InlineData("DELETE")]
    [InlineData("GET")]
    public async Task APartnerCanNeitherExportNorErase(string method)
    {
        await SeedAsync(1);

        var reply = await _ingest.InvokeAsync(method == "DELETE" ? Delete(ProxyEvent.PartnerKey) : Export(ProxyEvent.PartnerKey));

        Assert.Equal(403, reply.StatusCode);
        Assert.Single(_ingest.Store.StoredEvents);
        Assert.Empty(Audit());
    }
}
