using System.Globalization;

namespace Tracking.Contracts.Domain;

/// <summary>
/// RFC 3339 timestamps. Input must carry an offset; everything is stored and compared as UTC in one fixed-width
/// form (7 fraction digits) so that lexical order in DynamoDB sort keys is time order.
/// </summary>
public static class Timestamps
{
    public const string Rule = "must be an RFC 3339 date-time with an offset, e.g. 2026-11-24T08:15:00Z or 2026-11-24T09:15:00+01:00";
    private const string StorageFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    public const int StorageLength = 28;

    /// <summary>Strict parse: YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM). Fractions beyond 100 ns are truncated.</summary>
    public static bool TryParseRfc3339(ReadOnlySpan<char> s, out DateTime utc)
    {
        utc = default;
        if (s.Length < 20) return false;
        if (!TryDigits(s, 0, 4, out var year) || s[4] != '-' ||
            !TryDigits(s, 5, 2, out var month) || s[7] != '-' ||
            !TryDigits(s, 8, 2, out var day) || (s[10] != 'T' && s[10] != 't') ||
            !TryDigits(s, 11, 2, out var hour) || s[13] != ':' ||
            !TryDigits(s, 14, 2, out var minute) || s[16] != ':' ||
            !TryDigits(s, 17, 2, out var second))
        {
            return false;
        }

        var i = 19;
        long fractionTicks = 0;
        if (s[i] == '.')
        {
            i++;
            var start = i;
            var scale = TimeSpan.TicksPerSecond;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                if (scale > 1)
                {
                    scale /= 10;
                    fractionTicks += (s[i] - '0') * scale;
                }
                i++;
            }
            if (i == start) return false;
        }

        if (i >= s.Length) return false;
        TimeSpan offset;
        if (s[i] == 'Z' || s[i] == 'z')
        {
            offset = TimeSpan.Zero;
            i++;
        }
        else if (s[i] == '+' || s[i] == '-')
        {
            if (s.Length - i != 6 || !TryDigits(s, i + 1, 2, out var oh) || s[i + 3] != ':' || !TryDigits(s, i + 4, 2, out var om) || oh > 23 || om > 59)
            {
                return false;
            }
            offset = new TimeSpan(oh, om, 0);
            if (s[i] == '-') offset = -offset;
            i += 6;
        }
        else
        {
            return false;
        }

        if (i != s.Length) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
        var ticks = local.Ticks - offset.Ticks;
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks) return false;
        utc = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    /// <summary>Fixed-width UTC form used in storage and sort keys.</summary>
    public static string ToStorage(DateTime utc) => utc.ToString(StorageFormat, CultureInfo.InvariantCulture);

    public static bool TryParseStorage(string? value, out DateTime utc)
    {
        utc = default;
        return value is not null && DateTime.TryParseExact(value, StorageFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out utc);
    }

    /// <summary>What clients see: UTC with 'Z', fraction trimmed of trailing zeros (no precision is lost or invented).</summary>
    public static string ToApi(DateTime utc)
    {
        var fraction = utc.Ticks % TimeSpan.TicksPerSecond;
        if (fraction == 0) return utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture).TrimEnd('0');
        return text + "Z";
    }

    /// <summary>Storage form to API form; a stored value that does not parse is passed through unchanged.</summary>
    public static string StorageToApi(string stored) => TryParseStorage(stored, out var utc) ? ToApi(utc) : stored;

    private static bool TryDigits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length) return false;
        for (var i = start; i < start + count; i++)
        {
            var c = s[i];
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }
}
