namespace Tracking.LambdaRuntime;

/// <summary>Header names of the Lambda Runtime API.</summary>
public static class RuntimeApiHeaders
{
    // Sent by the Runtime API with each /next answer.
    public const string RequestId = "Lambda-Runtime-Aws-Request-Id";
    public const string DeadlineMs = "Lambda-Runtime-Deadline-Ms";
    public const string InvokedFunctionArn = "Lambda-Runtime-Invoked-Function-Arn";
    public const string TraceId = "Lambda-Runtime-Trace-Id";
    public const string ClientContext = "Lambda-Runtime-Client-Context";
    public const string CognitoIdentity = "Lambda-Runtime-Cognito-Identity";

    // Sent by the runtime with /error and /init/error.
    public const string FunctionErrorType = "Lambda-Runtime-Function-Error-Type";
}
