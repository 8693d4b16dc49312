namespace Tracking.LambdaRuntime.Tests.Fakes;

/// <summary>One invocation the fake Runtime API hands out on /next.</summary>
internal sealed record FakeInvocation(string RequestId, byte[] Event)
{
    public long DeadlineUnixMs { get; init; } = 1_700_000_060_000;
    public string? InvokedFunctionArn { get; init; }
    public string? TraceId { get; init; }
    public string? ClientContext { get; init; }
    public string? CognitoIdentity { get; init; }
}
