using System.Text;
using Env = Tracking.Contracts.Configuration.EnvironmentVariables;

namespace Tracking.Functions.Configuration;

/// <summary>How long erasure tombstones and audit records live, and the key of the audit records' tracking-id hash.</summary>
public sealed class PrivacySettings
{
    public const int DefaultTombstoneDays = 90;

    /// <summary>Three years: long enough to answer a regulator about a request, short enough not to become a record of its own.</summary>
    public const int DefaultAuditRetentionDays = 1096;

    public const int MinimumAuditKeyLength = 32;

    /// <summary>Tests and benchmarks only: deployed stacks always set AUDIT_ID_KEY.</summary>
    public static readonly PrivacySettings Default = new() { AuditIdKey = Encoding.UTF8.GetBytes("default-audit-id-key-for-tests-only-0123456789") };

    /// <summary>Days a tombstone keeps refusing late updates (410) after an erasure; never 0: a tombstone always expires.</summary>
    public int TombstoneDays { get; init; } = DefaultTombstoneDays;

    /// <summary>Days an audit record is kept; never 0: audit records always expire.</summary>
    public int AuditRetentionDays { get; init; } = DefaultAuditRetentionDays;

    public required byte[] AuditIdKey { get; init; }

    public long TombstoneExpiresAt(DateTime now) => new DateTimeOffset(now).AddDays(TombstoneDays).ToUnixTimeSeconds();

    public long AuditExpiresAt(DateTime now) => new DateTimeOffset(now).AddDays(AuditRetentionDays).ToUnixTimeSeconds();

    /// <summary>
    /// AUDIT_ID_KEY when set; otherwise a key derived from the cursor key with a label, so the two never coincide.
    /// Deployed stacks set their own key so that rotating the cursor key leaves audit look-ups intact.
    /// </summary>
    public static PrivacySettings FromEnvironment(Func<string, string?> env, string cursorKey)
    {
        var auditKey = env(Env.AuditIdKey);
        if (!string.IsNullOrEmpty(auditKey) && auditKey.Length < MinimumAuditKeyLength)
        {
            throw new ConfigurationException($"{Env.AuditIdKey} must be at least {MinimumAuditKeyLength} characters");
        }
        return new PrivacySettings
        {
            TombstoneDays = FunctionSettings.Int(env, Env.TombstoneDays, DefaultTombstoneDays, 1, 36500),
            AuditRetentionDays = FunctionSettings.Int(env, Env.AuditRetentionDays, DefaultAuditRetentionDays, 1, 36500),
            AuditIdKey = Encoding.UTF8.GetBytes(string.IsNullOrEmpty(auditKey) ? "audit-id|" + cursorKey : auditKey),
        };
    }
}
