using Tracking.Functions.Configuration;

namespace Tracking.Functions.Tests;

public class FunctionSettingsTests
{
    private static FunctionSettings Load(params (string Name, string? Value)[] overrides)
    {
        var env = new Dictionary<string, string?>(IngestHarness.Environment);
        foreach (var (name, value) in overrides) env[name] = value;
        return FunctionSettings.FromEnvironment(name => env.GetValueOrDefault(name), new FakeTimeProvider(IngestHarness.Now));
    }

    private static string Refused(params (string Name, string? Value)[] overrides)
        => Assert.Throws<ConfigurationException>(() => Load(overrides)).Message;

    [Fact]
    public void AValidEnvironmentLoads()
    {
        var settings = Load();

        Assert.Equal(("tracking-test", "test", "PackageTracking/Test", "us-west-2", 0), (settings.TableName, settings.Stage, settings.MetricsNamespace, settings.Region, settings.RetentionDays));
        Assert.Equal(3, settings.Clients.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void AMissingTableNameIsRefused(string? value)
        => Assert.Contains("TABLE_NAME", Refused(("TABLE_NAME", value)), StringComparison.Ordinal);

    [Theory]
    [InlineData(null)]
    [InlineData("short")]
    [InlineData("0123456789abcdef0123456789abcde")] // 31
    public void AMissingOrShortCursorSigningKeyIsRefused(string? value)
        => Assert.Contains("CURSOR_SIGNING_KEY", Refused(("CURSOR_SIGNING_KEY", value)), StringComparison.Ordinal);

    [Fact]
    public void ACursorSigningKeyOf32CharactersIsAccepted()
        => Assert.Equal(32, Load(("CURSOR_SIGNING_KEY", new string('k', 32))).CursorKey.Length);

    [Fact]
    public void MissingApiClientsAreRefused()
        => Assert.Contains("API_CLIENTS is required", Refused(("API_CLIENTS", null)), StringComparison.Ordinal);

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("""{"k":"partner"}""")]
    [InlineData("""{"k":{"name":"a","role":"partner"},"k":{"name":"b","role":"reader"}}""")]
    public void ApiClientsThatAreNotTheDocumentedJsonAreRefused(string value)
        => Assert.StartsWith("API_CLIENTS", Refused(("API_CLIENTS", value)), StringComparison.Ordinal);

    [Fact]
    public void AnUnknownRoleIsRefusedNamingTheKeyAndTheRole()
    {
        var message = Refused(("API_CLIENTS", """{"key-1":{"name":"acme","role":"superuser"}}"""));

        Assert.Contains("key-1", message, StringComparison.Ordinal);
        Assert.Contains("'superuser'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingRoleIsRefused()
        => Assert.Contains("role", Refused(("API_CLIENTS", """{"key-1":{"name":"acme"}}""")), StringComparison.Ordinal);

    [Fact]
    public void AClientWithoutANameIsRefused()
        => Assert.Contains("name is required", Refused(("API_CLIENTS", """{"key-1":{"role":"partner"}}""")), StringComparison.Ordinal);

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("36501")]
    public void ABadRetentionIsRefusedNamingTheVariable(string value)
    {
        var message = Refused(("RETENTION_DAYS", value));

        Assert.Contains("RETENTION_DAYS", message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARetentionGivesItemsATimeToLive()
    {
        var settings = Load(("RETENTION_DAYS", "30"));

        Assert.Equal(IngestHarness.Now.AddDays(30).ToUnixTimeSeconds(), settings.ExpiresAt(IngestHarness.Now.UtcDateTime));
    }

    [Fact]
    public void NoRetentionKeepsItemsForever()
        => Assert.Null(Load().ExpiresAt(IngestHarness.Now.UtcDateTime));

    [Fact]
    public void EventTypesWithoutTheDefaultAreRefused()
        => Assert.StartsWith("EVENT_TYPES", Refused(("EVENT_TYPES", "customs")), StringComparison.Ordinal);

    [Fact]
    public void ConfiguredEventTypesReachTheRules()
        => Assert.Contains("drone_dropoff", (IReadOnlySet<string>)Load(("EVENT_TYPES", "status_update,drone_dropoff")).EventRules.EventTypes);

    [Fact]
    public void ANegativePriceIsRefused()
        => Assert.Contains("PRICE_DYNAMODB_WRITE_UNIT", Refused(("PRICE_DYNAMODB_WRITE_UNIT", "-1")), StringComparison.Ordinal);

    [Fact]
    public void ClientsAreFoundByKeyIdWithTheirRolePermissions()
    {
        var reader = Load().Clients.Find(ProxyEvent.ReaderKey)!;

        Assert.Equal(("helpdesk", Permissions.Read), (reader.Name, reader.Permissions));
    }
}
