namespace Tracking.Contracts.Tests;

public class EventIdRuleTests
{
    private static TrackingEventRequest WithEventId(string eventId)
    {
        var request = Events.Valid();
        request.EventId = eventId;
        return request;
    }

    [Theory]
    [InlineData("e1")]
    [InlineData("a")]
    [InlineData("ACME.2026-11-24:scan_42")]
    [InlineData("0123456789")]
    public void AClientEventIdInTheCharacterSetIsKeptAsGiven(string eventId)
    {
        var validated = Events.ValidOrThrow(WithEventId(eventId));

        Assert.Equal(eventId, validated.EventId);
    }

    [Fact]
    public void AnEventIdOf128CharactersIsAccepted()
        => Assert.Equal(128, Events.ValidOrThrow(WithEventId(new string('x', 128))).EventId.Length);

    [Fact]
    public void AnEventIdOf129CharactersIsRejected()
        => Assert.Equal(new FieldError("eventId", Identifiers.EventIdRule), Events.SingleError(WithEventId(new string('x', 129))));

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/id")]
    [InlineData("hash#id")]
    [InlineData("percent%20")]
    [InlineData("ümlaut")]
    [InlineData("tab\tid")]
    public void AnEventIdOutsideTheCharacterSetIsRejected(string eventId)
        => Assert.Equal(new FieldError("eventId", Identifiers.EventIdRule), Events.SingleError(WithEventId(eventId)));

    [Fact]
    public void AMissingEventIdIsDerivedWithThePrefix()
    {
        var validated = Events.ValidOrThrow(Events.Valid());

        Assert.StartsWith(EventValidator.DerivedEventIdPrefix, validated.EventId, StringComparison.Ordinal);
    }
}
