using Amazon.DynamoDBv2.Model;

namespace Tracking.Functions.Storage.DynamoDb;

/// <summary>
/// The DynamoDB calls the functions make, and nothing else: the seam for tests and benchmarks (a hand-written
/// fake implements six methods instead of IAmazonDynamoDB's hundreds), and a list IAM policies can be checked against.
/// </summary>
public interface IDynamoDb
{
    Task<GetItemResponse> GetItemAsync(GetItemRequest request, CancellationToken cancellationToken);
    Task<PutItemResponse> PutItemAsync(PutItemRequest request, CancellationToken cancellationToken);
    Task<UpdateItemResponse> UpdateItemAsync(UpdateItemRequest request, CancellationToken cancellationToken);
    Task<QueryResponse> QueryAsync(QueryRequest request, CancellationToken cancellationToken);

    /// <summary>Erasure only: a late update's own event under a tombstone.</summary>
    Task<DeleteItemResponse> DeleteItemAsync(DeleteItemRequest request, CancellationToken cancellationToken);

    /// <summary>Erasure only: 25 deletes per call.</summary>
    Task<BatchWriteItemResponse> BatchWriteItemAsync(BatchWriteItemRequest request, CancellationToken cancellationToken);
}
