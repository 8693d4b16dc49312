using System.Security.Cryptography;
using System.Text;

namespace Tracking.LocalStack.Sqs;

/// <summary>One message as a queue holds it. Mutable state is changed only under the owning queue's lock.</summary>
public sealed class SqsMessage
{
    public SqsMessage(string body, DateTimeOffset sentAt, DateTimeOffset visibleAt)
    {
        MessageId = Guid.NewGuid().ToString();
        Body = body;
        Md5OfBody = Md5Hex(body);
        SentAt = sentAt;
        VisibleAt = visibleAt;
    }

    public string MessageId { get; }
    public string Body { get; }
    public string Md5OfBody { get; }
    public DateTimeOffset SentAt { get; }

    /// <summary>Before this instant the message is delayed (never received) or in flight (received, not deleted).</summary>
    public DateTimeOffset VisibleAt { get; internal set; }

    public int ReceiveCount { get; internal set; }
    public DateTimeOffset? FirstReceivedAt { get; internal set; }

    /// <summary>Bumped on every receive: only the newest receipt handle may change or delete the message.</summary>
    public int ReceiveGeneration { get; internal set; }

    public bool IsInFlight(DateTimeOffset now) => ReceiveCount > 0 && VisibleAt > now;

    public bool IsDelayed(DateTimeOffset now) => ReceiveCount == 0 && VisibleAt > now;

    /// <summary>The MD5 the SDK checks on SendMessage and ReceiveMessage (hex of the UTF-8 body).</summary>
    public static string Md5Hex(string text)
#pragma warning disable CA5351 // SQS's own integrity check is MD5: the SDK compares it, we do not choose it.
        => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351
}

/// <summary>A message handed to a receiver, with the receipt handle that receive produced.</summary>
public sealed record ReceivedMessage(SqsMessage Message, string ReceiptHandle, int ReceiveCount, DateTimeOffset FirstReceivedAt);
