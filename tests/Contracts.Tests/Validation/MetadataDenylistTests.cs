namespace Tracking.Contracts.Tests;

/// <summary>Data minimisation: metadata keys that would carry a person's data are refused, naming the key.</summary>
public class MetadataDenylistTests
{
    private static TrackingEventRequest WithMetadata(string json)
    {
        var request = Events.Valid();
        request.Metadata = Events.Metadata(json);
        return request;
    }

    [Theory]
    [InlineData("name")]
    [InlineData("email")]
    [InlineData("phone")]
    [InlineData("address")]
    public void EachDefaultDeniedKeyIsRefusedNamingIt(string key)
    {
        var error = Events.SingleError(WithMetadata($$"""{"{{key}}":"x"}"""));

        Assert.Equal("metadata." + key, error.Field);
    }

    [Theory]
    [InlineData("Email")]
    [InlineData("EMAIL")]
    [InlineData("pHoNe")]
    public void DeniedKeysAreComparedCaseInsensitively(string key)
        => Assert.Equal("metadata." + key, Events.SingleError(WithMetadata($$"""{"{{key}}":"x"}""")).Field);

    [Fact]
    public void TheMessageListsTheRefusedKeys()
        => Assert.Contains("address, email, name, phone", Events.SingleError(WithMetadata("""{"name":"Jane Doe"}""")).Message, StringComparison.Ordinal);

    [Fact]
    public void KeysThatOnlyContainADeniedWordAreAccepted()
        => Assert.Equal(2, Events.ValidOrThrow(WithMetadata("""{"hub_name":"SEA","emailed":true}""")).Metadata!.Length);

    [Fact]
    public void EveryDeniedKeyOfOneEventIsReported()
    {
        var (_, errors) = Events.Validate(WithMetadata("""{"name":"a","hub":"SEA","phone":"b"}"""));

        Assert.Equal(["metadata.name", "metadata.phone"], errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AConfiguredListReplacesTheDefault()
    {
        var rules = EventRules.FromSetting(null, new FakeTimeProvider(Events.Now), "recipient, Signature");

        Assert.Equal("metadata.signature", Events.SingleError(WithMetadata("""{"signature":"x"}"""), rules).Field);
        Assert.NotNull(Events.ValidOrThrow(WithMetadata("""{"email":"x"}"""), rules).Metadata);
    }

    [Fact]
    public void ABlankSettingMeansTheDefaultList()
        => Assert.Equal(["address", "email", "name", "phone"], EventRules.FromSetting(null, new FakeTimeProvider(Events.Now), " ").DeniedMetadataKeys.Order(StringComparer.Ordinal));

    [Fact]
    public void AKeyLongerThanAnyMetadataKeyCannotBeConfigured()
        => Assert.Throws<ArgumentException>(() => EventRules.FromSetting(null, new FakeTimeProvider(Events.Now), new string('k', EventRules.MetadataKeyMaxLength + 1)));
}
