using System.Text.Json;

namespace Tracking.Functions.Http;

/// <summary>
/// One forward pass over the body: is it well-formed JSON, with no duplicate property names in any object?
/// Separating syntax from shape lets a client tell "you sent broken JSON" from "this field is wrong".
/// Duplicate names are rejected because two parsers could disagree on which one wins (RFC 8259 §4).
/// </summary>
public static class JsonSyntax
{
    private const int MaxDepth = 16;

    public static string? Check(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        // Property names seen per open object; objects in requests are small, a linear scan beats hashing.
        var names = new List<string>?[MaxDepth + 1];
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        (names[reader.CurrentDepth] ??= new List<string>(8)).Clear();
                        break;
                    case JsonTokenType.PropertyName:
                        var seen = names[reader.CurrentDepth - 1]!;
                        var name = reader.GetString()!;
                        if (seen.Contains(name)) return $"the property '{name}' appears more than once in the same object";
                        seen.Add(name);
                        break;
                }
            }
            return null;
        }
        catch (JsonException e)
        {
            return $"the body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})";
        }
    }
}
