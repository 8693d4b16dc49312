namespace Tracking.Contracts.Tests;

public class MetadataRuleTests
{
    private static TrackingEventRequest WithMetadata(string json)
    {
        var request = Events.Valid();
        request.Metadata = Events.Metadata(json);
        return request;
    }

    private static string Keys(int count)
        => "{" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"k{i}\":{i}")) + "}";

    [Fact]
    public void StringNumberAndBooleanValuesAreKeptWithTheirKind()
    {
        var validated = Events.ValidOrThrow(WithMetadata("""{"carrier":"ups","weightKg":2.5,"signed":true,"fragile":false}"""));

        var metadata = validated.Metadata!.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(MetadataValue.FromString("ups"), metadata["carrier"]);
        Assert.Equal(MetadataValue.FromNumber(2.5m), metadata["weightKg"]);
        Assert.Equal(MetadataValue.FromBoolean(true), metadata["signed"]);
        Assert.Equal(MetadataValue.FromBoolean(false), metadata["fragile"]);
    }

    [Fact]
    public void MetadataIsSortedByKeyOrdinal()
    {
        var validated = Events.ValidOrThrow(WithMetadata("""{"b":1,"a":2,"B":3}"""));

        Assert.Equal(["B", "a", "b"], validated.Metadata!.Select(p => p.Key));
    }

    [Theory]
    [InlineData("""{"dims":{"w":1}}""")]
    [InlineData("""{"dims":[1,2]}""")]
    [InlineData("""{"dims":null}""")]
    public void ANestedOrNullValueIsRejectedNamingTheKey(string json)
    {
        var error = Events.SingleError(WithMetadata(json));

        Assert.Equal(new FieldError("metadata.dims", "must be a string, number or boolean (metadata is flat)"), error);
    }

    [Fact]
    public void TwentyKeysAreAccepted() => Assert.Equal(20, Events.ValidOrThrow(WithMetadata(Keys(20))).Metadata!.Length);

    [Fact]
    public void TwentyOneKeysAreRejected()
        => Assert.Equal(new FieldError("metadata", "must have at most 20 keys"), Events.SingleError(WithMetadata(Keys(21))));

    [Fact]
    public void MetadataOfExactly2048BytesAsCompactJsonIsAccepted()
    {
        // {"k":"…"} is 8 bytes around the value.
        var json = $$"""{"k":"{{new string('x', 2040)}}"}""";

        Assert.NotNull(Events.ValidOrThrow(WithMetadata(json)).Metadata);
    }

    [Fact]
    public void MetadataOf2049BytesAsCompactJsonIsRejected()
    {
        var json = $$"""{"k":"{{new string('x', 2041)}}"}""";

        Assert.Equal(new FieldError("metadata", "must be at most 2048 bytes as JSON"), Events.SingleError(WithMetadata(json)));
    }

    [Fact]
    public void WhitespaceInTheRequestDoesNotCountTowardsTheSizeLimit()
    {
        var json = $$"""{     "k"   :   "{{new string('x', 2040)}}"     }""";

        Assert.NotNull(Events.ValidOrThrow(WithMetadata(json)).Metadata);
    }

    [Fact]
    public void AnEmptyKeyIsRejected()
        => Assert.Equal("metadata", Events.SingleError(WithMetadata("""{"":"x"}""")).Field);

    [Fact]
    public void AKeyOf64CharactersIsAccepted()
        => Assert.NotNull(Events.ValidOrThrow(WithMetadata($$"""{"{{new string('k', 64)}}":"x"}""")).Metadata);

    [Fact]
    public void AKeyOf65CharactersIsRejected()
        => Assert.Equal("metadata", Events.SingleError(WithMetadata($$"""{"{{new string('k', 65)}}":"x"}""")).Field);

    [Fact]
    public void AKeyWithAControlCharacterIsRejected()
        => Assert.Equal("metadata", Events.SingleError(WithMetadata("""{"a\u0001b":"x"}""")).Field);

    [Theory]
    [InlineData("1234567890123456789012345678")] // 28 significant digits
    [InlineData("79000000000000000000000000000")] // 7.9e28
    [InlineData("-79000000000000000000000000000")]
    [InlineData("0.0000000000000000000000000001")] // smallest decimal step
    [InlineData("1.5e3")]
    [InlineData("0")]
    public void ANumberThatFitsExactlyIsAccepted(string number)
        => Assert.NotNull(Events.ValidOrThrow(WithMetadata($$"""{"n":{{number}}}""")).Metadata);

    [Theory]
    [InlineData("1e29")] // too large
    [InlineData("123456789012345678901234567890123")]
    [InlineData("0.1234567890123456789012345678901")] // 31 significant digits would be rounded
    [InlineData("1e-30")] // would silently become 0
    [InlineData("12345678901234567890123456789.5")]
    public void ANumberThatWouldNotBeStoredExactlyIsRejected(string number)
    {
        var error = Events.SingleError(WithMetadata($$"""{"n":{{number}}}"""));

        Assert.Equal("metadata.n", error.Field);
        Assert.Contains("28 significant digits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryBadKeyIsReportedNotJustTheFirst()
    {
        var (_, errors) = Events.Validate(WithMetadata("""{"a":{},"b":[],"c":"ok"}"""));

        Assert.Equal(["metadata.a", "metadata.b"], errors.Select(e => e.Field));
    }
}
