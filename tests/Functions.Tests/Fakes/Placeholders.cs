using System.Text.RegularExpressions;

namespace Tracking.Functions.Tests.Fakes;

/// <summary>DynamoDB rejects a request whose expressions use an undefined placeholder or define an unused one.</summary>
internal static partial class Placeholders
{
    [GeneratedRegex("#[A-Za-z0-9_]+")]
    private static partial Regex NamePattern();

    [GeneratedRegex(":[A-Za-z0-9_]+")]
    private static partial Regex ValuePattern();

    public static void AssertConsistent(IDictionary<string, string>? names, IDictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>? values, params string?[] expressions)
    {
        var text = string.Join(" ", expressions.Where(e => e is not null));
        var usedNames = NamePattern().Matches(text).Select(m => m.Value).ToHashSet();
        var usedValues = ValuePattern().Matches(text).Select(m => m.Value).ToHashSet();

        Assert.Equal(usedNames.Order(StringComparer.Ordinal), (names?.Keys ?? []).Order(StringComparer.Ordinal));
        Assert.Equal(usedValues.Order(StringComparer.Ordinal), (values?.Keys ?? []).Order(StringComparer.Ordinal));
    }
}
