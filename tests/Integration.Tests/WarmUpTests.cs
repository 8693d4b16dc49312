using Tracking.Functions.Configuration;
using Tracking.Functions.Storage;
using Tracking.LambdaRuntime;
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
            [LambdaEnvironment.AccessKeyId] = "local",
            [LambdaEnvironment.SecretAccessKey] = "local",
            [Env.CursorSigningKey] = "warm-up-tests-cursor-key-0123456789abcdef",
            [Env.ApiClients] = """{"k": {"name": "n", "role": "reader"}}""",
        };
        var settings = FunctionSettings.FromEnvironment(name => env.GetValueOrDefault(name));
        return AwsDynamoDb.Create(settings, name => env.GetValueOrDefault(name));
    }

    [Fact]
    public async Task WarmUpMakesOneReadAndNoWrite()
    {
        using var proxy = new RecordingDynamoDbProxy(fixture.Endpoint);
        using var db = Client(proxy.Endpoint);

        await db.WarmUpAsync(DynaliteFixture.TableName, CancellationToken.None);

        Assert.Equal(["GetItem"], proxy.Operations);
    }

    [Fact]
    public async Task WarmUpNeverFailsInitWhenDynamoDbIsUnreachable()
    {
        using var db = Client("http://127.0.0.1:1");

        var error = await Record.ExceptionAsync(() => db.WarmUpAsync(DynaliteFixture.TableName, CancellationToken.None));

        Assert.Null(error);
    }
}
