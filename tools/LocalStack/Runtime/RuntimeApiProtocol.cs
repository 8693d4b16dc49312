namespace Tracking.LocalStack.Runtime;

/// <summary>Names from the Lambda Runtime API 2018-06-01.</summary>
public static class RuntimeApiProtocol
{
    public const string Prefix = "/2018-06-01/runtime/";
    public const string NextPath = "invocation/next";
    public const string InvocationPrefix = "invocation/";
    public const string ResponseSuffix = "/response";
    public const string ErrorSuffix = "/error";
    public const string InitErrorPath = "init/error";

    public const string RequestIdHeader = "Lambda-Runtime-Aws-Request-Id";
    public const string DeadlineHeader = "Lambda-Runtime-Deadline-Ms";
    public const string FunctionArnHeader = "Lambda-Runtime-Invoked-Function-Arn";
    public const string TraceIdHeader = "Lambda-Runtime-Trace-Id";
    public const string FunctionErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";

    /// <summary>Synchronous invocation payload limit, request and response alike.</summary>
    public const int MaxPayloadBytes = 6 * 1024 * 1024;
}
