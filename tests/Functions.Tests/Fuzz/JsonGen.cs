using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Tracking.Functions.Tests.Fuzz;

/// <summary>JSON text generators, written as text so they can say what serializers refuse to: duplicate keys,
/// lone surrogate escapes, NUL, numbers beyond double and decimal, nesting past any limit.</summary>
internal static class JsonGen
{
    /// <summary>Numbers at and just past every limit the API or DynamoDB has.</summary>
    public static readonly string[] ExtremeNumbers =
    [
        "0", "-0", "-0.0", "1", "-1", "0.1", "1E2", "1e+2", "90", "-90", "90.0000000001", "180", "-180.5", "47.61",
        "1e-130", "1e-131", "-1e-131", "9.99e125", "1e126", "5e-324", "1e-400", "1.7976931348623157e308", "1e309", "-1e400",
        "0.0000000000000000000000000001", "1e-29", "1234567890123456789012345678", "12345678901234567890123456789",
        "79228162514264337593543950335", "79228162514264337593543950336", "123456789012345678901234567890123456789",
        "0.12345678901234567890123456789012345678901", "2147483648", "-9223372036854775809", "100", "5", "101",
    ];

    /// <summary>String contents (already JSON-escaped) that have broken parsers: escapes, surrogates, controls.</summary>
    public static readonly string[] HostileStrings =
    [
        "", " ", "a", "\\u0000", "x\\u0000y", "\\ud800", "\\udc00", "\\ud800\\u0041", "a\\udbff", "\\udbff\\udfff", "\\ud83d\\ude00",
        "\\\"", "\\\\", "\\n", "\\t\\r", "\\u001f", "\\u007f", "\\u2028", "\\ufeff", "\\uffff", "é", "😀", "日本", "%00", "../..",
        "in_transit", "delivered", "DELIVERED", " pending", "status_update", "customs", "2026-11-24T08:15:00Z",
        "2026-11-24T08:15:00+14:00", "2026-11-24T08:15:00.123456789Z", "2026-02-30T00:00:00Z", "9999-12-31T23:59:59Z",
        "0001-01-01T00:00:00Z", "2026-11-24", "PKG-1", "scan-1", "auto-0", "null", "1e-131", "{}", "[]",
    ];

    public static Gen<string> Number =>
        Gen.Frequency(
            (3, Gen.Elements(ExtremeNumbers)),
            (1, ArbMap.Default.GeneratorFor<double>().Where(double.IsFinite).Select(d => d.ToString("R", CultureInfo.InvariantCulture))),
            (1, ArbMap.Default.GeneratorFor<long>().Select(l => l.ToString(CultureInfo.InvariantCulture))));

    public static Gen<string> StringContent =>
        Gen.Frequency(
            (3, Gen.Elements(HostileStrings)),
            (2, ArbMap.Default.GeneratorFor<string>().Where(s => s is not null).Select(s => Escape(s!))),
            (1, Gen.Choose(60, 1200).Select(n => new string('a', n))));

    public static Gen<string> String => StringContent.Select(s => "\"" + s + "\"");

    public static Gen<string> Scalar => Gen.OneOf(Number, String, Gen.Elements("true", "false", "null"));

    /// <summary>Any JSON value, nested up to <paramref name="depth"/> levels.</summary>
    public static Gen<string> Value(int depth)
        => depth <= 0
            ? Scalar
            : Gen.Frequency((6, Scalar), (1, Array(Value(depth - 1))), (1, Object(Value(depth - 1))));

    public static Gen<string> Array(Gen<string> element)
        => Gen.Choose(0, 4).SelectMany(n => element.ArrayOf(n)).Select(items => "[" + string.Join(",", items) + "]");

    public static Gen<string> Object(Gen<string> value)
        => Gen.Choose(0, 4).SelectMany(n => Gen.Zip(Key.ArrayOf(n), value.ArrayOf(n)))
            .Select(p => "{" + string.Join(",", p.Item1.Zip(p.Item2, (k, v) => $"\"{k}\":{v}")) + "}");

    /// <summary>Property names: the API's own (so random JSON reaches the validators), and hostile ones.</summary>
    public static Gen<string> Key =>
        Gen.Frequency(
            (3, Gen.Elements("status", "timestamp", "location", "lat", "lon", "eventType", "eventId", "metadata", "trackingId", "events")),
            (1, StringContent));

    /// <summary>Arrays or objects nested 10 to 40 deep: around and past the parser's depth limit.</summary>
    public static Gen<string> Deep
        => Gen.Zip(Gen.Choose(10, 40), Gen.Elements(true, false))
            .Select(p => p.Item2
                ? new string('[', p.Item1) + "1" + new string(']', p.Item1)
                : string.Concat(Enumerable.Repeat("{\"a\":", p.Item1)) + "1" + new string('}', p.Item1));

    /// <summary>Any .NET string as JSON string content; unpaired surrogates become escapes (API Gateway delivers valid text,
    /// so a client's lone surrogate can only arrive escaped).</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '"' or '\\') builder.Append('\\').Append(c);
            else if (c < ' ' || char.IsSurrogate(c)) builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else builder.Append(c);
        }
        return builder.ToString();
    }
}
