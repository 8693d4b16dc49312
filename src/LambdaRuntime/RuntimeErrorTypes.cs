namespace Tracking.LambdaRuntime;

/// <summary>Values of <see cref="RuntimeApiHeaders.FunctionErrorType"/>: Lambda recommends "Category.Reason".</summary>
public static class RuntimeErrorTypes
{
    /// <summary>The handler threw.</summary>
    public const string Unhandled = "Runtime.Unhandled";

    /// <summary>Building the handler (configuration, SDK clients) threw.</summary>
    public const string InitError = "Runtime.InitError";

    /// <summary>The Runtime API refused the posted response (e.g. 413 for a payload over the limit).</summary>
    public const string ResponseRejected = "Runtime.ResponseRejected";
}
