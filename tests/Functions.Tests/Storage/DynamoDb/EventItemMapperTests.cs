using Amazon.DynamoDBv2.Model;
using Tracking.Contracts.Domain;
using Tracking.Contracts.Storage;
using Tracking.Contracts.Validation;
using Tracking.Functions.Storage.DynamoDb;

namespace Tracking.Functions.Tests.Storage.DynamoDb;

public class EventItemMapperTests
{
    private static readonly DateTime ReceivedAt = new DateTime(2026, 11, 24, 12, 0, 1, DateTimeKind.Utc).AddTicks(5);

    private static ValidatedEvent Full() => StoreEvents.ValidOrThrow(
        """{"status":"delivered","timestamp":"2026-11-24T09:15:00.25+01:00","eventType":"delivery_attempt","eventId":"e-1","location":{"lat":-33.8688,"lon":151.2093},"metadata":{"carrier":"ups","weightKg":-1.50,"big":1e20,"signed":true}}""");

    private static Dictionary<string, AttributeValue> Item(ValidatedEvent e, long? ttl = null) => EventItemMapper.ToItem(e, ReceivedAt, "acme", ttl);

    [Fact]
    public void TheResponseCarriesBackEveryValueOfTheEvent()
    {
        var response = EventItemMapper.ToResponse(Item(Full()));

        Assert.Equal(StoreEvents.TrackingId, response.TrackingId);
        Assert.Equal("e-1", response.EventId);
        Assert.Equal("delivered", response.Status);
        Assert.Equal("2026-11-24T08:15:00.25Z", response.Timestamp);
        Assert.Equal("delivery_attempt", response.EventType);
        Assert.Equal((-33.8688, 151.2093), (response.Location!.Lat, response.Location.Lon));
        Assert.Equal("2026-11-24T12:00:01.0000005Z", response.ReceivedAt);
        Assert.Equal("acme", response.Source);
        Assert.Null(response.Duplicate);
    }

    [Fact]
    public void MetadataComesBackWithTheSameKindsAndValues()
    {
        var response = EventItemMapper.ToResponse(Item(Full()));

        Assert.Equal(
            new Dictionary<string, MetadataValue>
            {
                ["big"] = MetadataValue.FromNumber(100000000000000000000m),
                ["carrier"] = MetadataValue.FromString("ups"),
                ["signed"] = MetadataValue.FromBoolean(true),
                ["weightKg"] = MetadataValue.FromNumber(-1.5m),
            },
            response.Metadata);
    }

    [Fact]
    public void NumbersAreWrittenInInvariantCultureWhateverTheCurrentCulture()
    {
        using var culture = new CommaCulture();
        Assert.True(CommaCulture.IsActive);

        var item = Item(Full(), ttl: 1_800_000_000);

        Assert.Equal("-33.8688", item[ItemAttributes.Lat].N);
        Assert.Equal("151.2093", item[ItemAttributes.Lon].N);
        Assert.Equal("-1.5", item[ItemAttributes.Metadata].M["weightKg"].N);
        Assert.Equal("100000000000000000000", item[ItemAttributes.Metadata].M["big"].N);
        Assert.Equal("1800000000", item[TrackingTable.TimeToLive].N);
    }

    [Fact]
    public void NumbersAreReadInInvariantCultureWhateverTheCurrentCulture()
    {
        var item = Item(Full());
        using var culture = new CommaCulture();

        var response = EventItemMapper.ToResponse(item);

        Assert.Equal(-33.8688, response.Location!.Lat);
        Assert.Equal(MetadataValue.FromNumber(-1.5m), response.Metadata!["weightKg"]);
    }

    [Fact]
    public void TheItemIsKeyedByPackageAndEventAndIndexedByEventTime()
    {
        var item = Item(Full());

        Assert.Equal("PKG#PKG-123", item[TrackingTable.PartitionKey].S);
        Assert.Equal("EVT#e-1", item[TrackingTable.SortKey].S);
        Assert.Equal("2026-11-24T08:15:00.2500000Z#e-1", item[TrackingTable.EventTimeSortKey].S);
    }

    [Fact]
    public void TheItemKeepsTheContentHashForDuplicateDetection()
    {
        var e = Full();

        Assert.Equal(e.ContentHash, EventItemMapper.ContentHashOf(Item(e)));
    }

    [Fact]
    public void AnEventWithoutLocationOrMetadataStoresNeither()
    {
        var item = Item(StoreEvents.ValidOrThrow(StoreEvents.Valid()));

        Assert.DoesNotContain(ItemAttributes.Lat, item.Keys);
        Assert.DoesNotContain(ItemAttributes.Lon, item.Keys);
        Assert.DoesNotContain(ItemAttributes.Metadata, item.Keys);
    }

    [Fact]
    public void AnEventWithoutLocationOrMetadataRespondsWithNeither()
    {
        var response = EventItemMapper.ToResponse(Item(StoreEvents.ValidOrThrow(StoreEvents.Valid())));

        Assert.Null(response.Location);
        Assert.Null(response.Metadata);
    }

    [Fact]
    public void WithoutRetentionTheItemHasNoTimeToLive()
        => Assert.DoesNotContain(TrackingTable.TimeToLive, Item(Full()).Keys);

    [Fact]
    public void CoordinatesRoundTripExactly()
    {
        var request = StoreEvents.Valid();
        request.Location = new GeoPointRequest { Lat = 0.1 + 0.2, Lon = -179.99999999999997 };

        var response = EventItemMapper.ToResponse(Item(StoreEvents.ValidOrThrow(request)));

        Assert.Equal(0.1 + 0.2, response.Location!.Lat);
        Assert.Equal(-179.99999999999997, response.Location.Lon);
    }
}
