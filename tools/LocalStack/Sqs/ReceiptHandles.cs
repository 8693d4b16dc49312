using System.Globalization;
using System.Text;

namespace Tracking.LocalStack.Sqs;

/// <summary>Opaque receipt handles: base64 of queue, message id, receive generation and a random part.</summary>
public static class ReceiptHandles
{
    public static string Create(string queueName, SqsMessage message)
        => Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join('|',
            queueName, message.MessageId, message.ReceiveGeneration.ToString(CultureInfo.InvariantCulture), Guid.NewGuid().ToString("N"))));

    /// <summary>The message id and generation; throws ReceiptHandleIsInvalid for anything this queue did not issue.</summary>
    public static (string MessageId, int Generation) Parse(string queueName, string handle)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(handle)).Split('|');
            if (parts.Length == 4 && parts[0] == queueName
                && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
            {
                return (parts[1], generation);
            }
        }
        catch (FormatException)
        {
        }
        throw SqsException.ReceiptHandleIsInvalid(handle);
    }
}
