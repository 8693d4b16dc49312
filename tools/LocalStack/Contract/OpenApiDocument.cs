using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Tracking.LocalStack.Contract;

/// <summary>
/// src/Contracts/Definitions/openapi.json as the local stack and the contract tests read it: operations by
/// resource and method, $ref resolution, and JSON Schema 2020-12 validators (JsonSchema.Net) for any schema in it.
/// </summary>
public sealed class OpenApiDocument
{
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private readonly JsonDocument _document;
    private readonly JsonObject _definitions;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);
    private int _schemaCount;

    private OpenApiDocument(JsonDocument document)
    {
        _document = document;
        var schemas = Root.GetProperty("components").GetProperty("schemas").GetRawText();
        _definitions = (JsonObject)JsonNode.Parse(LocalRefs(schemas))!;
    }

    public JsonElement Root => _document.RootElement;

    public static OpenApiDocument Load(string path)
    {
        try
        {
            return new OpenApiDocument(JsonDocument.Parse(File.ReadAllBytes(path)));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or IOException)
        {
            throw new InvalidDataException($"{path}: not a readable OpenAPI document ({e.Message}).", e);
        }
    }

    /// <summary>The operations of a path item, method in upper case, in document order.</summary>
    public static IEnumerable<(string Method, JsonElement Operation)> Operations(JsonElement pathItem)
    {
        foreach (var member in pathItem.EnumerateObject())
        {
            if (HttpMethods.Contains(member.Name, StringComparer.Ordinal)) yield return (member.Name.ToUpperInvariant(), member.Value);
        }
    }

    public JsonElement? PathItem(string resource)
        => Root.GetProperty("paths").TryGetProperty(resource, out var item) ? item : null;

    public JsonElement? Operation(string resource, string method)
        => PathItem(resource) is { } item && item.TryGetProperty(method.ToLowerInvariant(), out var op) ? op : null;

    /// <summary>Follows a "#/..." $ref (repeatedly); any other element is returned as it is.</summary>
    public JsonElement Resolve(JsonElement element)
    {
        while (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$ref", out var reference))
        {
            var target = Root;
            foreach (var part in reference.GetString()!.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                target = target.GetProperty(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
            }
            element = target;
        }
        return element;
    }

    /// <summary>A validator for a schema of this document (inline or a $ref), built once.</summary>
    public JsonSchema Schema(JsonElement schema) => _schemas.GetOrAdd(schema.GetRawText(), Build);

    public JsonSchema ComponentSchema(string name)
        => Schema(JsonDocument.Parse($$"""{"$ref":"#/components/schemas/{{name}}"}""").RootElement);

    /// <summary>Every error of an evaluation as "instance location: message".</summary>
    public static List<string> Errors(JsonSchema schema, JsonElement instance)
    {
        var results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) return [];
        var errors = new List<string>();
        foreach (var node in results.Details ?? [])
        {
            if (node.Errors is null) continue;
            foreach (var (_, message) in node.Errors) errors.Add($"{node.InstanceLocation}: {message}");
        }
        if (errors.Count == 0) errors.Add("does not match the schema");
        return errors;
    }

    private JsonSchema Build(string schemaText)
    {
        // Component $refs point into the OpenAPI document; the built schema carries the components as $defs.
        var node = JsonNode.Parse(LocalRefs(schemaText))!;
        var wrapper = node is JsonObject obj ? (JsonObject)obj.DeepClone() : new JsonObject { ["allOf"] = new JsonArray(node.DeepClone()) };
        wrapper["$defs"] = _definitions.DeepClone();
        var id = Interlocked.Increment(ref _schemaCount);
        using var json = JsonDocument.Parse(wrapper.ToJsonString());
        return JsonSchema.Build(json.RootElement.Clone(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"https://contract.tracking.local/schema/{id}"));
    }

    private static string LocalRefs(string json) => json.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
}
