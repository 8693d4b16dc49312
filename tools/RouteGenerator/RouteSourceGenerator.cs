using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Tracking.RouteGenerator;

/// <summary>
/// Reads openapi.json (an AdditionalFile) at build time. With item metadata TrackingEmit="model" it emits ApiRoutes,
/// Permissions and Roles; in any project, a partial class marked [RouteHandlers("fn")] gets the route table of
/// function fn, bound to handler methods by operationId ([RouteHandlers("fn", "Tag")]: only the operations of that
/// OpenAPI tag, which the function's untagged class then leaves out). Zero reflection and zero parsing at run time.
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
                Function: ctx.Attributes[0].ConstructorArguments.FirstOrDefault().Value as string ?? "",
                Tags: string.Join("\n", ctx.Attributes[0].ConstructorArguments.Skip(1).SelectMany(a => a.Kind == TypedConstantKind.Array ? a.Values : ImmutableArray.Create(a)).Select(v => v.Value as string).Where(v => v is not null))));

        context.RegisterSourceOutput(handlerClasses.Collect().Combine(documents), static (spc, pair) =>
        {
            var (targets, docs) = pair;
            foreach (var target in targets) EmitHandlers(spc, target, targets, docs);
        });
    }

    private static readonly char[] TagSeparator = { '\n' };

    /// <summary>A tagged class handles its function's operations of those tags; an untagged one handles the rest.</summary>
    private static void EmitHandlers(SourceProductionContext spc, (string? Namespace, string Name, string Function, string Tags) target,
        ImmutableArray<(string? Namespace, string Name, string Function, string Tags)> all, ImmutableArray<(string Text, bool Model)> docs)
    {
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
        var own = target.Tags.Split(TagSeparator, System.StringSplitOptions.RemoveEmptyEntries);
        var claimed = all.Where(t => t.Function == target.Function).SelectMany(t => t.Tags.Split(TagSeparator, System.StringSplitOptions.RemoveEmptyEntries)).ToList();
        System.Func<OperationModel, bool> handles = own.Length > 0 ? o => own.Contains(o.Tag) : o => !claimed.Contains(o.Tag);
        spc.AddSource($"{target.Name}.Routes.g.cs", SourceText.From(Emitter.Handlers(api, target.Function, handles, target.Namespace, target.Name), System.Text.Encoding.UTF8));
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
