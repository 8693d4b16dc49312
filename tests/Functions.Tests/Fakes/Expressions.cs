using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace Tracking.Functions.Tests.Fakes;

/// <summary>
/// Just enough of DynamoDB's expression language for the expressions the functions send: conditions with
/// attribute_exists / attribute_not_exists, comparisons, AND, OR and parentheses; updates with SET (value, path or
/// if_not_exists), REMOVE and ADD. Placeholders are checked as DynamoDB checks them: undefined or unused ones are errors.
/// </summary>
internal sealed class Expressions(IReadOnlyDictionary<string, string>? names, IReadOnlyDictionary<string, AttributeValue>? values)
{
    private readonly HashSet<string> _usedNames = [];
    private readonly HashSet<string> _usedValues = [];

    public static void Validate(AmazonDynamoDbRequestView request)
    {
        var x = new Expressions(request.Names, request.Values);
        if (request.Condition is not null) x.Tokens(request.Condition);
        if (request.Update is not null) x.Tokens(request.Update);
        foreach (var t in x._tokens) x.Use(t);
        var definedNames = request.Names?.Keys ?? (IEnumerable<string>)[];
        var definedValues = request.Values?.Keys ?? (IEnumerable<string>)[];
        var unusedNames = definedNames.Except(x._usedNames).ToArray();
        var unusedValues = definedValues.Except(x._usedValues).ToArray();
        if (unusedNames.Length > 0 || unusedValues.Length > 0)
        {
            throw new Amazon.DynamoDBv2.AmazonDynamoDBException("ValidationException: unused placeholders " + string.Join(", ", unusedNames.Concat(unusedValues)));
        }
    }

    private readonly List<string> _tokens = [];

    private void Use(string token)
    {
        if (token.StartsWith('#'))
        {
            if (names is null || !names.ContainsKey(token)) throw new Amazon.DynamoDBv2.AmazonDynamoDBException("ValidationException: undefined name " + token);
            _usedNames.Add(token);
        }
        else if (token.StartsWith(':'))
        {
            if (values is null || !values.ContainsKey(token)) throw new Amazon.DynamoDBv2.AmazonDynamoDBException("ValidationException: undefined value " + token);
            _usedValues.Add(token);
        }
    }

    private List<string> Tokens(string expression)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '(' or ')' or ',' or '=') { tokens.Add(c.ToString()); i++; continue; }
            if (c is '<' or '>')
            {
                var op = i + 1 < expression.Length && expression[i + 1] is '=' or '>' ? expression.Substring(i, 2) : c.ToString();
                tokens.Add(op);
                i += op.Length;
                continue;
            }
            var start = i;
            while (i < expression.Length && (char.IsLetterOrDigit(expression[i]) || expression[i] is '_' or '#' or ':')) i++;
            if (i == start) throw new NotSupportedException($"fake DynamoDB cannot parse '{expression}' at {i}");
            tokens.Add(expression[start..i]);
        }
        _tokens.AddRange(tokens);
        return tokens;
    }

    private string Name(string token) => token.StartsWith('#') ? names![token] : token;

    private AttributeValue Value(string token) => values![token];

    // ---- conditions ----

    public bool Evaluate(string condition, Dictionary<string, AttributeValue>? item)
    {
        var tokens = Tokens(condition);
        var position = 0;
        var result = Or(tokens, ref position, item ?? []);
        if (position != tokens.Count) throw new NotSupportedException("trailing tokens in condition " + condition);
        return result;
    }

    private bool Or(List<string> t, ref int p, Dictionary<string, AttributeValue> item)
    {
        var result = And(t, ref p, item);
        while (p < t.Count && t[p] == "OR")
        {
            p++;
            result |= And(t, ref p, item);
        }
        return result;
    }

    private bool And(List<string> t, ref int p, Dictionary<string, AttributeValue> item)
    {
        var result = Unary(t, ref p, item);
        while (p < t.Count && t[p] == "AND")
        {
            p++;
            result &= Unary(t, ref p, item);
        }
        return result;
    }

    private bool Unary(List<string> t, ref int p, Dictionary<string, AttributeValue> item)
    {
        if (t[p] == "NOT")
        {
            p++;
            return !Unary(t, ref p, item);
        }
        if (t[p] == "(")
        {
            p++;
            var inner = Or(t, ref p, item);
            Expect(t, ref p, ")");
            return inner;
        }
        if (t[p] is "attribute_exists" or "attribute_not_exists")
        {
            var exists = t[p] == "attribute_exists";
            p++;
            Expect(t, ref p, "(");
            var present = item.ContainsKey(Name(t[p++]));
            Expect(t, ref p, ")");
            return exists == present;
        }
        var left = Operand(t[p++], item);
        var op = t[p++];
        var right = Operand(t[p++], item);
        if (left is null || right is null) return false;
        var cmp = Compare(left, right);
        return op switch
        {
            "=" => cmp == 0,
            "<>" => cmp != 0,
            "<" => cmp < 0,
            "<=" => cmp <= 0,
            ">" => cmp > 0,
            ">=" => cmp >= 0,
            _ => throw new NotSupportedException("operator " + op),
        };
    }

    private AttributeValue? Operand(string token, Dictionary<string, AttributeValue> item)
        => token.StartsWith(':') ? Value(token) : item.GetValueOrDefault(Name(token));

    private static int Compare(AttributeValue a, AttributeValue b)
    {
        if (a.S is not null && b.S is not null) return string.CompareOrdinal(a.S, b.S);
        if (a.N is not null && b.N is not null) return Number(a).CompareTo(Number(b));
        throw new Amazon.DynamoDBv2.AmazonDynamoDBException("ValidationException: comparing different types");
    }

    private static decimal Number(AttributeValue v) => decimal.Parse(v.N, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static void Expect(List<string> t, ref int p, string token)
    {
        if (t[p] != token) throw new NotSupportedException($"expected '{token}', found '{t[p]}'");
        p++;
    }

    // ---- updates ----

    public void Apply(string update, Dictionary<string, AttributeValue> item)
    {
        var t = Tokens(update);
        var p = 0;
        var clause = "";
        while (p < t.Count)
        {
            if (t[p] is "SET" or "REMOVE" or "ADD" or "DELETE")
            {
                clause = t[p++];
                continue;
            }
            if (t[p] == ",")
            {
                p++;
                continue;
            }
            var path = Name(t[p++]);
            switch (clause)
            {
                case "SET":
                    Expect(t, ref p, "=");
                    item[path] = SetValue(t, ref p, item);
                    break;
                case "REMOVE":
                    item.Remove(path);
                    break;
                case "ADD":
                    var add = Value(t[p++]);
                    item[path] = item.TryGetValue(path, out var current)
                        ? new AttributeValue { N = (Number(current) + Number(add)).ToString(CultureInfo.InvariantCulture) }
                        : add;
                    break;
                default:
                    throw new NotSupportedException($"clause '{clause}' in {update}");
            }
        }
    }

    private AttributeValue SetValue(List<string> t, ref int p, Dictionary<string, AttributeValue> item)
    {
        if (t[p] == "if_not_exists")
        {
            p++;
            Expect(t, ref p, "(");
            var path = Name(t[p++]);
            Expect(t, ref p, ",");
            var fallback = Value(t[p++]);
            Expect(t, ref p, ")");
            return item.TryGetValue(path, out var existing) ? existing : fallback;
        }
        var token = t[p++];
        return token.StartsWith(':') ? Value(token) : item[Name(token)];
    }
}

/// <summary>The expression parts of any request, for the placeholder check.</summary>
internal sealed record AmazonDynamoDbRequestView(string? Condition, string? Update, IReadOnlyDictionary<string, string>? Names, IReadOnlyDictionary<string, AttributeValue>? Values);
