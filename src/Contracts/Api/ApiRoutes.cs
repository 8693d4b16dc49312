namespace Tracking.Contracts.Api;

/// <summary>
/// The v1 routes as the functions see them (API Gateway's "resource" templates). The constants and the table
/// (ApiRoutes.g.cs) are generated at build time from Definitions/openapi.json, the one copy that infra/,
/// tools/LocalStack and the docs read as well.
/// </summary>
public static partial class ApiRoutes
{
    /// <summary>The OpenAPI tag of the data-subject operations (export, erase, audit), served by their own handler classes.</summary>
    public const string DataSubjectRequestsTag = "Data subject requests";

    public static RouteDefinition? Find(string? resource)
    {
        foreach (var route in All)
        {
            if (string.Equals(route.Resource, resource, StringComparison.Ordinal)) return route;
        }
        return null;
    }
}

public sealed record RouteMethod(string Method, string Function, Permissions Requires);

public sealed record RouteDefinition(string Resource, RouteMethod[] Methods, string FallbackFunction)
{
    /// <summary>The Allow header value for a 405 on this resource.</summary>
    public string Allow { get; } = string.Join(", ", Methods.Select(m => m.Method));
}

/// <summary>
/// Marks a partial class whose <c>All</c> route list is generated from openapi.json: every operation whose
/// x-tracking-function is <paramref name="function"/>, bound to the method named after its operationId + "Async".
/// With <paramref name="tags"/>, only the operations whose first OpenAPI tag is one of them (a function's routes split
/// by concern); the function's untagged class then gets the operations no tagged class claims.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RouteHandlersAttribute(string function, params string[] tags) : Attribute
{
    public string Function { get; } = function;

    public IReadOnlyList<string> Tags { get; } = tags;
}
