using Xunit;

namespace Tracking.LambdaRuntime.Tests;

public sealed class LambdaContextTests
{
    [Fact]
    public void RemainingTimeIsTheDistanceFromNowToTheDeadline()
    {
        var context = new LambdaContext
        {
            RequestId = "req-1",
            DeadlineUnixMs = 1_700_000_030_250,
            Clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000)),
        };

        Assert.Equal(TimeSpan.FromMilliseconds(30_250), context.RemainingTime);
    }

    [Fact]
    public void RemainingTimeIsNegativeOnceTheDeadlineHasPassed()
    {
        var context = new LambdaContext
        {
            RequestId = "req-1",
            DeadlineUnixMs = 1_700_000_000_000,
            Clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_001_000)),
        };

        Assert.Equal(TimeSpan.FromSeconds(-1), context.RemainingTime);
    }
}
