namespace Tracking.Contracts.Tests;

public class LocationRuleTests
{
    private static TrackingEventRequest At(double? lat, double? lon)
    {
        var request = Events.Valid();
        request.Location = new GeoPointRequest { Lat = lat, Lon = lon };
        return request;
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-90, -180)]
    [InlineData(90, 180)]
    [InlineData(47.6062, -122.3321)]
    public void ALocationWithinRangeIsKept(double lat, double lon)
    {
        var validated = Events.ValidOrThrow(At(lat, lon));

        Assert.Equal((lat, lon), (validated.Lat, validated.Lon));
    }

    [Theory]
    [InlineData(90.000001)]
    [InlineData(-90.5)]
    [InlineData(1000)]
    public void ALatitudeOutsideMinus90To90IsRejected(double lat)
    {
        var error = Events.SingleError(At(lat, 0));

        Assert.Equal(new FieldError("location.lat", "must be between -90 and 90"), error);
    }

    [Theory]
    [InlineData(180.000001)]
    [InlineData(-181)]
    public void ALongitudeOutsideMinus180To180IsRejected(double lon)
    {
        var error = Events.SingleError(At(0, lon));

        Assert.Equal(new FieldError("location.lon", "must be between -180 and 180"), error);
    }

    [Fact]
    public void ALocationWithoutLongitudeIsRejected()
    {
        var error = Events.SingleError(At(10, null));

        Assert.Equal(new FieldError("location.lon", "is required when location is given"), error);
    }

    [Fact]
    public void ALocationWithoutLatitudeIsRejected()
    {
        var error = Events.SingleError(At(null, 10));

        Assert.Equal(new FieldError("location.lat", "is required when location is given"), error);
    }

    [Fact]
    public void AnEmptyLocationObjectReportsBothCoordinates()
    {
        var (_, errors) = Events.Validate(At(null, null));

        Assert.Equal(["location.lat", "location.lon"], errors.Select(e => e.Field));
    }

    [Fact]
    public void NoLocationIsFine()
    {
        var validated = Events.ValidOrThrow(Events.Valid());

        Assert.Null(validated.Lat);
        Assert.Null(validated.Lon);
    }
}
