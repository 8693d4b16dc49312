
namespace Tracking.Contracts.Tests;

public class TimestampRuleTests
{
    private static DateTime Utc(int h, int m, int s, long ticks = 0)
        => new DateTime(2026, 11, 24, h, m, s, DateTimeKind.Utc).AddTicks(ticks);

    private static DateTime ValidatedTime(string timestamp)
    {
        var request = Events.Valid();
        request.Timestamp = timestamp;
        return Events.ValidOrThrow(request).Timestamp;
    }

    private static FieldError Rejected(string timestamp)
    {
        var request = Events.Valid();
        request.Timestamp = timestamp;
        return Events.SingleError(request);
    }

    [Fact]
    public void AUtcTimestampWithZIsAccepted() => Assert.Equal(Utc(8, 15, 0), ValidatedTime("2026-11-24T08:15:00Z"));

    [Fact]
    public void LowercaseTAndZAreAccepted() => Assert.Equal(Utc(8, 15, 0), ValidatedTime("2026-11-24t08:15:00z"));

    [Fact]
    public void APositiveOffsetIsConvertedToUtc() => Assert.Equal(Utc(8, 15, 0), ValidatedTime("2026-11-24T09:15:00+01:00"));

    [Fact]
    public void ANegativeOffsetWithMinutesIsConvertedToUtc() => Assert.Equal(Utc(8, 15, 0), ValidatedTime("2026-11-24T02:45:00-05:30"));

    [Fact]
    public void AnOffsetCanMoveTheDateAcrossMidnight()
        => Assert.Equal(new DateTime(2026, 11, 23, 23, 30, 0, DateTimeKind.Utc), ValidatedTime("2026-11-24T01:30:00+02:00"));

    [Fact]
    public void TheValidatedTimestampIsUtcKind() => Assert.Equal(DateTimeKind.Utc, ValidatedTime("2026-11-24T09:15:00+01:00").Kind);

    [Fact]
    public void AOneDigitFractionIsAccepted() => Assert.Equal(Utc(8, 15, 0, 1_000_000), ValidatedTime("2026-11-24T08:15:00.1Z"));

    [Fact]
    public void ASevenDigitFractionKeepsEveryTick() => Assert.Equal(Utc(8, 15, 0, 1_234_567), ValidatedTime("2026-11-24T08:15:00.1234567Z"));

    [Fact]
    public void FractionDigitsBeyondOneHundredNanosecondsAreTruncated()
        => Assert.Equal(Utc(8, 15, 0, 1_234_567), ValidatedTime("2026-11-24T08:15:00.123456789Z"));

    [Fact]
    public void TheTwentyNinthOfFebruaryIsAcceptedInALeapYear()
        => Assert.Equal(new DateTime(2024, 2, 29, 0, 0, 0, DateTimeKind.Utc), ValidatedTime("2024-02-29T00:00:00Z"));

    [Theory]
    [InlineData("2026-11-24T08:15:00")] // no offset
    [InlineData("2026-11-24 08:15:00Z")] // space separator
    [InlineData("2026-11-24")] // date only
    [InlineData("08:15:00Z")] // time only
    [InlineData("2026-02-30T00:00:00Z")] // no such day
    [InlineData("2025-02-29T00:00:00Z")] // not a leap year
    [InlineData("2026-04-31T00:00:00Z")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-00-10T00:00:00Z")]
    [InlineData("2026-11-00T00:00:00Z")]
    [InlineData("2026-11-24T24:00:00Z")]
    [InlineData("2026-11-24T08:60:00Z")]
    [InlineData("2026-11-24T08:15:61Z")]
    [InlineData("2026-11-24T08:15:00.Z")] // empty fraction
    [InlineData("2026-11-24T08:15:00,5Z")] // comma fraction
    [InlineData("2026-11-24T08:15:00+0100")] // offset without colon
    [InlineData("2026-11-24T08:15:00+01")] // offset without minutes
    [InlineData("2026-11-24T08:15:00+24:00")]
    [InlineData("2026-11-24T08:15:00+01:60")]
    [InlineData("2026-11-24T08:15:00Zjunk")]
    [InlineData("2026-11-24T08:15:00Z ")]
    [InlineData(" 2026-11-24T08:15:00Z")]
    [InlineData("26-11-24T08:15:00Z")]
    [InlineData("2026-1-24T08:15:00Z")]
    [InlineData("+2026-11-24T08:15:00Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00+01:00")] // before DateTime.MinValue in UTC
    [InlineData("1764000000")]
    [InlineData("")]
    public void ATimestampThatIsNotRfc3339WithAnOffsetIsRejectedWithTheRule(string timestamp)
    {
        var error = Rejected(timestamp);

        Assert.Equal(new FieldError("timestamp", Timestamps.Rule), error);
    }

    [Fact]
    public void ExactlyFiveMinutesInTheFutureIsAccepted()
        => Assert.Equal(Utc(12, 5, 0), ValidatedTime("2026-11-24T12:05:00Z"));

    [Fact]
    public void OneTickPastFiveMinutesInTheFutureIsRejected()
    {
        var error = Rejected("2026-11-24T12:05:00.0000001Z");

        Assert.Equal(new FieldError("timestamp", "must not be more than 5 minutes in the future"), error);
    }

    [Fact]
    public void TheFutureLimitComparesInUtcWhateverTheOffset()
    {
        // 13:06+01:00 is 12:06Z: six minutes after the clock's noon.
        var error = Rejected("2026-11-24T13:06:00+01:00");

        Assert.Equal("timestamp", error.Field);
        Assert.Contains("future", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALocalTimeThatLooksFutureButIsPastInUtcIsAccepted()
        => Assert.Equal(Utc(11, 0, 0), ValidatedTime("2026-11-24T06:00:00-05:00"));

    [Fact]
    public void TheFutureLimitFollowsTheInjectedClock()
    {
        var laterRules = EventRules.FromSetting(null, new FakeTimeProvider(Events.Now.AddHours(1)));
        var request = Events.Valid();
        request.Timestamp = "2026-11-24T12:30:00Z";

        var validated = Events.ValidOrThrow(request, laterRules);

        Assert.Equal(Utc(12, 30, 0), validated.Timestamp);
    }

    [Fact]
    public void AnOldTimestampIsAccepted()
        => Assert.Equal(new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc), ValidatedTime("2001-01-01T00:00:00Z"));
}
