using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Tracking.RouteGenerator;

namespace Tracking.Contracts.Tests.Generator;

/// <summary>The generator, run in-process on the repository's document and on broken variants of it.</summary>
public class RouteGeneratorTests
{
    private static readonly string Document = Support.Definitions.Load("openapi.json").RootElement.GetRawText();

    private sealed class Doc(string text) : AdditionalText
    {
        public override string Path => "/repo/src/Contracts/Definitions/openapi.json";
        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class ModelOptions : AnalyzerConfigOptionsProvider
    {
        private sealed class Options(bool model) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value)
            {
                value = model && key == "build_metadata.AdditionalFiles.TrackingEmit" ? "model" : "";
                return value.Length > 0;
            }
        }

        public override AnalyzerConfigOptions GlobalOptions => new Options(false);
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(false);
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(true);
    }

    private static (ImmutableArray<Diagnostic> Diagnostics, string[] Sources) Run(string document, string code = "namespace Probe;")
    {
        var compilation = CSharpCompilation.Create("Probe", [CSharpSyntaxTree.ParseText(code)],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)]);
        var driver = CSharpGeneratorDriver.Create([new RouteSourceGenerator().AsSourceGenerator()], [new Doc(document)], optionsProvider: new ModelOptions());
        var result = driver.RunGenerators(compilation).GetRunResult();
        return (result.Diagnostics, result.GeneratedTrees.Select(t => t.ToString()).ToArray());
    }

    private static string Edit(Action<JsonObject> change)
    {
        var node = JsonNode.Parse(Document)!.AsObject();
        change(node);
        return node.ToJsonString();
    }

    [Fact]
    public void TheRepositoryDocumentGeneratesTheTableWithoutDiagnostics()
    {
        var (diagnostics, sources) = Run(Document);

        Assert.Empty(diagnostics);
        Assert.Contains("public const string TrackingEvents = \"/v1/tracking/{trackingId}/events\";", Assert.Single(sources));
    }

    [Fact]
    public void AnOperationNamingAnUnknownFunctionFailsTheBuild()
    {
        var (diagnostics, sources) = Run(Edit(d => d["paths"]!["/v1/packages"]!["get"]!["x-tracking-function"] = "reporting"));

        Assert.Contains(diagnostics, d => d.Id == "TRK001" && d.Severity == DiagnosticSeverity.Error && d.GetMessage(null).Contains("'reporting'", StringComparison.Ordinal));
        Assert.Empty(sources);
    }

    [Fact]
    public void APermissionNoRoleGrantsFailsTheBuild()
    {
        var (diagnostics, _) = Run(Edit(d => d["paths"]!["/v1/events"]!["post"]!["x-tracking-permission"] = "erase"));

        Assert.Contains(diagnostics, d => d.Id == "TRK001" && d.GetMessage(null).Contains("'erase' is granted by no role", StringComparison.Ordinal));
    }

    [Fact]
    public void AnOperationWithoutAnOperationIdFailsTheBuild()
    {
        var (diagnostics, _) = Run(Edit(d => d["paths"]!["/v1/events"]!["post"]!.AsObject().Remove("operationId")));

        Assert.Contains(diagnostics, d => d.Id == "TRK001" && d.GetMessage(null).Contains("operationId", StringComparison.Ordinal));
    }

    [Fact]
    public void ANewRoleAndPermissionBecomeCode()
    {
        var (diagnostics, sources) = Run(Edit(d => d["x-tracking-roles"]!["auditor"] = new JsonArray("read", "inspect")));

        Assert.Empty(diagnostics);
        Assert.Contains("Inspect = 32,", sources[0]);
        Assert.Contains("Auditor => Permissions.Read | Permissions.Inspect,", sources[0]);
    }

    [Fact]
    public void ADocumentThatIsNotJsonFailsTheBuild()
        => Assert.Contains(Run("{\"paths\": ").Diagnostics, d => d.Id == "TRK001" && d.GetMessage(null).Contains("not valid JSON", StringComparison.Ordinal));

    [Fact]
    public void ATaggedHandlerClassGetsOnlyItsTagsOperationsAndTheUntaggedOneTheRest()
    {
        const string Code = """
            namespace Tracking.Contracts.Api
            {
                [System.AttributeUsage(System.AttributeTargets.Class)]
                public sealed class RouteHandlersAttribute(string function, params string[] tags) : System.Attribute;
            }
            namespace Probe
            {
                [Tracking.Contracts.Api.RouteHandlers("ingest")] public partial class Writes;
                [Tracking.Contracts.Api.RouteHandlers("ingest", "Data subject requests")] public partial class Subjects;
            }
            """;

        var sources = Run(Document, Code).Sources;

        var writes = Assert.Single(sources, s => s.Contains("partial class Writes", StringComparison.Ordinal));
        var subjects = Assert.Single(sources, s => s.Contains("partial class Subjects", StringComparison.Ordinal));
        Assert.Equal((true, false), (writes.Contains("PostEventAsync", StringComparison.Ordinal), writes.Contains("ErasePackageAsync", StringComparison.Ordinal)));
        Assert.Equal((false, true, true), (subjects.Contains("PostEventAsync", StringComparison.Ordinal), subjects.Contains("ErasePackageAsync", StringComparison.Ordinal), subjects.Contains("ExportPackageAsync", StringComparison.Ordinal)));
    }
}
