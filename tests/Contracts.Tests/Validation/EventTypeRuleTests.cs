namespace Tracking.Contracts.Tests;

public class EventTypeRuleTests
{
    [Fact]
    public void AMissingEventTypeDefaultsToStatusUpdate()
    {
        var validated = Events.ValidOrThrow(Events.Valid());

        Assert.Equal("status_update", validated.EventType);
    }

    [Theory]
    [InlineData("status_update")]
    [InlineData("delivery_attempt")]
    [InlineData("exception")]
    [InlineData("customs")]
    public void EachDefaultEventTypeIsAccepted(string eventType)
    {
        var request = Events.Valid();
        request.EventType = eventType;

        Assert.Equal(eventType, Events.ValidOrThrow(request).EventType);
    }

    [Fact]
    public void AnEventTypeNotConfiguredIsRejectedListingTheAllowedOnes()
    {
        var request = Events.Valid();
        request.EventType = "drone_dropoff";

        var error = Events.SingleError(request);

        Assert.Equal(new FieldError("eventType", "must be one of: customs, delivery_attempt, exception, status_update"), error);
    }

    [Fact]
    public void ANewEventTypeIsAcceptedOnceConfiguredWithoutCodeChange()
    {
        var rules = EventRules.FromSetting("status_update, drone_dropoff", new FakeTimeProvider(Events.Now));
        var request = Events.Valid();
        request.EventType = "drone_dropoff";

        Assert.Equal("drone_dropoff", Events.ValidOrThrow(request, rules).EventType);
    }

    [Fact]
    public void ATypeRemovedFromConfigurationIsRejected()
    {
        var rules = EventRules.FromSetting("status_update", new FakeTimeProvider(Events.Now));
        var request = Events.Valid();
        request.EventType = "customs";

        Assert.Equal("eventType", Events.SingleError(request, rules).Field);
    }

    [Fact]
    public void EventTypesAreCaseSensitive()
    {
        var request = Events.Valid();
        request.EventType = "Customs";

        Assert.Equal("eventType", Events.SingleError(request).Field);
    }

    [Fact]
    public void AnEmptyEventTypeIsRejectedRatherThanDefaulted()
    {
        var request = Events.Valid();
        request.EventType = "";

        Assert.Equal("eventType", Events.SingleError(request).Field);
    }

    [Fact]
    public void ConfigurationWithoutTheDefaultTypeIsRefused()
        => Assert.Throws<ArgumentException>(() => EventRules.FromSetting("customs", new FakeTimeProvider(Events.Now)));

    [Fact]
    public void ABlankSettingMeansTheDefaultTypes()
    {
        var rules = EventRules.FromSetting("  ", new FakeTimeProvider(Events.Now));

        Assert.Equal(["customs", "delivery_attempt", "exception", "status_update"], rules.EventTypes.Order(StringComparer.Ordinal));
    }
}
