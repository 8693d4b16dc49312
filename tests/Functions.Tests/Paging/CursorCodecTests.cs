using FsCheck;
using FsCheck.Fluent;
using Tracking.Functions.Paging;
using Tracking.Functions.Storage;

namespace Tracking.Functions.Tests;

public class CursorCodecTests
{
    private static readonly CursorCodec Codec = new(System.Text.Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef"));
    private static readonly string Query = CursorCodec.QueryIdentity("history", "PKG-1", "delivered", null);

    private static CursorPayload Payload() => new()
    {
        Q = Query,
        P = "2026-11-24T08:00:00.0000000Z#e-9",
    };

    private static string Flip(string text, int index)
        => string.Concat(text.AsSpan(0, index), text[index] == 'A' ? "B" : "A", text.AsSpan(index + 1));

    [Fact]
    public void ACursorDecodesToWhatWasEncoded()
    {
        var decoded = Codec.Decode(Codec.Encode(Payload()), Query)!;

        Assert.Equal(Payload().P, decoded.P);
    }

    [Fact]
    public void APositionComesBackOutOfTheCursorIssuedForIt()
    {
        var position = new PagePosition("s:2026-11-24T08:00:00.0000000Z#PKG-1");

        Assert.Equal(position, Codec.DecodePosition(Codec.Encode(Query, position), Query));
    }

    [Fact]
    public void ACursorWithoutAPositionHasNoPosition()
        => Assert.Null(Codec.DecodePosition(Codec.Encode(new CursorPayload { Q = Query }), Query));

    [Fact]
    public void ACursorIsUrlSafe()
        => Assert.Matches("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$", Codec.Encode(Payload()));

    [Fact]
    public void ATamperedPayloadIsRejected()
    {
        var cursor = Codec.Encode(Payload());

        Assert.Null(Codec.Decode(Flip(cursor, 5), Query));
    }

    [Fact]
    public void ATamperedMacIsRejected()
    {
        var cursor = Codec.Encode(Payload());

        Assert.Null(Codec.Decode(Flip(cursor, cursor.Length - 2), Query));
    }

    [Fact]
    public void AForgedPayloadWithAReusedMacIsRejected()
    {
        var cursor = Codec.Encode(Payload());
        var other = Payload();
        other.P = "2026-11-24T08:00:00.0000000Z#someone-else";
        var forged = Codec.Encode(other).Split('.')[0] + "." + cursor.Split('.')[1];

        Assert.Null(Codec.Decode(forged, Query));
    }

    [Fact]
    public void ACursorOfAnotherQueryIsRejected()
    {
        var cursor = Codec.Encode(Payload());

        Assert.Null(Codec.Decode(cursor, CursorCodec.QueryIdentity("history", "PKG-2", "delivered", null)));
    }

    [Fact]
    public void ACursorSignedWithAnotherKeyIsRejected()
    {
        var foreign = new CursorCodec(System.Text.Encoding.UTF8.GetBytes("another-key-another-key-another-key"));

        Assert.Null(Codec.Decode(foreign.Encode(Payload()), Query));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("abc")]
    [InlineData("abc.")]
    [InlineData(".abc")]
    [InlineData("!!!.###")]
    [InlineData("e30.AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("a.b.c")]
    public void GarbageIsRejected(string cursor) => Assert.Null(Codec.Decode(cursor, Query));

    [Fact]
    public void AnOverlongCursorIsRejected()
        => Assert.Null(Codec.Decode(new string('A', 5000) + ".AAAAAAAAAAAAAAAAAAAAAA", Query));

    [Fact]
    public void AnyStringDecodesToNullWithoutThrowing()
        => Prop.ForAll(ArbMap.Default.ArbFor<string>(), s => Codec.Decode(s ?? "", Query) is null).QuickCheckThrowOnFailure();

    [Fact]
    public void EveryOneCharacterChangeIsRejected()
    {
        var cursor = Codec.Encode(Payload());

        Assert.All(Enumerable.Range(0, cursor.Length).Where(i => cursor[i] != '.'), i => Assert.Null(Codec.Decode(Flip(cursor, i), Query)));
    }

    [Fact]
    public void TheQueryIdentityDependsOnEveryPart()
    {
        Assert.NotEqual(CursorCodec.QueryIdentity("a", "b"), CursorCodec.QueryIdentity("ab", ""));
        Assert.NotEqual(CursorCodec.QueryIdentity("a", null), CursorCodec.QueryIdentity("a", "x"));
    }
}
