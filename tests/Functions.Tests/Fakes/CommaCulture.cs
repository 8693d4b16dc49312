using System.Globalization;

namespace Tracking.Functions.Tests.Fakes;

/// <summary>
/// Switches the current culture to one that writes 1.5 as "1,5" and -1 with a Unicode minus, for the scope of a test.
/// Built from the invariant culture so it works with InvariantGlobalization (no ICU needed).
/// </summary>
internal sealed class CommaCulture : IDisposable
{
    private readonly CultureInfo _previous = CultureInfo.CurrentCulture;

    public CommaCulture()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        culture.NumberFormat.NegativeSign = "\u2212";
        CultureInfo.CurrentCulture = culture;
    }

    public static bool IsActive => 1.5.ToString(CultureInfo.CurrentCulture) == "1,5";

    public void Dispose() => CultureInfo.CurrentCulture = _previous;
}
