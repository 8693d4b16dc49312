namespace Tracking.Contracts;

/// <summary>RFC 9457 problem details, with the validation extension "errors".</summary>
public sealed class ProblemDetails
{
    public string Type { get; set; } = "about:blank";
    public string Title { get; set; } = "";
    public int Status { get; set; }
    public string? Detail { get; set; }
    public string? Instance { get; set; }
    public List<FieldError>? Errors { get; set; }

    /// <summary>API Gateway's request id, so a partner's report can be matched to our logs.</summary>
    public string? RequestId { get; set; }
}

public sealed record FieldError(string Field, string Message);
