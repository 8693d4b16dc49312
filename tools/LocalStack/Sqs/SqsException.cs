namespace Tracking.LocalStack.Sqs;

/// <summary>
/// An error as SQS's JSON protocol answers it: HTTP status, `__type` (shape id) and `message`, plus the legacy query
/// error code in `x-amzn-query-error` (the SDK maps either to its typed exceptions, e.g. QueueDoesNotExistException).
/// </summary>
public sealed class SqsException(int statusCode, string type, string queryCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    /// <summary>The short error code, e.g. "QueueDoesNotExist" (written as "com.amazonaws.sqs#QueueDoesNotExist").</summary>
    public string Type { get; } = type;

    public string QueryCode { get; } = queryCode;

    public static SqsException QueueDoesNotExist() => new(400, "QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue",
        "The specified queue does not exist.");

    public static SqsException InvalidParameter(string message) => new(400, "InvalidParameterValueException", "InvalidParameterValue", message);

    public static SqsException MissingParameter(string name) => new(400, "MissingRequiredParameterException", "MissingParameter",
        $"The request must contain the parameter {name}.");

    public static SqsException InvalidAttributeName(string name) => new(400, "InvalidAttributeName", "InvalidAttributeName",
        $"Unknown Attribute {name}.");

    public static SqsException InvalidAttributeValue(string name, string rule) => new(400, "InvalidAttributeValue", "InvalidAttributeValue",
        $"Invalid value for the parameter {name}: {rule}.");

    public static SqsException ReceiptHandleIsInvalid(string handle) => new(400, "ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid",
        $"The input receipt handle \"{handle}\" is not a valid receipt handle.");

    public static SqsException ReceiptHandleExpired(string handle) => InvalidParameter(
        $"Value {handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.");

    public static SqsException MessageTooLong(int max) => InvalidParameter(
        $"One or more parameters are invalid. Reason: Message must be shorter than {max} bytes.");

    public static SqsException EmptyBatch() => new(400, "EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest",
        "There should be at least one SendMessageBatchRequestEntry in the request.");

    public static SqsException TooManyEntries() => new(400, "TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
        "Maximum number of entries per request are 10.");

    public static SqsException BatchIdsNotDistinct() => new(400, "BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
        "Two or more batch entries in the request have the same Id.");

    public static SqsException InvalidBatchEntryId() => new(400, "InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId",
        "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.");

    public static SqsException UnsupportedOperation(string action) => new(400, "UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation",
        $"{action} is not emulated by the local SQS endpoint (tools/LocalStack/README.md lists what is).");

    public static SqsException InvalidAction(string target) => new(400, "InvalidAction", "InvalidAction",
        $"The action or operation requested is invalid (X-Amz-Target '{target}'). This endpoint speaks SQS's JSON protocol.");

    public static SqsException MalformedBody(string reason) => new(400, "SerializationException", "SerializationException", reason);

    public static SqsException MissingAuthentication() => new(403, "MissingAuthenticationTokenException", "MissingAuthenticationToken",
        "Request is missing Authentication Token");

    public static SqsException UnknownAccessKey(string keyId) => new(403, "InvalidClientTokenId", "InvalidClientTokenId",
        $"The security token included in the request is invalid (access key '{keyId}'; the local stack accepts only its dummy credentials).");

    public static SqsException SignatureDoesNotMatch() => new(403, "SignatureDoesNotMatch", "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
}
