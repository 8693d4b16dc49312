using System.Text.Json;
using Amazon.DynamoDBv2;
using Tracking.LocalStack.Dynamo;

namespace Tracking.LocalStack.Tests;

public sealed class TableDefinitionTests
{
    private static readonly JsonElement TableJson = JsonDocument.Parse(File.ReadAllText(DefinitionFiles.TablePath)).RootElement;

    [Fact]
    public void RequestCarriesTheKeysAttributesAndBillingModeOfTableJson()
    {
        var request = TableDefinition.LoadDefault().ToCreateTableRequest("t1");

        Assert.Equal("t1", request.TableName);
        Assert.Equal(TableJson.GetProperty("billingMode").GetString(), request.BillingMode.Value);
        Assert.Equal(TableJson.GetProperty("partitionKey").GetString(), request.KeySchema.Single(k => k.KeyType == KeyType.HASH).AttributeName);
        Assert.Equal(TableJson.GetProperty("sortKey").GetString(), request.KeySchema.Single(k => k.KeyType == KeyType.RANGE).AttributeName);
        Assert.Equal(
            TableJson.GetProperty("attributes").EnumerateArray().Select(a => $"{a.GetProperty("name")}:{a.GetProperty("type")}"),
            request.AttributeDefinitions.Select(a => $"{a.AttributeName}:{a.AttributeType.Value}"));
    }

    [Fact]
    public void GlobalIndexesKeepTheirKeysAndProjection()
    {
        var request = TableDefinition.LoadDefault().ToCreateTableRequest("t1");

        foreach (var expected in TableJson.GetProperty("globalSecondaryIndexes").EnumerateArray())
        {
            var index = request.GlobalSecondaryIndexes.Single(i => i.IndexName == expected.GetProperty("name").GetString());
            Assert.Equal(expected.GetProperty("partitionKey").GetString(), index.KeySchema[0].AttributeName);
            Assert.Equal(expected.GetProperty("sortKey").GetString(), index.KeySchema[1].AttributeName);
            var projection = expected.GetProperty("projection");
            Assert.Equal(projection.GetProperty("type").GetString(), index.Projection.ProjectionType.Value);
            if (projection.TryGetProperty("nonKeyAttributes", out var attributes))
            {
                Assert.Equal(attributes.EnumerateArray().Select(a => a.GetString()), index.Projection.NonKeyAttributes);
            }
        }
    }

    [Fact]
    public void LocalIndexesShareTheTablesPartitionKey()
    {
        var request = TableDefinition.LoadDefault().ToCreateTableRequest("t1");

        Assert.NotEmpty(request.LocalSecondaryIndexes);
        foreach (var index in request.LocalSecondaryIndexes)
        {
            Assert.Equal(TableJson.GetProperty("partitionKey").GetString(), index.KeySchema[0].AttributeName);
            Assert.Equal(KeyType.RANGE, index.KeySchema[1].KeyType);
        }
    }

    [Fact]
    public void ProvisionedBillingGetsThroughputOnTableAndGlobalIndexes()
    {
        var definition = TableDefinition.LoadDefault();
        definition.BillingMode = "PROVISIONED";

        var request = definition.ToCreateTableRequest("t1");

        Assert.NotNull(request.ProvisionedThroughput);
        Assert.All(request.GlobalSecondaryIndexes, i => Assert.NotNull(i.ProvisionedThroughput));
    }
}
