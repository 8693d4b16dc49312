using System.Globalization;
using Tracking.LocalStack.Faults;

namespace Tracking.EndToEnd.Tests.Retry;

/// <summary>
/// An erasure too large for one call, through the real executables: the ingest API queues the rest, the event source
/// mapping emulator hands it to the retry consumer (the same executable), and the package is gone without a second DELETE.
/// </summary>
[Collection(RetryStackCollection.Name)]
public sealed class ErasureContinuationTests(RetryStackFixture stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static string Batch(string trackingId, int first, int count) => "{\"events\":[" + string.Join(",", Enumerable.Range(first, count).Select(i =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"trackingId":"{{trackingId}}","status":"in_transit","timestamp":"2026-03-01T{{i / 60 % 24:D2}}:{{i % 60:D2}}:00Z","eventId":"e-{{i:D4}}"}"""))) + "]}";

    [Fact]
    public async Task AnErasureTooLargeForItsCallIsFinishedByTheServiceWithoutASecondDelete()
    {
        var id = "E2E-ER-" + Guid.NewGuid().ToString("N")[..12];
        for (var first = 0; first < 450; first += 90)
        {
            Assert.Equal(200, (await stack.SendAsync(HttpMethod.Post, "/v1/events", LocalStackFixture.PartnerKey, Batch(id, first, 90))).Status);
        }
        // Every batch delete takes 1.5 s: the DELETE's 5 s of work ends with events left.
        stack.Proxy.Inject("BatchWriteItem", Fault.Delay(TimeSpan.FromSeconds(1.5)), times: int.MaxValue);
        Reply erased;
        try
        {
            erased = await stack.SendAsync(HttpMethod.Delete, $"/v1/tracking/{id}", LocalStackFixture.PrivacyKey);
        }
        finally
        {
            stack.RestoreDynamoDb();
        }
        Assert.Equal((202, true), (erased.Status, erased.Json.GetProperty("continuing").GetBoolean()));

        await RetryStackFixture.WaitUntilAsync(async () => await AuditedCompleteAsync(id), Patience, "erasure completed by the consumer");

        var export = await stack.SendAsync(HttpMethod.Get, $"/v1/tracking/{id}/export", LocalStackFixture.PrivacyKey);
        var again = await stack.SendAsync(HttpMethod.Delete, $"/v1/tracking/{id}", LocalStackFixture.PrivacyKey);
        Assert.Equal((404, 204), (export.Status, again.Status));
    }

    /// <summary>The consumer's round that deleted the last events wrote the audit record "complete".</summary>
    private async Task<bool> AuditedCompleteAsync(string id)
    {
        var audit = await stack.SendAsync(HttpMethod.Get, $"/v1/audit?trackingId={id}", LocalStackFixture.PrivacyKey);
        return audit.Status == 200 && audit.Json.GetProperty("items").EnumerateArray()
            .Any(a => a.GetProperty("action").GetString() == "erase" && a.GetProperty("outcome").GetString() == "complete");
    }
}
