namespace Tracking.LambdaRuntime;

/// <summary>
/// Paths of the Lambda Runtime API, version 2018-06-01, relative to http://$AWS_LAMBDA_RUNTIME_API. The runtime client
/// calls them; the local stack's Runtime API server (tools/LocalStack) routes the same names.
/// </summary>
public static class RuntimeApiPaths
{
    /// <summary>Every path starts with this.</summary>
    public const string Prefix = "/2018-06-01/runtime/";

    public const string InvocationNext = Prefix + "invocation/next";
    public const string InitError = Prefix + "init/error";

    /// <summary>Followed by the request id and <see cref="ResponseSuffix"/> or <see cref="ErrorSuffix"/>.</summary>
    public const string InvocationPrefix = Prefix + "invocation/";
    public const string ResponseSuffix = "/response";
    public const string ErrorSuffix = "/error";

    public static string InvocationResponse(string requestId) => string.Concat(InvocationPrefix, requestId, ResponseSuffix);

    public static string InvocationError(string requestId) => string.Concat(InvocationPrefix, requestId, ErrorSuffix);
}
