using System.Text.RegularExpressions;

namespace Tracking.EndToEnd.Tests;

/// <summary>
/// Log and metric lines never hold locations, metadata values or request bodies: everything the functions wrote to
/// stdout and stderr during the suite is scanned for every coordinate and metadata value the suite sent.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class LogScanTests(LocalStackFixture stack)
{
    private static readonly TimeSpan OutputDelay = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task NoFunctionOutputHoldsACoordinateOrMetadataValueTheSuiteSent()
    {
        var lastRequestId = await SendPersonalLookingTrafficAsync();
        Assert.True(await stack.Output.WaitForAsync(lastRequestId, OutputDelay), "the functions' access line for the last request never arrived");

        var lines = stack.Output.FunctionLines();
        var leaks = new List<string>();
        foreach (var value in stack.Sent.Coordinates.Where(c => c.Length >= 4)) leaks.AddRange(Find(lines, value));
        foreach (var value in stack.Sent.MetadataValues.Where(v => v.Length >= 3)) leaks.AddRange(Find(lines, value));

        Assert.True(lines.Count > 10, $"expected the suite's access lines, found {lines.Count}");
        // Positive control: the same matcher finds what the lines do hold (the client of every access line).
        Assert.NotEmpty(Find(lines, "local-partner"));
        Assert.True(stack.Sent.Coordinates.Count >= 4 && stack.Sent.MetadataValues.Count >= 4, "the scan must have values to look for");
        Assert.Empty(leaks);
    }

    /// <summary>Every kind of request that carries a location or metadata: created, duplicate, conflict, invalid, batch, reads.</summary>
    private async Task<string> SendPersonalLookingTrafficAsync()
    {
        var id = "SCAN-" + Guid.NewGuid().ToString("N")[..12];
        var unique = Guid.NewGuid().ToString("N")[..8];
        var body = $$$"""{"status":"in_transit","timestamp":"2026-03-02T09:00:00Z","eventId":"scan-1","location":{"lat":12.3456781,"lon":-98.7654321},"metadata":{"hub":"scan-hub-{{{unique}}}","dock":"door-{{{unique}}}"}}""";
        await stack.SendAsync(HttpMethod.Post, $"/v1/tracking/{id}/events", LocalStackFixture.PartnerKey, body);
        await stack.SendAsync(HttpMethod.Post, $"/v1/tracking/{id}/events", LocalStackFixture.PartnerKey, body);
        await stack.SendAsync(HttpMethod.Post, $"/v1/tracking/{id}/events", LocalStackFixture.PartnerKey,
            body.Replace("door-", "gate-", StringComparison.Ordinal));
        await stack.SendAsync(HttpMethod.Post, $"/v1/tracking/{id}/events", LocalStackFixture.PartnerKey,
            $$$"""{"status":"in_transit","timestamp":"2026-03-02T09:05:00Z","location":{"lat":23.4567891,"lon":-87.6543219},"metadata":{"email":"jane.{{{unique}}}@example.org"}}""");
        await stack.SendAsync(HttpMethod.Post, "/v1/events", LocalStackFixture.PartnerKey, $$$"""
            {"events":[
              {"trackingId":"{{{id}}}","status":"delivered","timestamp":"2026-03-02T10:00:00Z","location":{"lat":34.5678912,"lon":-76.5432198},"metadata":{"signedBy":"recipient-{{{unique}}}"}},
              {"trackingId":"{{{id}}}","status":"nope","timestamp":"2026-03-02T10:01:00Z","location":{"lat":45.6789123,"lon":-65.4321987},"metadata":{"phone":"+1-555-{{{unique}}}"}}
            ]}
            """);
        foreach (var path in new[] { $"/v1/tracking/{id}", $"/v1/tracking/{id}/events", $"/v1/tracking/{id}/events/scan-1", $"/v1/tracking/{id}/locations", "/v1/packages?status=delivered" })
        {
            await stack.SendAsync(HttpMethod.Get, path, LocalStackFixture.ReaderKey);
        }
        var last = await stack.SendAsync(HttpMethod.Get, $"/v1/tracking/{id}/locations", LocalStackFixture.AdminKey);
        return last.Header("x-amzn-RequestId") ?? throw new InvalidOperationException("the gateway sent no request id");
    }

    /// <summary>Whole-token matches only, so "12.3456781" is not found inside a longer number.</summary>
    private static IEnumerable<string> Find(IReadOnlyList<string> lines, string value)
    {
        var pattern = new Regex($"(?<![0-9A-Za-z.]){Regex.Escape(value)}(?![0-9A-Za-z])", RegexOptions.CultureInvariant);
        return lines.Where(l => pattern.IsMatch(l)).Select(l => $"'{value}' in: {l}");
    }
}
