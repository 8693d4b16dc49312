using System.Text.Json;
using Tracking.LocalStack.Contract;
using Tracking.LocalStack.Gateway;

namespace Tracking.LocalStack.Tests.Contract;

/// <summary>The answers API Gateway gives itself (x-amazon-apigateway-gateway-responses) keep the problem+json contract.</summary>
public sealed class GatewayResponsesTests
{
    private static readonly OpenApiDocument Document = ApiDefinition.LoadDefault().Document!;
    private static readonly GatewayContract Gateway = new(Document);

    public static TheoryData<string> Types()
    {
        var types = new TheoryData<string>();
        foreach (var type in Document.Root.GetProperty("x-amazon-apigateway-gateway-responses").EnumerateObject()) types.Add(type.Name);
        return types;
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void EachRendersAProblemThatValidatesAgainstTheProblemSchema(string type)
    {
        var answer = Gateway.Response(type, 500, "a message with \"quotes\" and a \\ backslash", "req-1");

        using var body = JsonDocument.Parse(answer.Body);
        Assert.Empty(OpenApiDocument.Errors(Document.ComponentSchema("Problem"), body.RootElement));
        Assert.Equal("application/problem+json", answer.Headers["Content-Type"]);
        Assert.Equal("req-1", body.RootElement.GetProperty("requestId").GetString());
    }

    [Fact]
    public void ThrottlingAnswers429WithRetryAfter()
    {
        var answer = Gateway.Response("THROTTLED", 500, "Too Many Requests", "req-2");

        Assert.Equal((429, "1"), (answer.StatusCode, answer.Headers["Retry-After"]));
    }

    [Fact]
    public void ADefault5xxKeepsTheStatusOfTheFailure()
        => Assert.Equal(502, Gateway.Response(GatewayContract.Default5xx, 502, "Internal server error", "req-3").StatusCode);

    [Fact]
    public void TheMessageIsInsertedAsAJsonString()
    {
        var answer = Gateway.Response(GatewayContract.BadRequestParameters, 400, "Missing required request parameters: [status]", "req-4");

        using var body = JsonDocument.Parse(answer.Body);
        Assert.Equal("Missing required request parameters: [status]", body.RootElement.GetProperty("detail").GetString());
    }
}
