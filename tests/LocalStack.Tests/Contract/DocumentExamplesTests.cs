using System.Text.Json;
using Tracking.LocalStack.Contract;
using Tracking.LocalStack.Gateway;

namespace Tracking.LocalStack.Tests.Contract;

/// <summary>Every example in openapi.json is there and validates against its own schema (JsonSchema.Net, 2020-12).</summary>
public sealed class DocumentExamplesTests
{
    private static readonly OpenApiDocument Document = ApiDefinition.LoadDefault().Document!;

    private static IEnumerable<(string Where, JsonElement Operation, JsonElement PathItem)> Operations()
    {
        foreach (var path in Document.Root.GetProperty("paths").EnumerateObject())
        {
            foreach (var (method, operation) in OpenApiDocument.Operations(path.Value)) yield return ($"{method} {path.Name}", operation, path.Value);
        }
    }

    /// <summary>(where, example value, schema) for every media-type example of a request or response.</summary>
    private static IEnumerable<(string Where, JsonElement Value, JsonElement Schema, int? Status)> MediaExamples()
    {
        foreach (var (where, operation, _) in Operations())
        {
            if (operation.TryGetProperty("requestBody", out var body))
            {
                foreach (var e in Examples(where + " request", Document.Resolve(body), null)) yield return e;
            }
            foreach (var response in operation.GetProperty("responses").EnumerateObject())
            {
                var status = int.Parse(response.Name, System.Globalization.CultureInfo.InvariantCulture);
                foreach (var e in Examples($"{where} {response.Name}", Document.Resolve(response.Value), status)) yield return e;
            }
        }
    }

    private static IEnumerable<(string, JsonElement, JsonElement, int?)> Examples(string where, JsonElement holder, int? status)
    {
        if (!holder.TryGetProperty("content", out var content)) yield break;
        foreach (var media in content.EnumerateObject())
        {
            var examples = media.Value.TryGetProperty("examples", out var map) ? map.EnumerateObject().ToList() : [];
            Assert.True(examples.Count > 0, $"{where} {media.Name} has no example");
            foreach (var example in examples) yield return ($"{where} {media.Name} '{example.Name}'", Document.Resolve(example.Value).GetProperty("value"), media.Value.GetProperty("schema"), status);
        }
    }

    [Fact]
    public void EveryRequestAndResponseExampleValidatesAgainstItsSchema()
    {
        var failures = MediaExamples().SelectMany(e => OpenApiDocument.Errors(Document.Schema(e.Schema), e.Value).Select(error => $"{e.Where}: {error}")).ToList();

        Assert.Empty(failures);
    }

    [Fact]
    public void EveryProblemExampleCarriesItsResponsesStatus()
    {
        var wrong = MediaExamples()
            .Where(e => e.Status is not null && e.Value.ValueKind == JsonValueKind.Object && e.Value.TryGetProperty("status", out var s) && e.Value.TryGetProperty("title", out _) && s.GetInt32() != e.Status)
            .Select(e => e.Where)
            .ToList();

        Assert.Empty(wrong);
    }

    [Fact]
    public void EveryParameterAndHeaderExampleValidatesAgainstItsSchema()
    {
        var components = Document.Root.GetProperty("components");
        var items = components.GetProperty("parameters").EnumerateObject().Concat(components.GetProperty("headers").EnumerateObject()).ToList();

        var failures = items.SelectMany(p =>
        {
            Assert.True(p.Value.TryGetProperty("example", out var example), $"{p.Name} has no example");
            return OpenApiDocument.Errors(Document.Schema(p.Value.GetProperty("schema")), example).Select(error => $"{p.Name}: {error}");
        }).ToList();

        Assert.Empty(failures);
    }

    [Fact]
    public void EverySchemaExampleValidatesAgainstItsSchema()
    {
        var failures = new List<string>();
        foreach (var schema in Document.Root.GetProperty("components").GetProperty("schemas").EnumerateObject())
        {
            if (!schema.Value.TryGetProperty("examples", out var examples)) continue;
            foreach (var example in examples.EnumerateArray())
            {
                failures.AddRange(OpenApiDocument.Errors(Document.ComponentSchema(schema.Name), example).Select(error => $"{schema.Name}: {error}"));
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void AnExampleThatBreaksItsSchemaIsCaught()
    {
        using var broken = JsonDocument.Parse("""{"trackingId":"PKG 1","eventId":"e","status":"lost","timestamp":"yesterday","eventType":"x","receivedAt":"2026-11-24T06:48:25Z","source":"a","extra":1}""");

        var errors = OpenApiDocument.Errors(Document.ComponentSchema("TrackingEvent"), broken.RootElement);

        Assert.True(errors.Count >= 4, string.Join('\n', errors));
    }

    [Fact]
    public void EveryOperationIsRoutedAndAnswersWithASuccessAndItsErrors()
    {
        foreach (var (where, operation, _) in Operations())
        {
            foreach (var extension in new[] { "operationId", "x-tracking-function", "x-tracking-permission", "summary" })
            {
                Assert.True(operation.TryGetProperty(extension, out _), $"{where} has no {extension}");
            }
            var statuses = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
            Assert.Contains(statuses, s => s.StartsWith('2'));
            Assert.Subset(statuses.ToHashSet(), new HashSet<string> { "400", "403", "429", "500", "502", "503", "504" });
        }
    }
}
