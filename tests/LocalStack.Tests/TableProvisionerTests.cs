using Amazon.DynamoDBv2;
using Tracking.LocalStack.Dynamo;
using Tracking.LocalStack.Tests.Support;

namespace Tracking.LocalStack.Tests;

public sealed class TableProvisionerTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Fact]
    public async Task TableCreatedInDynaliteHasTheKeysAndIndexesOfTableJson()
    {
        var definition = TableDefinition.LoadDefault();
        using var client = TableProvisioner.CreateLocalClient(dynalite.Endpoint);

        await TableProvisioner.EnsureTableAsync(client, definition.ToCreateTableRequest("created"));

        var table = (await client.DescribeTableAsync("created")).Table;
        Assert.Equal(TableStatus.ACTIVE, table.TableStatus);
        Assert.Equal(definition.PartitionKey, table.KeySchema.Single(k => k.KeyType == KeyType.HASH).AttributeName);
        Assert.Equal(definition.SortKey, table.KeySchema.Single(k => k.KeyType == KeyType.RANGE).AttributeName);
        Assert.Equal(definition.LocalSecondaryIndexes!.Select(i => i.Name), table.LocalSecondaryIndexes.Select(i => i.IndexName));
        var gsi = Assert.Single(table.GlobalSecondaryIndexes);
        var expected = definition.GlobalSecondaryIndexes!.Single();
        Assert.Equal(expected.Name, gsi.IndexName);
        Assert.Equal(expected.PartitionKey, gsi.KeySchema.Single(k => k.KeyType == KeyType.HASH).AttributeName);
        Assert.Equal(expected.Projection.NonKeyAttributes!.Order(), gsi.Projection.NonKeyAttributes.Order());
    }

    [Fact]
    public async Task EnsuringATableThatExistsSucceeds()
    {
        using var client = TableProvisioner.CreateLocalClient(dynalite.Endpoint);
        var request = TableDefinition.LoadDefault().ToCreateTableRequest("twice");
        await TableProvisioner.EnsureTableAsync(client, request);

        await TableProvisioner.EnsureTableAsync(client, TableDefinition.LoadDefault().ToCreateTableRequest("twice"));

        Assert.Contains("twice", (await client.ListTablesAsync()).TableNames);
    }
}
