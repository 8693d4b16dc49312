using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Tracking.Contracts.Storage;
using Tracking.Functions.Storage;

namespace Tracking.Functions.Tests.Fakes;

/// <summary>
/// An in-memory table behind the four-call seam. It honours condition and update expressions (see Expressions),
/// throws ConditionalCheckFailedException as DynamoDB does (with the old item when asked for it), records every call
/// and returns consumed capacity only when the request asks for it.
/// </summary>
internal sealed class FakeDynamoDb : IDynamoDb
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Pk, string Sk), Dictionary<string, AttributeValue>> _items = [];
    private readonly List<AmazonWebServiceRequest> _calls = [];

    public double PutUnits { get; set; } = 1;
    public double UpdateUnits { get; set; } = 2;
    public double GetUnits { get; set; } = 0.5;

    /// <summary>dynalite and older DynamoDB versions ignore ReturnValuesOnConditionCheckFailure; false imitates them.</summary>
    public bool ReturnsItemOnConditionFailure { get; set; } = true;

    /// <summary>Thrown instead of serving a call when it returns non-null.</summary>
    public Func<AmazonWebServiceRequest, Exception?>? Fault { get; set; }

    public IReadOnlyList<AmazonWebServiceRequest> Calls { get { lock (_gate) return [.. _calls]; } }

    public IReadOnlyList<Dictionary<string, AttributeValue>> EventItems
    {
        get { lock (_gate) return [.. _items.Where(i => i.Key.Sk.StartsWith(TrackingTable.EventPrefix, StringComparison.Ordinal)).Select(i => i.Value)]; }
    }

    public Dictionary<string, AttributeValue>? State(string trackingId)
    {
        lock (_gate) return _items.GetValueOrDefault((TrackingTable.PackageKey(trackingId), TrackingTable.StateSortKeyValue));
    }

    public void Remove(string pk, string sk)
    {
        lock (_gate) _items.Remove((pk, sk));
    }

    public Task<PutItemResponse> PutItemAsync(PutItemRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Begin(request, new(request.ConditionExpression, null, request.ExpressionAttributeNames, request.ExpressionAttributeValues));
            var key = KeyOf(request.Item);
            var existing = _items.GetValueOrDefault(key);
            Check(request.ConditionExpression, request.ExpressionAttributeNames, request.ExpressionAttributeValues, existing,
                request.ReturnValuesOnConditionCheckFailure == ReturnValuesOnConditionCheckFailure.ALL_OLD);
            _items[key] = Clone(request.Item);
            return Task.FromResult(new PutItemResponse { ConsumedCapacity = Capacity(request.TableName, request.ReturnConsumedCapacity, PutUnits) });
        }
    }

    public Task<UpdateItemResponse> UpdateItemAsync(UpdateItemRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Begin(request, new(request.ConditionExpression, request.UpdateExpression, request.ExpressionAttributeNames, request.ExpressionAttributeValues));
            var key = KeyOf(request.Key);
            var existing = _items.GetValueOrDefault(key);
            Check(request.ConditionExpression, request.ExpressionAttributeNames, request.ExpressionAttributeValues, existing,
                request.ReturnValuesOnConditionCheckFailure == ReturnValuesOnConditionCheckFailure.ALL_OLD);
            var updated = existing is null ? Clone(request.Key) : Clone(existing);
            new Expressions(request.ExpressionAttributeNames, request.ExpressionAttributeValues).Apply(request.UpdateExpression, updated);
            _items[key] = updated;
            return Task.FromResult(new UpdateItemResponse { ConsumedCapacity = Capacity(request.TableName, request.ReturnConsumedCapacity, UpdateUnits) });
        }
    }

    public Task<GetItemResponse> GetItemAsync(GetItemRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Begin(request, null);
            var found = _items.GetValueOrDefault(KeyOf(request.Key));
            return Task.FromResult(new GetItemResponse
            {
                Item = found is null ? null : Clone(found),
                ConsumedCapacity = Capacity(request.TableName, request.ReturnConsumedCapacity, GetUnits),
            });
        }
    }

    public Task<QueryResponse> QueryAsync(QueryRequest request, CancellationToken cancellationToken)
        => throw new NotSupportedException("the ingest function never queries");

    private void Begin(AmazonWebServiceRequest request, AmazonDynamoDbRequestView? expressions)
    {
        _calls.Add(request);
        if (Fault?.Invoke(request) is { } fault) throw fault;
        if (expressions is not null) Expressions.Validate(expressions);
    }

    private void Check(string? condition, Dictionary<string, string>? names, Dictionary<string, AttributeValue>? values, Dictionary<string, AttributeValue>? existing, bool returnOld)
    {
        if (condition is null || new Expressions(names, values).Evaluate(condition, existing)) return;
        throw new ConditionalCheckFailedException("The conditional request failed")
        {
            Item = returnOld && ReturnsItemOnConditionFailure && existing is not null ? Clone(existing) : null,
        };
    }

    private static (string, string) KeyOf(Dictionary<string, AttributeValue> item)
        => (item[TrackingTable.PartitionKey].S, item[TrackingTable.SortKey].S);

    private static ConsumedCapacity? Capacity(string table, ReturnConsumedCapacity? asked, double units)
        => asked == ReturnConsumedCapacity.TOTAL ? new ConsumedCapacity { TableName = table, CapacityUnits = units } : null;

    private static Dictionary<string, AttributeValue> Clone(Dictionary<string, AttributeValue> item)
        => item.ToDictionary(p => p.Key, p => p.Value.M is { } map
            ? new AttributeValue { M = Clone(map) }
            : new AttributeValue { S = p.Value.S, N = p.Value.N, BOOL = p.Value.BOOL });
}
