using FsCheck;
using FsCheck.Fluent;

namespace Tracking.Contracts.Tests;

public class TimestampsTests
{
    private static readonly long MaxTicks = new DateTime(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc).Ticks;

    private static readonly long YearTwo = new DateTime(2, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    /// <summary>Any tick from year 1 to 9999, or from year 2 to 9998 when an offset will move it a day either way.</summary>
    private static Arbitrary<DateTime> UtcInstants(bool roomForOffsets = false)
    {
        var (min, max) = roomForOffsets ? (YearTwo, MaxTicks - YearTwo) : (0L, MaxTicks);
        return Gen.Choose(0, int.MaxValue).Two()
            .Select(t => new DateTime(min + (long)((((ulong)t.Item1 << 31) | (uint)t.Item2) % (ulong)(max - min)), DateTimeKind.Utc))
            .ToArbitrary();
    }

    [Fact]
    public void TheStorageFormIsFixedWidth()
        => Prop.ForAll(UtcInstants(), t => Timestamps.ToStorage(t).Length == Timestamps.StorageLength).QuickCheckThrowOnFailure();

    [Fact]
    public void TheStorageFormSortsAsTime()
        => Prop.ForAll(UtcInstants(), UtcInstants(), (a, b) =>
                Math.Sign(string.CompareOrdinal(Timestamps.ToStorage(a), Timestamps.ToStorage(b))) == Math.Sign(a.Ticks.CompareTo(b.Ticks)))
            .QuickCheckThrowOnFailure();

    [Fact]
    public void TheStorageFormRoundTripsEveryTick()
        => Prop.ForAll(UtcInstants(), t => Timestamps.TryParseStorage(Timestamps.ToStorage(t), out var back) && back == t && back.Kind == DateTimeKind.Utc)
            .QuickCheckThrowOnFailure();

    [Fact]
    public void TheApiFormParsesBackToTheSameInstant()
        => Prop.ForAll(UtcInstants(), t => Timestamps.TryParseRfc3339(Timestamps.ToApi(t), out var back) && back == t).QuickCheckThrowOnFailure();

    [Fact]
    public void StorageToApiEqualsToApi()
        => Prop.ForAll(UtcInstants(), t => Timestamps.StorageToApi(Timestamps.ToStorage(t)) == Timestamps.ToApi(t)).QuickCheckThrowOnFailure();

    [Fact]
    public void AnyOffsetSpellingOfAnInstantParsesToThatInstant()
    {
        var offsets = Gen.Choose(-23 * 60 - 59, 23 * 60 + 59).ToArbitrary();
        Prop.ForAll(UtcInstants(roomForOffsets: true), offsets, (t, minutes) =>
        {
            // RFC 3339 allows offsets up to ±23:59, beyond DateTimeOffset's ±14:00: spell it by hand.
            var local = t.AddMinutes(minutes);
            var sign = minutes < 0 ? '-' : '+';
            var text = local.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture)
                       + $"{sign}{Math.Abs(minutes) / 60:D2}:{Math.Abs(minutes) % 60:D2}";
            return Timestamps.TryParseRfc3339(text, out var back) && back == t;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TheApiFormTrimsTrailingFractionZeros()
        => Assert.Equal("2026-11-24T08:15:00.12Z", Timestamps.ToApi(new DateTime(2026, 11, 24, 8, 15, 0, DateTimeKind.Utc).AddTicks(1_200_000)));

    [Fact]
    public void TheApiFormOmitsAZeroFraction()
        => Assert.Equal("2026-11-24T08:15:00Z", Timestamps.ToApi(new DateTime(2026, 11, 24, 8, 15, 0, DateTimeKind.Utc)));

    [Fact]
    public void TheStorageFormHasSevenFractionDigitsAndZ()
        => Assert.Equal("2026-11-24T08:15:00.0000000Z", Timestamps.ToStorage(new DateTime(2026, 11, 24, 8, 15, 0, DateTimeKind.Utc)));

    [Fact]
    public void AMalformedStoredValueIsPassedThroughUnchanged()
        => Assert.Equal("not-a-time", Timestamps.StorageToApi("not-a-time"));
}
