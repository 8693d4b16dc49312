namespace Tracking.LambdaRuntime;

/// <summary>The Runtime API answered something the protocol does not allow (an error status, a missing request id).</summary>
public sealed class RuntimeApiException : Exception
{
    public RuntimeApiException()
    {
    }

    public RuntimeApiException(string message)
        : base(message)
    {
    }

    public RuntimeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
