namespace Tracking.Contracts;

/// <summary>The problem catalogue. Type URIs are stable identifiers partners can switch on (documented in openapi.json and docs/api.md).</summary>
public static class ProblemTypes
{
    private const string Prefix = "urn:package-tracking:problem:";

    public static readonly ProblemType Validation = new(Prefix + "validation", "The request is not valid", 400);
    public static readonly ProblemType MalformedJson = new(Prefix + "malformed-json", "The request body is not valid JSON", 400);
    public static readonly ProblemType InvalidCursor = new(Prefix + "invalid-cursor", "The cursor is not valid for this query", 400);
    public static readonly ProblemType InvalidApiKey = new(Prefix + "invalid-api-key", "The API key is missing, unknown or disabled", 403);
    public static readonly ProblemType InsufficientRole = new(Prefix + "insufficient-role", "The API key's role does not allow this operation", 403);
    public static readonly ProblemType NotFound = new(Prefix + "not-found", "Not found", 404);
    public static readonly ProblemType RouteNotFound = new(Prefix + "route-not-found", "No such route", 404);
    public static readonly ProblemType MethodNotAllowed = new(Prefix + "method-not-allowed", "Method not allowed", 405);
    public static readonly ProblemType EventConflict = new(Prefix + "event-conflict", "An event with this eventId exists with different content", 409);
    public static readonly ProblemType PackageErased = new(Prefix + "package-erased", "The package was erased", 410);
    public static readonly ProblemType PayloadTooLarge = new(Prefix + "payload-too-large", "The request body is too large", 413);
    public static readonly ProblemType UnsupportedMediaType = new(Prefix + "unsupported-media-type", "The request body must be application/json", 415);
    public static readonly ProblemType Throttled = new(Prefix + "throttled", "The service is busy; retry with backoff", 503);
    public static readonly ProblemType StorageUnavailable = new(Prefix + "storage-unavailable", "Storage is unavailable; retry shortly", 503);
    public static readonly ProblemType Internal = new(Prefix + "internal", "Internal error", 500);
}

public sealed record ProblemType(string Uri, string Title, int Status);
