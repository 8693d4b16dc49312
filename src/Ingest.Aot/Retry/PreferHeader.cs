namespace Tracking.Ingest.Retry;

/// <summary>RFC 7240 `Prefer`: a comma-separated list of preferences, each a token with optional `=value` and parameters.</summary>
public static class PreferHeader
{
    public const string Name = "prefer";
    public const string AppliedName = "preference-applied";
    public const string RespondAsync = "respond-async";

    public static bool WantsRespondAsync(string? header)
    {
        if (string.IsNullOrEmpty(header)) return false;
        foreach (var preference in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var token = preference.Split(';', 2)[0].Split('=', 2)[0].Trim();
            if (token.Equals(RespondAsync, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}
