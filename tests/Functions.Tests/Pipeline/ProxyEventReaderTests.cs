using System.Text;
using System.Text.Json;
using Tracking.Functions.Http;

namespace Tracking.Functions.Tests.Pipeline;

public sealed class ProxyEventReaderTests
{
    private static readonly byte[] Event = Encoding.UTF8.GetBytes("""
        {"resource":"/v1/tracking/{trackingId}","path":"/v1/tracking/A","httpMethod":"GET",
         "headers":{"Accept":"*/*","IF-NONE-MATCH":"\"abc\"","Content-Type":"application/json","X-Forwarded-For":"1.2.3.4"},
         "multiValueHeaders":{"Accept":["*/*"]},
         "queryStringParameters":{"limit":"5"},"multiValueQueryStringParameters":{"limit":["5"]},
         "pathParameters":{"trackingId":"A"},"stageVariables":null,
         "requestContext":{"requestId":"r-1","path":"/prod/v1/tracking/A","stage":"prod","accountId":"1","identity":{"apiKeyId":"k-1","sourceIp":"1.2.3.4"}},
         "body":null,"isBase64Encoded":false}
        """);

    [Fact]
    public void OnlyTheHeadersARouteReadsAreKeptAndFoundWhateverTheirCase()
    {
        var request = ProxyEventReader.Read(Event)!;

        Assert.Equal(["content-type", "if-none-match"], request.Headers!.Keys.Order());
        Assert.Equal("\"abc\"", request.GetHeader("If-None-Match"));
        Assert.Equal("application/json", request.GetHeader("content-type"));
    }

    [Fact]
    public void MembersNoRouteReadsAreSkippedAndUsedOnesKept()
    {
        var request = ProxyEventReader.Read(Event)!;

        Assert.Null(request.MultiValueHeaders);
        Assert.Null(request.MultiValueQueryStringParameters);
        Assert.Null(request.RequestContext!.Stage);
        Assert.Equal(("r-1", "/prod/v1/tracking/A", "k-1"), (request.RequestContext.RequestId, request.RequestContext.Path, request.RequestContext.Identity!.ApiKeyId));
        Assert.Equal("5", request.GetQuery("limit"));
        Assert.Equal("A", request.GetPathParameter("trackingId"));
    }

    [Fact]
    public void AJsonNullIsNoEvent()
        => Assert.Null(ProxyEventReader.Read("null"u8));

    [Fact]
    public void AnEventWithoutOptionalMembersLeavesThemEmpty()
    {
        var request = ProxyEventReader.Read("""{"httpMethod":"GET","headers":null,"requestContext":{"identity":null},"isBase64Encoded":true}"""u8)!;

        Assert.Equal(("GET", null, null, true), (request.HttpMethod, request.Headers, request.RequestContext!.Identity, request.IsBase64Encoded));
    }

    [Fact]
    public void EscapedHeaderNamesAreStillRecognised()
        => Assert.Equal("text/plain", ProxyEventReader.Read("""{"headers":{"Content-\u0054ype":"text/plain"}}"""u8)!.GetHeader("content-type"));

    [Theory]
    [InlineData("""{"path":"/a","path":"/b"}""")]
    [InlineData("""{"requestContext":{"identity":{"apiKeyId":"a","apiKeyId":"b"}}}""")]
    [InlineData("""{"pathParameters":{"trackingId":"A","trackingId":"B"}}""")]
    public void ARepeatedMemberIsRefusedRatherThanOneSilentlyWinning(string json)
        => Assert.ThrowsAny<JsonException>(() => ProxyEventReader.Read(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("""{"httpMethod":1}""")]
    [InlineData("""{"isBase64Encoded":"false"}""")]
    [InlineData("""{"requestContext":"r-1"}""")]
    [InlineData("""{"queryStringParameters":{"limit":5}}""")]
    [InlineData("[]")]
    public void AMemberOfTheWrongTypeIsRefused(string json)
        => Assert.ThrowsAny<JsonException>(() => ProxyEventReader.Read(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("""{"path":"/a","multiValueHeaders":{"a":[1,}}""")]
    [InlineData("""{"path":"/a"} {}""")]
    [InlineData("{\"path\":\"/a")]
    [InlineData("")]
    public void MalformedJsonFailsEvenInMembersThatAreSkipped(string json)
        => Assert.ThrowsAny<JsonException>(() => ProxyEventReader.Read(Encoding.UTF8.GetBytes(json)));
}
