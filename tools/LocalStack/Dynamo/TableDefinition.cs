using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Tracking.LocalStack.Json;

namespace Tracking.LocalStack.Dynamo;

/// <summary>
/// The table as src/Contracts/Definitions/table.json describes it, and its CreateTable request.
/// Mapped generically so a key or index added to the file needs no change here.
/// </summary>
public sealed class TableDefinition
{
    public string BillingMode { get; set; } = "PAY_PER_REQUEST";
    public List<AttributeSpec> Attributes { get; set; } = [];
    public string PartitionKey { get; set; } = "";
    public string? SortKey { get; set; }
    public List<IndexSpec>? LocalSecondaryIndexes { get; set; }
    public List<IndexSpec>? GlobalSecondaryIndexes { get; set; }
    public string? TtlAttribute { get; set; }

    public static TableDefinition Load(string path)
    {
        using var stream = File.OpenRead(path);
        var definition = JsonSerializer.Deserialize(stream, LocalStackJsonContext.Default.TableDefinition)
            ?? throw new InvalidDataException($"{path} is empty.");
        if (string.IsNullOrEmpty(definition.PartitionKey)) throw new InvalidDataException($"{path}: partitionKey is required.");
        return definition;
    }

    /// <summary>Loads the table.json that ships next to this assembly (copied from src/Contracts/Definitions).</summary>
    public static TableDefinition LoadDefault() => Load(DefinitionFiles.TablePath);

    public CreateTableRequest ToCreateTableRequest(string tableName)
    {
        var billing = new BillingMode(BillingMode);
        var provisioned = billing == Amazon.DynamoDBv2.BillingMode.PROVISIONED;
        var request = new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = billing,
            AttributeDefinitions = Attributes
                .Select(a => new AttributeDefinition(a.Name, new ScalarAttributeType(a.Type)))
                .ToList(),
            KeySchema = KeySchema(PartitionKey, SortKey),
        };
        if (provisioned) request.ProvisionedThroughput = new ProvisionedThroughput(5, 5);

        if (LocalSecondaryIndexes is { Count: > 0 })
        {
            request.LocalSecondaryIndexes = LocalSecondaryIndexes
                .Select(i => new LocalSecondaryIndex
                {
                    IndexName = i.Name,
                    KeySchema = KeySchema(i.PartitionKey ?? PartitionKey, i.SortKey),
                    Projection = i.Projection.ToProjection(),
                })
                .ToList();
        }

        if (GlobalSecondaryIndexes is { Count: > 0 })
        {
            request.GlobalSecondaryIndexes = GlobalSecondaryIndexes
                .Select(i => new GlobalSecondaryIndex
                {
                    IndexName = i.Name,
                    KeySchema = KeySchema(i.PartitionKey ?? throw new InvalidDataException($"GSI {i.Name} needs a partitionKey."), i.SortKey),
                    Projection = i.Projection.ToProjection(),
                    ProvisionedThroughput = provisioned ? new ProvisionedThroughput(5, 5) : null,
                })
                .ToList();
        }

        return request;
    }

    private static List<KeySchemaElement> KeySchema(string partitionKey, string? sortKey)
    {
        var schema = new List<KeySchemaElement> { new(partitionKey, KeyType.HASH) };
        if (!string.IsNullOrEmpty(sortKey)) schema.Add(new KeySchemaElement(sortKey, KeyType.RANGE));
        return schema;
    }
}

public sealed class AttributeSpec
{
    public string Name { get; set; } = "";
    public string Type { get; set; } = "S";
}

public sealed class IndexSpec
{
    public string Name { get; set; } = "";
    /// <summary>Absent for a local secondary index: it shares the table's partition key.</summary>
    public string? PartitionKey { get; set; }
    public string? SortKey { get; set; }
    public ProjectionSpec Projection { get; set; } = new();
}

public sealed class ProjectionSpec
{
    public string Type { get; set; } = "ALL";
    public List<string>? NonKeyAttributes { get; set; }

    public Projection ToProjection()
    {
        var projection = new Projection { ProjectionType = new ProjectionType(Type) };
        if (NonKeyAttributes is { Count: > 0 }) projection.NonKeyAttributes = [.. NonKeyAttributes];
        return projection;
    }
}
