using System.Buffers;
using System.Text;

namespace Tracking.LambdaRuntime.Tests.Fakes;

/// <summary>Writes the event back as the response; throws for the event "fail". Records what it saw.</summary>
internal sealed class EchoHandler : ILambdaHandler
{
    public const string FailingEvent = "fail";

    public List<LambdaContext> Contexts { get; } = [];

    public List<string?> TraceIdVariables { get; } = [];

    public ValueTask HandleAsync(ReadOnlyMemory<byte> payload, LambdaContext context, IBufferWriter<byte> response, CancellationToken cancellationToken)
    {
        Contexts.Add(context);
        TraceIdVariables.Add(Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID"));
        if (payload.Span.SequenceEqual(Encoding.UTF8.GetBytes(FailingEvent)))
        {
            throw new InvalidOperationException("The tracking table is missing.");
        }

        response.Write(payload.Span);
        return ValueTask.CompletedTask;
    }
}
