using System.Security.Cryptography;
using System.Text;
using Tracking.Functions.Configuration;
using Tracking.Functions.Storage;

namespace Tracking.Functions.Privacy;

/// <summary>Object-level access (OWASP API1), and the audit trail's records and keyed hash of a tracking id.</summary>
public static class PackageAccess
{
    /// <summary>Readers and admins see every package; a partner only those it contributed an event to.</summary>
    public static bool CanSee(ApiClient client, PackageRecord? package)
        => package is not null && (client.ReadsEverything || package.Contributors.Contains(client.Name));

    /// <summary>
    /// HMAC-SHA256 of the tracking id under the stack's audit key, 128 bits, base64url: the audit trail outlives an
    /// erased package without holding its id, yet a known id still finds its records.
    /// </summary>
    public static string AuditSubject(byte[] key, string trackingId)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(trackingId), mac);
        return System.Buffers.Text.Base64Url.EncodeToString(mac[..16]);
    }

    /// <summary>The audit record of one export or erasure: filed under the id's keyed hash, expiring after the stack's
    /// audit retention counted from <paramref name="at"/>.</summary>
    public static AuditRecord Audit(PrivacySettings privacy, string trackingId, string action, string client, DateTime at, string outcome,
        string requestId, int events)
        => new(AuditSubject(privacy.AuditIdKey, trackingId), action, client, at, outcome, requestId, events, privacy.AuditExpiresAt(at));
}
