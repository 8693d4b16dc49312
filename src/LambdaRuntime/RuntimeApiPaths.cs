namespace Tracking.LambdaRuntime;

/// <summary>Paths of the Lambda Runtime API, version 2018-06-01, relative to http://$AWS_LAMBDA_RUNTIME_API.</summary>
public static class RuntimeApiPaths
{
    public const string Version = "2018-06-01";
    public const string InvocationNext = "/2018-06-01/runtime/invocation/next";
    public const string InitError = "/2018-06-01/runtime/init/error";

    private const string InvocationPrefix = "/2018-06-01/runtime/invocation/";

    public static string InvocationResponse(string requestId) => string.Concat(InvocationPrefix, requestId, "/response");

    public static string InvocationError(string requestId) => string.Concat(InvocationPrefix, requestId, "/error");
}
