
namespace Tracking.Contracts.Tests;

public class RequiredFieldTests
{
    [Fact]
    public void AMissingTimestampIsReportedAsRequired()
    {
        var request = Events.Valid();
        request.Timestamp = null;

        var error = Events.SingleError(request);

        Assert.Equal(new FieldError("timestamp", "is required"), error);
    }

    [Fact]
    public void AMissingTrackingIdIsReportedAsRequired()
    {
        var error = Events.SingleError(Events.Valid(), trackingId: null);

        Assert.Equal(new FieldError("trackingId", "is required"), error);
    }

    [Fact]
    public void AnEmptyBodyReportsEveryMissingFieldAtOnce()
    {
        var (validated, errors) = Events.Validate(new TrackingEventRequest());

        Assert.Null(validated);
        Assert.Equal(["status", "timestamp"], errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void OnlyStatusAndTimestampAreNeededWithTheTrackingId()
    {
        var validated = Events.ValidOrThrow(Events.Valid());

        Assert.Equal(Events.TrackingId, validated.TrackingId);
        Assert.Null(validated.Lat);
        Assert.Null(validated.Metadata);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/inside")]
    [InlineData("dot.inside")]
    [InlineData("ünïcode")]
    public void ATrackingIdOutsideTheCharacterSetIsRejected(string trackingId)
    {
        var error = Events.SingleError(Events.Valid(), trackingId: trackingId);

        Assert.Equal("trackingId", error.Field);
    }

    [Fact]
    public void ATrackingIdOfSixtyFourCharactersIsAccepted()
    {
        var (validated, errors) = Events.Validate(Events.Valid(), trackingId: new string('a', 64));

        Assert.Empty(errors);
        Assert.NotNull(validated);
    }

    [Fact]
    public void ATrackingIdOfSixtyFiveCharactersIsRejected()
    {
        var error = Events.SingleError(Events.Valid(), trackingId: new string('a', 65));

        Assert.Equal("trackingId", error.Field);
    }

    [Fact]
    public void ATrackingIdWithEveryAllowedCharacterClassIsAccepted()
    {
        var (validated, _) = Events.Validate(Events.Valid(), trackingId: "AZaz09_-");

        Assert.NotNull(validated);
    }
}
