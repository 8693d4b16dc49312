using Amazon.DynamoDBv2;
using Tracking.LocalStack;
using Tracking.LocalStack.Dynamo;
using Tracking.LocalStack.Net;

namespace Tracking.Integration.Tests;

/// <summary>One real dynalite process over HTTP for the whole suite, with the table created from Definitions/table.json.</summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    public const string TableName = "tracking-integration";

    private DynaliteServer? _server;

    public string Endpoint => _server?.Endpoint ?? throw new InvalidOperationException("dynalite is not running");
    public AmazonDynamoDBClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var root = RepoRoot.Find() ?? throw new InvalidOperationException("repository root (PackageTracking.slnx) not found");
        _server = await DynaliteServer.StartAsync(root, LocalDefaults.Host, Ports.FindFree());
        Admin = TableProvisioner.CreateLocalClient(_server.Endpoint);
        var table = TableDefinition.Load(Path.Combine(root, "src", "Contracts", "Definitions", "table.json"));
        await TableProvisioner.EnsureTableAsync(Admin, table.ToCreateTableRequest(TableName));
    }

    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DynaliteCollection : ICollectionFixture<DynaliteFixture>
{
    public const string Name = "dynalite";
}
