namespace Tracking.Contracts.Domain;

/// <summary>The package statuses the API accepts; kept as strings because they travel as strings everywhere.</summary>
public static class PackageStatus
{
    public const string Pending = "pending";
    public const string InTransit = "in_transit";
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    public const string AllowedList = "pending, in_transit, delivered, failed";

    /// <summary>Returns the interned constant so callers can compare by reference later and never keep the request's copy.</summary>
    public static string? Normalize(string? value) => value switch
    {
        Pending => Pending,
        InTransit => InTransit,
        Delivered => Delivered,
        Failed => Failed,
        _ => null,
    };
}
