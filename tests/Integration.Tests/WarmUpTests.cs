using Tracking.Functions.Configuration;
using Tracking.Functions.Storage.DynamoDb;
using Env = Tracking.Contracts.Configuration.EnvironmentVariables;

namespace Tracking.Integration.Tests;

[Collection(DynaliteCollection.Name)]
public sealed class WarmUpTests(DynaliteFixture fixture)
{
    private static AwsDynamoDb Client(string endpoint)
    {
        var env = new Dictionary<string, string?>
        {
            [Env.TableName] = DynaliteFixture.TableName,
            [Env.DynamoDbEndpoint] = endpoint,
            [Env.AwsAccessKeyId] = "local",
            [Env.AwsSecretAccessKey] = "local",
            [Env.CursorSigningKey] = "warm-up-tests-cursor-key-0123456789abcdef",
            [Env.ApiClients] = """{"k": {"name": "n", "role": "reader"}}""",
        };
        var settings = FunctionSettings.FromEnvironment(name => env.GetValueOrDefault(name));
        return AwsDynamoDb.Create(settings, name => env.GetValueOrDefault(name));
    }

    [Fact]
    public async Task WarmUpReadsWithoutWritingAnything()
    {
        using var db = Client(fixture.Endpoint);

        await db.WarmUpAsync(DynaliteFixture.TableName, CancellationToken.None);

        var item = await fixture.Admin.GetItemAsync(DynaliteFixture.TableName, new() { ["pk"] = new() { S = "WARMUP" }, ["sk"] = new() { S = "WARMUP" } });
        Assert.True(item.Item is null || item.Item.Count == 0);
    }

    [Fact]
    public async Task WarmUpNeverFailsInitWhenDynamoDbIsUnreachable()
    {
        using var db = Client("http://127.0.0.1:1");

        var error = await Record.ExceptionAsync(() => db.WarmUpAsync(DynaliteFixture.TableName, CancellationToken.None));

        Assert.Null(error);
    }
}
