using System.Buffers;
using Tracking.Functions.Http;
using Tracking.Ingest.Retry;
using Tracking.LambdaRuntime;

namespace Tracking.Ingest;

/// <summary>
/// The ingest executable's handler: API Gateway events go to the API; SQS events (the `retry` function, deployed from
/// the same zip) go to the retry consumer. The shape check reads top-level names only (see <see cref="SqsEvent.IsSqsEvent"/>).
/// </summary>
public sealed class IngestHandler(ApiFunction api, RetryConsumer? consumer) : ILambdaHandler, IDisposable
{
    public ValueTask HandleAsync(ReadOnlyMemory<byte> payload, LambdaContext context, IBufferWriter<byte> response, CancellationToken cancellationToken)
        => consumer is not null && SqsEvent.IsSqsEvent(payload.Span)
            ? consumer.HandleAsync(payload, context, response, cancellationToken)
            : api.HandleAsync(payload, context, response, cancellationToken);

    public void Dispose()
    {
        api.Dispose();
        consumer?.Dispose();
    }
}
