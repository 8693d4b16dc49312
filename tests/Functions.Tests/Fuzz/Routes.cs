using FsCheck;
using FsCheck.Fluent;

namespace Tracking.Functions.Tests.Fuzz;

/// <summary>Where fuzzed requests go: the seven routes, unknown ones, every method, every role.</summary>
internal static class Routes
{
    public static readonly string[] Keys = [ProxyEvent.PartnerKey, ProxyEvent.ReaderKey, ProxyEvent.AdminKey];

    public static FuzzRequest PostEvent(string trackingId) => new(ApiRoutes.TrackingEvents, "POST", ProxyEvent.PartnerKey)
    {
        PathParameters = new() { ["trackingId"] = trackingId },
        Headers = new() { ["content-type"] = "application/json" },
    };

    public static FuzzRequest PostBatch => new(ApiRoutes.Batch, "POST", ProxyEvent.PartnerKey)
    {
        Headers = new() { ["content-type"] = "application/json" },
    };

    public static Gen<FuzzRequest> AnyPost => Gen.Elements(PostEvent("PKG-BYTES"), PostBatch);

    /// <summary>Any method on any resource (known, unknown, catch-all) with any role: 403, 404 and 405 must be problems too.</summary>
    public static Gen<FuzzRequest> Routing
        => Gens.Zip(
                Gen.Elements(ApiRoutes.All.Select(r => r.Resource).Append("/v2/unknown").Append(ApiRoutes.CatchAll).ToArray()),
                Gen.Elements("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "get", "TRACE"),
                Gen.Elements(Keys))
            .Select(p => new FuzzRequest(p.Item1, p.Item2, p.Item3)
            {
                PathParameters = new() { ["trackingId"] = "PKG-ROUTE", ["eventId"] = "scan-1", ["proxy"] = "x/y" },
                Headers = new() { ["content-type"] = "application/json" },
                Body = EventDoc.Valid("PKG-ROUTE", 1, withTrackingId: true).Render(),
                Kind = "routing",
            });

    /// <summary>A valid update under hostile content types and If-None-Match values.</summary>
    public static Gen<FuzzRequest> Headers
        => Gen.Zip(HeaderValue, Gen.Elements("content-type", "Content-Type", "CONTENT-TYPE", "if-none-match"))
            .Select(p => PostEvent("PKG-HEADERS") with
            {
                Headers = new() { [p.Item2] = p.Item1 },
                Body = EventDoc.Valid("PKG-HEADERS", 2, withTrackingId: false).Render(),
                Kind = "headers",
            });

    private static Gen<string> HeaderValue => Gen.OneOf(
        Gen.Elements("application/json", "application/json; charset=utf-8", "application/json; charset=latin1", "application/json;charset=\"UTF-8\"",
            "text/plain", "application/problem+json", "application/x+json", "", " ", ";", "application/json; charset=", "*/*", "W/\"x\"", "*", "\"abc\""),
        QueryGen.Text);
}
