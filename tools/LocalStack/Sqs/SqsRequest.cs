using System.Text.Json;

namespace Tracking.LocalStack.Sqs;

/// <summary>Typed reads of one JSON-protocol request body, with SQS's errors for a missing or mistyped member.</summary>
public readonly struct SqsRequest(JsonElement root)
{
    public JsonElement Root { get; } = root;

    public string? String(string name)
        => Root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw Mistyped(name, "a string")
            : null;

    public string RequiredString(string name) => String(name) ?? throw SqsException.MissingParameter(name);

    public int? Int(string name, int min, int max)
    {
        if (!Root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var n)) throw Mistyped(name, "an integer");
        return n >= min && n <= max
            ? n
            : throw SqsException.InvalidParameter($"Value {n} for parameter {name} is invalid. Reason: must be between {min} and {max}.");
    }

    public IReadOnlyList<string> Strings(string name)
    {
        if (!Root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return [];
        if (value.ValueKind != JsonValueKind.Array) throw Mistyped(name, "a list of strings");
        return [.. value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Mistyped(name, "a list of strings"))];
    }

    public IReadOnlyDictionary<string, string> Map(string name)
    {
        if (!Root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return new Dictionary<string, string>();
        if (value.ValueKind != JsonValueKind.Object) throw Mistyped(name, "a map of strings");
        return value.EnumerateObject().ToDictionary(p => p.Name,
            p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw Mistyped(name, "a map of strings"), StringComparer.Ordinal);
    }

    /// <summary>The entries of a batch request: 1 to 10, ids distinct and well formed.</summary>
    public IReadOnlyList<SqsRequest> Entries()
    {
        if (!Root.TryGetProperty("Entries", out var value) || value.ValueKind == JsonValueKind.Null) throw SqsException.MissingParameter("Entries");
        if (value.ValueKind != JsonValueKind.Array) throw Mistyped("Entries", "a list");
        var entries = value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Object ? new SqsRequest(e) : throw Mistyped("Entries", "a list of objects")).ToList();
        if (entries.Count == 0) throw SqsException.EmptyBatch();
        if (entries.Count > 10) throw SqsException.TooManyEntries();
        var ids = entries.Select(e => e.RequiredString("Id")).ToList();
        if (ids.Any(id => id.Length is 0 or > 80 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))) throw SqsException.InvalidBatchEntryId();
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count) throw SqsException.BatchIdsNotDistinct();
        return entries;
    }

    private static SqsException Mistyped(string name, string expected)
        => SqsException.MalformedBody($"{name} must be {expected}.");
}
