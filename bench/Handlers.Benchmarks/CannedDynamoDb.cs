using Amazon.DynamoDBv2.Model;
using Tracking.Functions.Storage.DynamoDb;

namespace Tracking.Bench.Handlers;

/// <summary>
/// DynamoDB without the network: each call answers the same completed task, built once, so the benchmark
/// measures (and counts the allocations of) our pipeline only. Query answers depend on the index asked for.
/// </summary>
public sealed class CannedDynamoDb : IDynamoDb
{
    private static readonly ConsumedCapacity ReadUnit = new() { TableName = CannedItems.Table, CapacityUnits = 0.5 };
    private static readonly ConsumedCapacity WriteUnit = new() { TableName = CannedItems.Table, CapacityUnits = 1 };

    private readonly Task<GetItemResponse> _get;
    private readonly Task<PutItemResponse> _put = Task.FromResult(new PutItemResponse { ConsumedCapacity = WriteUnit });
    private readonly Task<UpdateItemResponse> _update = Task.FromResult(new UpdateItemResponse { ConsumedCapacity = WriteUnit });
    private readonly Task<QueryResponse> _history;
    private readonly Task<QueryResponse> _statusShard;
    private readonly Task<QueryResponse> _positions;

    /// <summary>The write's exact-count query (Select COUNT, strongly consistent): one page, the package's one event.</summary>
    private readonly Task<QueryResponse> _count = Task.FromResult(new QueryResponse { Count = 1, ConsumedCapacity = new ConsumedCapacity { TableName = CannedItems.Table, CapacityUnits = 1 } });

    public CannedDynamoDb()
    {
        _get = Task.FromResult(new GetItemResponse { Item = CannedItems.State(), ConsumedCapacity = ReadUnit });
        var events = Enumerable.Range(0, CannedItems.PageSize).Select(CannedItems.Event).ToList();
        _history = Task.FromResult(new QueryResponse
        {
            Items = events,
            Count = events.Count,
            LastEvaluatedKey = CannedItems.HistoryKey(events[^1]),
            ConsumedCapacity = new ConsumedCapacity { TableName = CannedItems.Table, CapacityUnits = 6.5 },
        });
        _positions = Task.FromResult(new QueryResponse
        {
            Items = events,
            Count = events.Count,
            ConsumedCapacity = new ConsumedCapacity { TableName = CannedItems.Table, CapacityUnits = 6.5 },
        });
        var summaries = Enumerable.Range(0, CannedItems.SummariesPerShard).Select(CannedItems.Summary).ToList();
        _statusShard = Task.FromResult(new QueryResponse { Items = summaries, Count = summaries.Count, ConsumedCapacity = ReadUnit });
    }

    public Task<GetItemResponse> GetItemAsync(GetItemRequest request, CancellationToken cancellationToken) => _get;

    public Task<PutItemResponse> PutItemAsync(PutItemRequest request, CancellationToken cancellationToken) => _put;

    public Task<UpdateItemResponse> UpdateItemAsync(UpdateItemRequest request, CancellationToken cancellationToken) => _update;

    /// <summary>Only erasure deletes, and no benchmark erases.</summary>
    public Task<DeleteItemResponse> DeleteItemAsync(DeleteItemRequest request, CancellationToken cancellationToken) => throw new NotSupportedException("no benchmark erases");

    public Task<BatchWriteItemResponse> BatchWriteItemAsync(BatchWriteItemRequest request, CancellationToken cancellationToken) => throw new NotSupportedException("no benchmark erases");

    /// <summary>
    /// Search reads the status index (one shard per call); the location track projects positions from the event-time
    /// index and gets the whole (last) page; history gets a full page with a next key, so a cursor is signed too; the
    /// write's count query gets its count.
    /// </summary>
    public Task<QueryResponse> QueryAsync(QueryRequest request, CancellationToken cancellationToken)
        => request.Select == Amazon.DynamoDBv2.Select.COUNT ? _count
            : request.IndexName == Tracking.Contracts.Storage.TrackingTable.StatusIndex ? _statusShard
            : request.ProjectionExpression is not null ? _positions
            : _history;
}
