using System.Buffers;

namespace Tracking.LambdaRuntime;

/// <summary>A function's logic: one invocation event in, one response payload out.</summary>
public interface ILambdaHandler
{
    /// <summary>
    /// Handles one invocation. <paramref name="payload"/> is the raw event, valid only until the returned task completes
    /// (the runtime reuses the buffer). Write the UTF-8 JSON response into <paramref name="response"/>.
    /// Throwing reports the invocation as failed (/error); the runtime then carries on with the next one.
    /// </summary>
    ValueTask HandleAsync(ReadOnlyMemory<byte> payload, LambdaContext context, IBufferWriter<byte> response, CancellationToken cancellationToken);
}
