using System.Text.Json.Serialization;

namespace Tracking.Contracts.Api;

/// <summary>
/// Everything stored about one package (GDPR Art. 15 and 20), one page of it: the first page carries the state and
/// the contributing clients, every page up to 500 events in event-time order with metadata, when each arrived
/// (<c>receivedAt</c>) and from which client (<c>source</c>). <see cref="NextCursor"/> continues it.
/// </summary>
public sealed class ExportDocument
{
    public string TrackingId { get; set; } = "";
    public string ExportedAt { get; set; } = "";
    public PackageStateResponse? State { get; set; }
    public List<string>? Contributors { get; set; }
    public List<TrackingEventResponse> Events { get; set; } = [];

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? NextCursor { get; set; }
}

/// <summary>A DELETE still in progress (202): call again to continue.</summary>
public sealed class ErasureProgress
{
    public string TrackingId { get; set; } = "";
    public string Status { get; set; } = "";
    public int Deleted { get; set; }

    /// <summary>True when the service finishes the erasure by itself (queued); false when the caller must call again.</summary>
    public bool Continuing { get; set; }
}

/// <summary>One export or erasure as the audit trail keeps it: no tracking id (a keyed hash), no metadata, no location.</summary>
public sealed class AuditEntry
{
    public string Action { get; set; } = "";
    public string Client { get; set; } = "";
    public string At { get; set; } = "";
    public string Outcome { get; set; } = "";
    public string RequestId { get; set; } = "";
    public int Events { get; set; }
    public string ExpiresAt { get; set; } = "";
}

public sealed class AuditPage
{
    /// <summary>The keyed hash the records are filed under (the same for every request about this tracking id).</summary>
    public string Subject { get; set; } = "";
    public List<AuditEntry> Items { get; set; } = [];

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? NextCursor { get; set; }
}
