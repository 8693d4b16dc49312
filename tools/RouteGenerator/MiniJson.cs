using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Tracking.RouteGenerator;

/// <summary>
/// A small JSON reader for the generator: System.Text.Json is not available to a netstandard2.0 analyzer without
/// shipping it beside the generator. Objects keep their member order (the route table follows the document).
/// </summary>
internal sealed class MiniJson
{
    private readonly string _text;
    private int _pos;

    private MiniJson(string text) => _text = text;

    /// <summary>Objects become List&lt;KeyValuePair&lt;string, object?&gt;&gt;, arrays List&lt;object?&gt;, numbers double.</summary>
    public static object? Parse(string text)
    {
        var reader = new MiniJson(text);
        var value = reader.ReadValue();
        reader.SkipWhitespace();
        if (reader._pos != text.Length) throw reader.Error("unexpected text after the document");
        return value;
    }

    private object? ReadValue()
    {
        SkipWhitespace();
        if (_pos >= _text.Length) throw Error("unexpected end");
        switch (_text[_pos])
        {
            case '{': return ReadObject();
            case '[': return ReadArray();
            case '"': return ReadString();
            case 't': return ReadLiteral("true", true);
            case 'f': return ReadLiteral("false", false);
            case 'n': return ReadLiteral("null", null);
            default: return ReadNumber();
        }
    }

    private List<KeyValuePair<string, object?>> ReadObject()
    {
        var members = new List<KeyValuePair<string, object?>>();
        _pos++;
        SkipWhitespace();
        if (Peek() == '}') { _pos++; return members; }
        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"') throw Error("expected a property name");
            var name = ReadString();
            SkipWhitespace();
            Expect(':');
            members.Add(new KeyValuePair<string, object?>(name, ReadValue()));
            SkipWhitespace();
            if (Peek() == ',') { _pos++; continue; }
            Expect('}');
            return members;
        }
    }

    private List<object?> ReadArray()
    {
        var items = new List<object?>();
        _pos++;
        SkipWhitespace();
        if (Peek() == ']') { _pos++; return items; }
        while (true)
        {
            items.Add(ReadValue());
            SkipWhitespace();
            if (Peek() == ',') { _pos++; continue; }
            Expect(']');
            return items;
        }
    }

    private string ReadString()
    {
        _pos++;
        var sb = new StringBuilder();
        while (_pos < _text.Length)
        {
            var c = _text[_pos++];
            if (c == '"') return sb.ToString();
            if (c != '\\') { sb.Append(c); continue; }
            if (_pos >= _text.Length) break;
            var e = _text[_pos++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'u':
                    if (_pos + 4 > _text.Length) throw Error("bad \\u escape");
                    sb.Append((char)int.Parse(_text.Substring(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    _pos += 4;
                    break;
                default: sb.Append(e); break;
            }
        }
        throw Error("unterminated string");
    }

    private double ReadNumber()
    {
        var start = _pos;
        while (_pos < _text.Length && "+-0123456789.eE".IndexOf(_text[_pos]) >= 0) _pos++;
        if (start == _pos) throw Error("unexpected character '" + _text[start] + "'");
        return double.Parse(_text.Substring(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private object? ReadLiteral(string literal, object? value)
    {
        if (string.CompareOrdinal(_text, _pos, literal, 0, literal.Length) != 0) throw Error("unexpected literal");
        _pos += literal.Length;
        return value;
    }

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void Expect(char c)
    {
        if (Peek() != c) throw Error("expected '" + c + "'");
        _pos++;
    }

    private FormatException Error(string message) => new(message + " at character " + _pos.ToString(CultureInfo.InvariantCulture));
}
