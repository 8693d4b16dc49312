using FsCheck;
using FsCheck.Fluent;
using Tracking.Contracts.Domain;
using Tracking.Functions.Paging;
using T = Tracking.Contracts.Storage.TrackingTable;

namespace Tracking.Functions.Tests.Fuzz;

/// <summary>Read requests: every query parameter with valid and hostile values, and cursors signed with the test key
/// whose fields are out of shape (the signature is right, so only the field checks stand between them and DynamoDB).</summary>
internal sealed class QueryGen(CursorCodec cursors)
{
    private static readonly string[] Parameters = ["limit", "order", "status", "eventType", "from", "to", "updatedAfter", "updatedBefore", "cursor", "unknown"];

    private static readonly string[] HostileValues =
    [
        "", " ", "5\0", "\0", "5 ", " 5", "+5", "05", "0", "-1", "1e2", "0x10", "٥", "１", "100", "101", "2147483648", "asc", "desc", "ASC",
        "in_transit", "DELIVERED", "status_update", "customs", "2026-11-24T08:15:00Z", "2026-11-24T08:15:00 00:00", "2026-11-24T08:15:00+01:00",
        "2026-13-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z", "2026-11-24T08:15:00.12345678901Z", "\uFFFD", "日本", "😀",
    ];

    /// <summary>Free text as API Gateway can deliver it (valid UTF-16: a lone surrogate cannot survive its URL decoding).</summary>
    public static Gen<string> Text => Gen.Frequency(
        (3, Gen.Elements(HostileValues)),
        (1, ArbMap.Default.GeneratorFor<string>().Where(s => s is not null).Select(s => Valid(s!))),
        (1, Gen.Choose(100, 5000).Select(n => new string('9', n))));

    public Gen<FuzzRequest> Any
        => Gens.Zip(Gen.Elements(ApiRoutes.Tracking, ApiRoutes.TrackingEvents, ApiRoutes.TrackingEvent, ApiRoutes.Locations, ApiRoutes.Packages),
                Gen.Frequency((3, Gen.Constant("PKG-Q1")), (1, Text)),
                Gen.Frequency((3, Gen.Constant("scan-1")), (1, Text)))
            .SelectMany(p => Gen.SubListOf(Parameters).SelectMany(names => Gen.Zip(Text.ArrayOf(names.Count), Gen.Choose(0, 2)).SelectMany(v => Build(p, names, v.Item1, v.Item2))));

    private Gen<FuzzRequest> Build((string Resource, string TrackingId, string EventId) p, List<string> names, string[] values, int cursorKind)
    {
        var query = new Dictionary<string, string>();
        for (var i = 0; i < names.Count; i++) query[names[i]] = values[i];
        var request = new FuzzRequest(p.Resource, "GET", ProxyEvent.ReaderKey)
        {
            PathParameters = p.Resource == ApiRoutes.Packages ? [] : new() { ["trackingId"] = p.TrackingId, ["eventId"] = p.EventId },
            Query = query,
            Headers = new() { ["if-none-match"] = "*" },
            Fields = [.. names, "trackingId", "eventId", "status"],
            Kind = "query",
        };
        if (cursorKind == 0) return Gen.Constant(request);
        var signed = p.Resource == ApiRoutes.Packages ? SearchCursor(query) : HistoryCursor(query, p.TrackingId);
        return signed.Select(c => request with { Query = new(query) { ["cursor"] = c }, Fields = [.. request.Fields, "cursor"], Kind = "query-signed-cursor" });
    }

    private Gen<string> HistoryCursor(Dictionary<string, string> query, string trackingId)
    {
        var identity = CursorCodec.QueryIdentity("events", trackingId, PackageStatus.Normalize(query.GetValueOrDefault("status")), query.GetValueOrDefault("eventType"),
            query.GetValueOrDefault("from"), query.GetValueOrDefault("to"), query.GetValueOrDefault("order") == "desc" ? "desc" : "asc");
        return KeyPart(TimeKey("scan-1")).Select(position => cursors.Encode(new CursorPayload { Q = identity, P = position }));
    }

    private Gen<string> SearchCursor(Dictionary<string, string> query)
    {
        var identity = CursorCodec.QueryIdentity("packages", PackageStatus.Normalize(query.GetValueOrDefault("status")),
            query.GetValueOrDefault("updatedAfter"), query.GetValueOrDefault("updatedBefore"));
        var position = Gen.Frequency((2, Gen.Constant("-")), (2, Gen.Constant("")), (3, KeyPart(TimeKey("PKG-Q1"))));
        return Gen.Choose(0, 10).SelectMany(n => position.ArrayOf(n == 10 ? T.StatusIndexShards : n % 2 == 0 ? T.StatusIndexShards : n))
            .Select(s => cursors.Encode(new CursorPayload { Q = identity, P = string.Join("|", s) }));
    }

    /// <summary>A key field: usually the right value, else empty, 1,100 characters, "zz", or anything.</summary>
    private static Gen<string> KeyPart(string right) => Gen.Frequency(
        (4, Gen.Constant(right)),
        (1, Gen.Elements("", "zz", new string('k', 1100), right + "#", right[..^1], TimeKey(new string('x', 2000)))),
        (1, Text));

    private static string TimeKey(string suffix) => string.Concat(Timestamps.ToStorage(new DateTime(2026, 11, 24, 8, 15, 0, DateTimeKind.Utc)), "#", suffix);

    private static string Valid(string s)
        => string.Create(s.Length, s, static (span, src) =>
        {
            for (var i = 0; i < src.Length; i++)
            {
                var c = src[i];
                var paired = char.IsHighSurrogate(c) ? i + 1 < src.Length && char.IsLowSurrogate(src[i + 1])
                    : !char.IsLowSurrogate(c) || (i > 0 && char.IsHighSurrogate(src[i - 1]));
                span[i] = paired ? c : '\uFFFD';
            }
        });
}
