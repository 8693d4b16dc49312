using System.Collections.Frozen;

namespace Tracking.Contracts.Validation;

/// <summary>Configuration-driven validation rules: the allowed event types and the refused metadata keys come from
/// configuration, not code.</summary>
public sealed class EventRules
{
    public const string DefaultEventType = "status_update";
    public const string DefaultEventTypes = "status_update,delivery_attempt,exception,customs";

    /// <summary>Metadata keys that would carry a person's data (data minimisation): refused, compared case-insensitively.</summary>
    public const string DefaultMetadataDenylist = "name,email,phone,address";

    public const int MetadataMaxKeys = 20;
    public const int MetadataMaxBytes = 2048;
    public const int MetadataKeyMaxLength = 64;

    /// <summary>What docs/api.md promises and decimal holds exactly (29 digits fit only below 7.9e28).</summary>
    public const int MetadataNumberMaxDigits = 28;

    /// <summary>DynamoDB's smallest nonzero number magnitude.</summary>
    public const double SmallestCoordinate = 1e-130;
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public FrozenSet<string> EventTypes { get; }
    public string EventTypesText { get; }
    public TimeProvider Clock { get; }

    /// <summary>Refused metadata keys, case-insensitive (OrdinalIgnoreCase).</summary>
    public FrozenSet<string> DeniedMetadataKeys { get; }
    public string DeniedMetadataKeysText { get; }

    public EventRules(IEnumerable<string> eventTypes, TimeProvider clock, IEnumerable<string>? deniedMetadataKeys = null)
    {
        EventTypes = eventTypes.Select(t => t.Trim()).Where(t => t.Length > 0).ToFrozenSet(StringComparer.Ordinal);
        if (EventTypes.Count == 0) throw new ArgumentException("at least one event type must be allowed", nameof(eventTypes));
        if (!EventTypes.Contains(DefaultEventType)) throw new ArgumentException($"the allowed event types must include the default '{DefaultEventType}'", nameof(eventTypes));
        EventTypesText = string.Join(", ", EventTypes.Order(StringComparer.Ordinal));
        Clock = clock;

        var denied = (deniedMetadataKeys ?? DefaultMetadataDenylist.Split(',')).Select(k => k.Trim()).Where(k => k.Length > 0).ToList();
        foreach (var key in denied)
        {
            if (key.Length > MetadataKeyMaxLength || key.AsSpan().ContainsAnyInRange('\0', '\u001f'))
            {
                throw new ArgumentException($"'{key}' is not a metadata key (1-{MetadataKeyMaxLength} characters without control characters)", nameof(deniedMetadataKeys));
            }
        }
        DeniedMetadataKeys = denied.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        DeniedMetadataKeysText = string.Join(", ", DeniedMetadataKeys.Order(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Parses the EVENT_TYPES and METADATA_DENYLIST settings (comma-separated); null or blank means the defaults.</summary>
    public static EventRules FromSetting(string? setting, TimeProvider clock, string? metadataDenylist = null)
        => new((string.IsNullOrWhiteSpace(setting) ? DefaultEventTypes : setting).Split(','), clock,
            (string.IsNullOrWhiteSpace(metadataDenylist) ? DefaultMetadataDenylist : metadataDenylist).Split(','));
}
