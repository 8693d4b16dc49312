using System.Buffers;

namespace Tracking.LambdaRuntime.Tests.Fakes;

/// <summary>Writes a given response in uneven pieces, as a serializer would, through GetSpan/Advance.</summary>
internal sealed class FixedResponseHandler(byte[] response) : ILambdaHandler
{
    private const int PieceBytes = 4093;

    public ValueTask HandleAsync(ReadOnlyMemory<byte> payload, LambdaContext context, IBufferWriter<byte> writer, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < response.Length; offset += PieceBytes)
        {
            var piece = response.AsSpan(offset, Math.Min(PieceBytes, response.Length - offset));
            piece.CopyTo(writer.GetSpan(piece.Length));
            writer.Advance(piece.Length);
        }

        return ValueTask.CompletedTask;
    }
}
