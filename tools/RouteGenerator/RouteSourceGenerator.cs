using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Tracking.RouteGenerator;

/// <summary>
/// Reads openapi.json (an AdditionalFile) at build time. With item metadata TrackingEmit="model" it emits ApiRoutes,
/// Permissions and Roles; in any project, a partial class marked [RouteHandlers("fn")] gets the route table of
/// function fn, bound to handler methods by operationId. Zero reflection and zero parsing at run time.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class RouteSourceGenerator : IIncrementalGenerator
{
    private const string AttributeName = "Tracking.Contracts.Api.RouteHandlersAttribute";

    private static readonly DiagnosticDescriptor InvalidDocument = new(
        "TRK001", "The OpenAPI document's routing facts are not valid", "openapi.json: {0}", "Tracking", DiagnosticSeverity.Error, true);

    private static readonly DiagnosticDescriptor NoDocument = new(
        "TRK002", "No OpenAPI document", "[RouteHandlers] needs src/Contracts/Definitions/openapi.json as an AdditionalFile of this project", "Tracking", DiagnosticSeverity.Error, true);

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var documents = context.AdditionalTextsProvider
            .Where(static f => f.Path.EndsWith("openapi.json", System.StringComparison.OrdinalIgnoreCase))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, ct) =>
            {
                pair.Right.GetOptions(pair.Left).TryGetValue("build_metadata.AdditionalFiles.TrackingEmit", out var emit);
                return (Text: pair.Left.GetText(ct)?.ToString() ?? "", Model: emit == "model");
            })
            .Collect();

        context.RegisterSourceOutput(documents, static (spc, docs) =>
        {
            foreach (var doc in docs.Where(d => d.Model))
            {
                var api = Read(spc, doc.Text);
                if (api is not null) spc.AddSource("ApiRoutes.g.cs", SourceText.From(Emitter.Model(api), System.Text.Encoding.UTF8));
            }
        });

        var handlerClasses = context.SyntaxProvider.ForAttributeWithMetadataName(AttributeName,
            static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
            static (ctx, _) => (
                Namespace: ctx.TargetSymbol.ContainingNamespace.IsGlobalNamespace ? null : ctx.TargetSymbol.ContainingNamespace.ToDisplayString(),
                Name: ctx.TargetSymbol.Name,
                Function: ctx.Attributes[0].ConstructorArguments.FirstOrDefault().Value as string ?? ""));

        context.RegisterSourceOutput(handlerClasses.Combine(documents), static (spc, pair) =>
        {
            var (target, docs) = pair;
            if (docs.IsEmpty)
            {
                spc.ReportDiagnostic(Diagnostic.Create(NoDocument, Location.None));
                return;
            }
            var api = Read(spc, docs[0].Text);
            if (api is null) return;
            if (!api.Functions.Contains(target.Function))
            {
                spc.ReportDiagnostic(Diagnostic.Create(InvalidDocument, Location.None, $"[RouteHandlers(\"{target.Function}\")] on {target.Name}: x-tracking-functions has no such function"));
                return;
            }
            spc.AddSource($"{target.Name}.Routes.g.cs", SourceText.From(Emitter.Handlers(api, target.Function, target.Namespace, target.Name), System.Text.Encoding.UTF8));
        });
    }

    private static ApiModel? Read(SourceProductionContext spc, string text)
    {
        var errors = new List<string>();
        ApiModel? api = null;
        try
        {
            api = ApiModel.Read(text, errors);
        }
        catch (System.FormatException e)
        {
            errors.Add("not valid JSON: " + e.Message);
        }
        foreach (var error in errors) spc.ReportDiagnostic(Diagnostic.Create(InvalidDocument, Location.None, error));
        return errors.Count == 0 ? api : null;
    }
}
