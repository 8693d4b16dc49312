using Tracking.LambdaRuntime;

namespace Tracking.LocalStack.Runtime;

/// <summary>The Runtime API calls a function process makes.</summary>
public enum RuntimeApiCall
{
    NotFound,
    Next,
    InitError,
    Response,
    Error,
}

/// <summary>Maps a request's method and path to the Runtime API call it makes, with the same path names the runtime
/// client uses (<see cref="RuntimeApiPaths"/>).</summary>
public static class RuntimeApiRouter
{
    /// <summary>The call, and for /response and /error the request id in the path.</summary>
    public static (RuntimeApiCall Call, string? RequestId) Match(string method, string path)
    {
        if (path == RuntimeApiPaths.InvocationNext) return (HttpMethods.IsGet(method) ? RuntimeApiCall.Next : RuntimeApiCall.NotFound, null);
        if (!HttpMethods.IsPost(method)) return (RuntimeApiCall.NotFound, null);
        if (path == RuntimeApiPaths.InitError) return (RuntimeApiCall.InitError, null);
        if (!path.StartsWith(RuntimeApiPaths.InvocationPrefix, StringComparison.Ordinal)) return (RuntimeApiCall.NotFound, null);

        var tail = path.AsSpan(RuntimeApiPaths.InvocationPrefix.Length);
        if (tail.EndsWith(RuntimeApiPaths.ResponseSuffix, StringComparison.Ordinal))
        {
            return (RuntimeApiCall.Response, tail[..^RuntimeApiPaths.ResponseSuffix.Length].ToString());
        }
        if (tail.EndsWith(RuntimeApiPaths.ErrorSuffix, StringComparison.Ordinal))
        {
            return (RuntimeApiCall.Error, tail[..^RuntimeApiPaths.ErrorSuffix.Length].ToString());
        }
        return (RuntimeApiCall.NotFound, null);
    }
}
