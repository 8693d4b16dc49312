using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Tracking.Functions.Storage.DynamoDb;

namespace Tracking.Functions.Tests.Fakes;

/// <summary>
/// DynamoDB at the six-call seam, answering from a script: each call is recorded and answered by the handler the
/// test set for its kind (a response, or an exception to throw). No expression is interpreted: tests of the DynamoDB
/// store check the requests it builds and what it makes of DynamoDB's answers; behaviour is the contract suite's.
/// </summary>
internal sealed class ScriptedDynamoDb : IDynamoDb
{
    private readonly List<AmazonWebServiceRequest> _calls = [];
    private readonly Lock _gate = new();

    public Func<PutItemRequest, PutItemResponse> OnPut { get; set; } = _ => new PutItemResponse { ConsumedCapacity = Units(1) };
    public Func<UpdateItemRequest, UpdateItemResponse> OnUpdate { get; set; } = _ => new UpdateItemResponse { ConsumedCapacity = Units(1) };
    public Func<GetItemRequest, GetItemResponse> OnGet { get; set; } = _ => new GetItemResponse { ConsumedCapacity = Units(0.5) };
    public Func<QueryRequest, QueryResponse> OnQuery { get; set; } = _ => new QueryResponse { Items = [], ConsumedCapacity = Units(0.5) };
    public Func<DeleteItemRequest, DeleteItemResponse> OnDelete { get; set; } = _ => new DeleteItemResponse { ConsumedCapacity = Units(1) };
    public Func<BatchWriteItemRequest, BatchWriteItemResponse> OnBatchWrite { get; set; } = _ => new BatchWriteItemResponse { ConsumedCapacity = [Units(25)] };

    public IReadOnlyList<AmazonWebServiceRequest> Calls { get { lock (_gate) return [.. _calls]; } }

    public static ConsumedCapacity Units(double units) => new() { CapacityUnits = units };

    public Task<PutItemResponse> PutItemAsync(PutItemRequest request, CancellationToken cancellationToken) => Answer(request, OnPut);

    public Task<UpdateItemResponse> UpdateItemAsync(UpdateItemRequest request, CancellationToken cancellationToken) => Answer(request, OnUpdate);

    public Task<GetItemResponse> GetItemAsync(GetItemRequest request, CancellationToken cancellationToken) => Answer(request, OnGet);

    public Task<QueryResponse> QueryAsync(QueryRequest request, CancellationToken cancellationToken) => Answer(request, OnQuery);

    public Task<DeleteItemResponse> DeleteItemAsync(DeleteItemRequest request, CancellationToken cancellationToken) => Answer(request, OnDelete);

    public Task<BatchWriteItemResponse> BatchWriteItemAsync(BatchWriteItemRequest request, CancellationToken cancellationToken) => Answer(request, OnBatchWrite);

    private Task<TResponse> Answer<TRequest, TResponse>(TRequest request, Func<TRequest, TResponse> handler) where TRequest : AmazonWebServiceRequest
    {
        lock (_gate) _calls.Add(request);
        return Task.FromResult(handler(request));
    }
}
