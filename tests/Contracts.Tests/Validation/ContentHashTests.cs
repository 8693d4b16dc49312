namespace Tracking.Contracts.Tests;

public class ContentHashTests
{
    private const string Base = """{"status":"delivered","timestamp":"2026-11-24T08:15:00Z","location":{"lat":47.5,"lon":-122.25},"metadata":{"carrier":"ups","weightKg":1.5,"signed":true}}""";

    private static ValidatedEvent V(string json) => Events.ValidOrThrow(json);

    [Fact]
    public void TheHashIsLowercaseSha256Hex()
        => Assert.Matches("^[0-9a-f]{64}$", V(Base).ContentHash);

    [Fact]
    public void ThePropertyOrderOfTheBodyDoesNotChangeTheHash()
    {
        var reordered = """{"metadata":{"signed":true,"weightKg":1.5,"carrier":"ups"},"location":{"lon":-122.25,"lat":47.5},"timestamp":"2026-11-24T08:15:00Z","status":"delivered"}""";

        Assert.Equal(V(Base).ContentHash, V(reordered).ContentHash);
    }

    [Theory]
    [InlineData("1.50")]
    [InlineData("1.500000")]
    [InlineData("15e-1")]
    [InlineData("0.15E1")]
    public void TheSpellingOfANumberDoesNotChangeTheHash(string spelling)
        => Assert.Equal(V(Base).ContentHash, V(Base.Replace("1.5,", spelling + ",", StringComparison.Ordinal)).ContentHash);

    [Fact]
    public void TheSpellingOfACoordinateDoesNotChangeTheHash()
        => Assert.Equal(V(Base).ContentHash, V(Base.Replace("47.5", "4.750e1", StringComparison.Ordinal)).ContentHash);

    [Fact]
    public void TheSameInstantInAnotherOffsetHashesTheSame()
        => Assert.Equal(V(Base).ContentHash, V(Base.Replace("08:15:00Z", "10:15:00+02:00", StringComparison.Ordinal)).ContentHash);

    [Fact]
    public void TheDefaultEventTypeSpelledOutHashesLikeLeavingItOut()
        => Assert.Equal(V(Base).ContentHash, V(Base.Replace("{\"status\"", "{\"eventType\":\"status_update\",\"status\"", StringComparison.Ordinal)).ContentHash);

    [Fact]
    public void TheClientEventIdIsNotPartOfTheContent()
        => Assert.Equal(V(Base).ContentHash, V(Base.Replace("{\"status\"", "{\"eventId\":\"e-1\",\"status\"", StringComparison.Ordinal)).ContentHash);

    [Fact]
    public void EmptyMetadataHashesLikeNoMetadata()
    {
        var without = """{"status":"delivered","timestamp":"2026-11-24T08:15:00Z"}""";
        var empty = """{"status":"delivered","timestamp":"2026-11-24T08:15:00Z","metadata":{}}""";

        Assert.Equal(V(without).ContentHash, V(empty).ContentHash);
    }

    [Theory]
    [InlineData("\"delivered\"", "\"failed\"")]
    [InlineData("08:15:00Z", "08:15:00.0000001Z")]
    [InlineData("47.5", "47.50001")]
    [InlineData("-122.25", "-122.26")]
    [InlineData("\"ups\"", "\"UPS\"")]
    [InlineData("1.5", "1.6")]
    [InlineData("1.5", "\"1.5\"")] // number vs string
    [InlineData("true}", "\"true\"}")] // boolean vs string
    [InlineData("\"carrier\"", "\"Carrier\"")]
    [InlineData(",\"signed\":true", "")] // a key fewer
    [InlineData("\"location\":{\"lat\":47.5,\"lon\":-122.25},", "")] // no location
    [InlineData("{\"status\"", "{\"eventType\":\"customs\",\"status\"")]
    public void AnyContentChangeChangesTheHash(string from, string to)
    {
        var changed = Base.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Base, changed);

        Assert.NotEqual(V(Base).ContentHash, V(changed).ContentHash);
    }

    [Fact]
    public void AnotherTrackingIdChangesTheHash()
    {
        var errors = new List<FieldError>();
        var other = EventValidator.Validate(Events.Parse(Base), "PKG-OTHER", Events.Rules, errors)!;

        Assert.NotEqual(V(Base).ContentHash, other.ContentHash);
    }

    [Fact]
    public void TheDerivedEventIdComesFromTheHash()
    {
        var validated = V(Base);

        Assert.Equal("auto-" + validated.ContentHash[..32], validated.EventId);
    }

    [Fact]
    public void TheDerivedEventIdFollowsTheEventIdRule()
        => Assert.True(Identifiers.IsValidEventId(V(Base).EventId));

    [Fact]
    public void TheSameContentDerivesTheSameEventIdWhateverTheSpelling()
    {
        var respelled = """{"timestamp":"2026-11-24T09:15:00+01:00","status":"delivered","metadata":{"weightKg":1.50,"signed":true,"carrier":"ups"},"location":{"lon":-122.250,"lat":47.50}}""";

        Assert.Equal(V(Base).EventId, V(respelled).EventId);
    }

    [Fact]
    public void DifferentContentDerivesADifferentEventId()
        => Assert.NotEqual(V(Base).EventId, V(Base.Replace("delivered", "failed", StringComparison.Ordinal)).EventId);
}
