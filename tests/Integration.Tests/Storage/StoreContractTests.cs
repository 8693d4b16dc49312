using Tracking.Functions.Storage;
using Tracking.Functions.Storage.DynamoDb;

namespace Tracking.Integration.Tests.Storage;

/// <summary>The contract against the store the functions' unit tests use.</summary>
public sealed class InMemoryStoreContractTests : TrackingStoreContract
{
    private readonly InMemoryTrackingStore _store = new();

    protected override ITrackingWriteStore Writer => _store;
    protected override ITrackingReadStore Reader => _store;
    protected override IErasureStore Erasure => _store;
    protected override IAuditStore Audit => _store;
}

/// <summary>The contract against the store the functions run on, over a real dynalite.</summary>
[Collection(DynaliteCollection.Name)]
public sealed class DynamoDbStoreContractTests(DynaliteFixture fixture) : TrackingStoreContract
{
    // The fixture owns the client: AwsDynamoDb only wraps it here and is never disposed.
    protected override ITrackingWriteStore Writer => new DynamoDbWriteStore(new AwsDynamoDb(fixture.Admin), DynaliteFixture.TableName, static _ => null);
    protected override ITrackingReadStore Reader => new DynamoDbReadStore(new AwsDynamoDb(fixture.Admin), DynaliteFixture.TableName);
    protected override IErasureStore Erasure => new DynamoDbErasureStore(new AwsDynamoDb(fixture.Admin), DynaliteFixture.TableName, static now => new DateTimeOffset(now).AddDays(90).ToUnixTimeSeconds());
    protected override IAuditStore Audit => new DynamoDbAuditStore(new AwsDynamoDb(fixture.Admin), DynaliteFixture.TableName);
}
