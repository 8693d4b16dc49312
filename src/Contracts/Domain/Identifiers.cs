namespace Tracking.Contracts.Domain;

/// <summary>Character rules for identifiers, without Regex: these run on every request.</summary>
public static class Identifiers
{
    public const int TrackingIdMaxLength = 64;
    public const int EventIdMaxLength = 128;
    public const string TrackingIdRule = "must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'";
    public const string EventIdRule = "must be 1-128 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'";

    public static bool IsValidTrackingId(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > TrackingIdMaxLength) return false;
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-')) return false;
        }
        return true;
    }

    public static bool IsValidEventId(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > EventIdMaxLength) return false;
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == ':' || c == '-')) return false;
        }
        return true;
    }
}
