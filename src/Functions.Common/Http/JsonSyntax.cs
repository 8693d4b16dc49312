using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Tracking.Functions.Http;

/// <summary>A body rejected before its shape is read: why, and where (a dotted path such as "events[2].metadata").</summary>
public readonly record struct JsonSyntaxError(string Detail, string Field, string Reason);

/// <summary>
/// One forward pass over the body: is it well-formed I-JSON (RFC 7493), with no duplicate property names in any
/// object and no string that is not valid Unicode? Separating syntax from shape lets a client tell "you sent broken
/// JSON" from "this field is wrong". Duplicate names are rejected because two parsers could disagree on which one
/// wins (RFC 8259 §4); an escaped lone surrogate ("\ud800") is grammatical JSON but no text, and could never be
/// stored or echoed back, so it is rejected here, with its place, instead of surfacing later as an exception.
/// </summary>
public static class JsonSyntax
{
    private const int MaxDepth = 16;

    [ThreadStatic]
    private static JsonPathTracker? _threadPath;

    public static JsonSyntaxError? Check(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        // One tracker per thread, reused: every level is reset when it opens, so nothing of an earlier body is read.
        var path = _threadPath ??= new JsonPathTracker(MaxDepth + 1);
        try
        {
            while (reader.Read())
            {
                var depth = reader.CurrentDepth;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        if (!IsText(ref reader)) return NotUnicode(path.Describe(depth - 1), "a property name");
                        var name = reader.GetString()!;
                        if (!path.AddName(depth - 1, name)) return new($"the property '{name}' appears more than once in the same object", path.Describe(depth), "appears more than once in the same object");
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        path.Open(depth, reader.TokenType == JsonTokenType.StartArray);
                        break;
                    case JsonTokenType.String:
                        path.Element(depth);
                        if (!IsText(ref reader)) return NotUnicode(path.Describe(depth), "the string");
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray or JsonTokenType.Comment:
                        break;
                    default:
                        path.Element(depth);
                        break;
                }
            }
            return null;
        }
        catch (JsonException e)
        {
            // Where the reader got to (the last member it read) tells the client which part to look at.
            var at = path.Describe(reader.CurrentDepth);
            return new($"the body is not valid JSON at '{at}' (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}; at most {MaxDepth} levels of nesting)", at, "is not valid JSON");
        }
    }

    private static JsonSyntaxError NotUnicode(string field, string what)
        => new($"{what} at '{field}' is not valid Unicode text (a lone surrogate escape such as \\ud800, or bytes that are not UTF-8)", field,
            "is not valid Unicode text");

    /// <summary>Unescaped strings are checked as UTF-8 (vectorised, no allocation); escaped ones are decoded, which
    /// is where a lone surrogate escape shows up as InvalidOperationException.</summary>
    private static bool IsText(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped) return Utf8.IsValid(reader.ValueSpan);
        var rented = ArrayPool<char>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            reader.CopyString(rented);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>The current position as a path, kept cheaply: names and indexes are only joined when an error is reported.</summary>
    private sealed class JsonPathTracker(int levels)
    {
        private readonly bool[] _isArray = new bool[levels];
        private readonly int[] _index = new int[levels];
        private readonly string?[] _name = new string?[levels];
        // Property names seen per open object; objects in requests are small, a linear scan beats hashing.
        private readonly List<string>?[] _seen = new List<string>?[levels];

        public void Open(int depth, bool isArray)
        {
            Element(depth);
            _isArray[depth] = isArray;
            _index[depth] = -1;
            _name[depth] = null;
            if (!isArray) (_seen[depth] ??= new List<string>(8)).Clear();
        }

        /// <summary>A value at this depth: inside an array it moves the index on.</summary>
        public void Element(int depth)
        {
            if (depth > 0 && _isArray[depth - 1]) _index[depth - 1]++;
        }

        public bool AddName(int container, string name)
        {
            _name[container] = name;
            var seen = _seen[container]!;
            if (seen.Contains(name)) return false;
            seen.Add(name);
            return true;
        }

        /// <summary>The path of the value at <paramref name="depth"/>: "$" for the root, else "events[2].metadata.k".</summary>
        public string Describe(int depth)
        {
            if (depth <= 0) return "$";
            var text = new StringBuilder(32);
            for (var level = 0; level < depth; level++)
            {
                if (_isArray[level]) text.Append('[').Append(_index[level]).Append(']');
                else text.Append(text.Length == 0 ? "" : ".").Append(_name[level]);
            }
            return text.ToString();
        }
    }
}
