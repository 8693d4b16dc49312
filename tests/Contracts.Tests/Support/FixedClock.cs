namespace Tracking.Contracts.Tests.Support;

/// <summary>A clock that always says the same time, so "5 minutes in the future" is exact.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
