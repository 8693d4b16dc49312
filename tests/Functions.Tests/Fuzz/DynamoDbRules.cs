using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Tracking.Functions.Storage.DynamoDb;
using T = Tracking.Contracts.Storage.TrackingTable;

namespace Tracking.Functions.Tests.Fuzz;

/// <summary>
/// The fuzz suite's table: it stores nothing and checks every request against the input rules DynamoDB enforces
/// (numbers of at most 38 digits within 1E-130..9.99E+125, key strings non-empty and within 1,024/2,048 bytes,
/// start keys naming exactly the index's key attributes). A request that breaks one throws the ValidationException
/// DynamoDB would, so any input that reaches the table unchecked shows up as a 500. Writes succeed, reads find
/// nothing: the fuzz suite is about what reaches DynamoDB, not what comes back.
/// </summary>
internal sealed class DynamoDbRules : IDynamoDb
{
    private int _writes;

    /// <summary>Puts and updates that passed the rules.</summary>
    public int Writes => Volatile.Read(ref _writes);

    public Task<GetItemResponse> GetItemAsync(GetItemRequest request, CancellationToken cancellationToken)
    {
        CheckKey(request.Key);
        return Task.FromResult(new GetItemResponse());
    }

    public Task<PutItemResponse> PutItemAsync(PutItemRequest request, CancellationToken cancellationToken)
    {
        CheckKey(request.Item);
        CheckValues(request.Item.Values);
        CheckValues(request.ExpressionAttributeValues?.Values);
        Interlocked.Increment(ref _writes);
        return Task.FromResult(new PutItemResponse());
    }

    public Task<UpdateItemResponse> UpdateItemAsync(UpdateItemRequest request, CancellationToken cancellationToken)
    {
        CheckKey(request.Key);
        CheckValues(request.ExpressionAttributeValues?.Values);
        Interlocked.Increment(ref _writes);
        return Task.FromResult(new UpdateItemResponse());
    }

    public Task<DeleteItemResponse> DeleteItemAsync(DeleteItemRequest request, CancellationToken cancellationToken)
    {
        CheckKey(request.Key);
        Interlocked.Increment(ref _writes);
        return Task.FromResult(new DeleteItemResponse());
    }

    public Task<BatchWriteItemResponse> BatchWriteItemAsync(BatchWriteItemRequest request, CancellationToken cancellationToken)
    {
        foreach (var write in request.RequestItems.Values.SelectMany(w => w))
        {
            if (write.DeleteRequest is { } delete) CheckKey(delete.Key);
        }
        Interlocked.Increment(ref _writes);
        return Task.FromResult(new BatchWriteItemResponse());
    }

    public Task<QueryResponse> QueryAsync(QueryRequest request, CancellationToken cancellationToken)
    {
        CheckValues(request.ExpressionAttributeValues?.Values);
        if (request.ExclusiveStartKey is { Count: > 0 } start)
        {
            string[] expected = request.IndexName switch
            {
                null => [T.PartitionKey, T.SortKey],
                T.EventTimeIndex => [T.PartitionKey, T.SortKey, T.EventTimeSortKey],
                _ => [T.PartitionKey, T.SortKey, T.StatusPartitionKey, T.StatusSortKey],
            };
            if (start.Count != expected.Length || expected.Any(name => !start.ContainsKey(name))) Fail("The provided starting key is invalid");
            CheckKey(start);
            foreach (var (name, value) in start) CheckKeyString(name, value.S, name is T.PartitionKey or T.StatusPartitionKey ? 2048 : 1024);
        }
        return Task.FromResult(new QueryResponse { Items = [], Count = 0 });
    }

    private static void CheckKey(Dictionary<string, AttributeValue> key)
    {
        CheckKeyString(T.PartitionKey, key.GetValueOrDefault(T.PartitionKey)?.S, 2048);
        CheckKeyString(T.SortKey, key.GetValueOrDefault(T.SortKey)?.S, 1024);
    }

    private static void CheckKeyString(string name, string? value, int maxBytes)
    {
        if (string.IsNullOrEmpty(value)) Fail($"One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: {name}");
        if (Encoding.UTF8.GetByteCount(value!) > maxBytes) Fail($"One or more parameter values were invalid: Size of key {name} is over {maxBytes} bytes");
    }

    private static void CheckValues(IEnumerable<AttributeValue>? values)
    {
        foreach (var value in values ?? [])
        {
            if (value.N is { } number && !IsDynamoDbNumber(number)) Fail($"One or more parameter values were invalid: number {number} is out of range or too precise");
            if (value.M is { } map) CheckValues(map.Values);
        }
    }

    /// <summary>At most 38 significant digits; 0, or a magnitude from 1E-130 up to (not including) 1E+126.</summary>
    public static bool IsDynamoDbNumber(string text)
    {
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return false;
        var mantissa = text.TrimStart('-');
        var exponent = 0;
        var e = mantissa.IndexOfAny(['e', 'E']);
        if (e >= 0)
        {
            exponent = int.Parse(mantissa[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = mantissa[..e];
        }
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var pointAt = dot < 0 ? mantissa.Length : dot;
        var leading = digits.Length - digits.TrimStart('0').Length;
        var significant = digits.Trim('0');
        if (significant.Length == 0) return true;
        if (significant.Length > 38) return false;
        var magnitude = pointAt - leading - 1 + exponent; // power of ten of the first significant digit
        return magnitude is >= -130 and <= 125;
    }

    private static void Fail(string message) => throw new AmazonDynamoDBException(message) { ErrorCode = "ValidationException" };
}
