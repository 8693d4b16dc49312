using System.Globalization;
using Tracking.Contracts;
using Tracking.Contracts.Domain;
using Tracking.Contracts.Gateway;

namespace Tracking.Query;

/// <summary>Query-string parsing with the same field-level errors as request bodies.</summary>
public static class QueryParameters
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    public static string? TrackingId(ApiGatewayProxyRequest request, List<FieldError> errors)
    {
        var id = request.GetPathParameter("trackingId");
        if (id is null || !Identifiers.IsValidTrackingId(id))
        {
            errors.Add(new FieldError("trackingId", Identifiers.TrackingIdRule));
            return null;
        }
        return id;
    }

    public static int Limit(ApiGatewayProxyRequest request, List<FieldError> errors)
    {
        var text = request.GetQuery("limit");
        if (text is null) return DefaultLimit;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1 || limit > MaxLimit)
        {
            errors.Add(new FieldError("limit", $"must be a whole number from 1 to {MaxLimit}"));
            return DefaultLimit;
        }
        return limit;
    }

    public static DateTime? Time(ApiGatewayProxyRequest request, string name, List<FieldError> errors)
    {
        var text = request.GetQuery(name);
        if (text is null) return null;
        if (!Timestamps.TryParseRfc3339(text, out var utc))
        {
            errors.Add(new FieldError(name, Timestamps.Rule + " (URL-encode '+' as %2B)"));
            return null;
        }
        return utc;
    }

    public static string? Status(ApiGatewayProxyRequest request, bool required, List<FieldError> errors)
    {
        var text = request.GetQuery("status");
        if (text is null)
        {
            if (required) errors.Add(new FieldError("status", "is required: one of " + PackageStatus.AllowedList));
            return null;
        }
        var status = PackageStatus.Normalize(text);
        if (status is null) errors.Add(new FieldError("status", "must be one of: " + PackageStatus.AllowedList));
        return status;
    }

    public static bool Ascending(ApiGatewayProxyRequest request, List<FieldError> errors)
    {
        switch (request.GetQuery("order"))
        {
            case null or "asc": return true;
            case "desc": return false;
            default:
                errors.Add(new FieldError("order", "must be asc or desc"));
                return true;
        }
    }
}
