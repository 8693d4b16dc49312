namespace Tracking.LambdaRuntime;

/// <summary>
/// Environment variables Lambda sets in every execution environment of a custom runtime, named once: the runtime
/// reads them here, and the local stack (tools/LocalStack) sets the same names for the processes it runs.
/// </summary>
public static class LambdaEnvironment
{
    /// <summary>host:port of the Runtime API.</summary>
    public const string RuntimeApi = "AWS_LAMBDA_RUNTIME_API";

    /// <summary>X-Ray trace header of the current invocation; the runtime sets it from Lambda-Runtime-Trace-Id so SDKs pick it up.</summary>
    public const string TraceId = "_X_AMZN_TRACE_ID";

    public const string FunctionName = "AWS_LAMBDA_FUNCTION_NAME";
    public const string FunctionVersion = "AWS_LAMBDA_FUNCTION_VERSION";
    public const string FunctionMemorySize = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";
    public const string LogGroupName = "AWS_LAMBDA_LOG_GROUP_NAME";
    public const string LogStreamName = "AWS_LAMBDA_LOG_STREAM_NAME";

    /// <summary>The directory holding the function's code (the bootstrap).</summary>
    public const string TaskRoot = "LAMBDA_TASK_ROOT";

    /// <summary>"on-demand", "provisioned-concurrency" or "snap-start".</summary>
    public const string InitializationType = "AWS_LAMBDA_INITIALIZATION_TYPE";

    /// <summary>The <see cref="InitializationType"/> of an instance initialised ahead of traffic.</summary>
    public const string ProvisionedConcurrency = "provisioned-concurrency";

    // The region and the execution role's credentials, read by the AWS SDK.
    public const string Region = "AWS_REGION";
    public const string DefaultRegion = "AWS_DEFAULT_REGION";
    public const string AccessKeyId = "AWS_ACCESS_KEY_ID";
    public const string SecretAccessKey = "AWS_SECRET_ACCESS_KEY";
    public const string SessionToken = "AWS_SESSION_TOKEN";
}
