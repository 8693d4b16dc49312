using System.Collections.Frozen;

namespace Tracking.Contracts.Validation;

/// <summary>Configuration-driven validation rules: the allowed event types come from configuration, not code.</summary>
public sealed class EventRules
{
    public const string DefaultEventType = "status_update";
    public const string DefaultEventTypes = "status_update,delivery_attempt,exception,customs";
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

    public EventRules(IEnumerable<string> eventTypes, TimeProvider clock)
    {
        EventTypes = eventTypes.Select(t => t.Trim()).Where(t => t.Length > 0).ToFrozenSet(StringComparer.Ordinal);
        if (EventTypes.Count == 0) throw new ArgumentException("at least one event type must be allowed", nameof(eventTypes));
        if (!EventTypes.Contains(DefaultEventType)) throw new ArgumentException($"the allowed event types must include the default '{DefaultEventType}'", nameof(eventTypes));
        EventTypesText = string.Join(", ", EventTypes.Order(StringComparer.Ordinal));
        Clock = clock;
    }

    /// <summary>Parses the EVENT_TYPES setting (comma-separated); null or blank means the defaults.</summary>
    public static EventRules FromSetting(string? setting, TimeProvider clock)
        => new((string.IsNullOrWhiteSpace(setting) ? DefaultEventTypes : setting).Split(','), clock);
}
