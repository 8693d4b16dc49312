using System.Text;
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
}
