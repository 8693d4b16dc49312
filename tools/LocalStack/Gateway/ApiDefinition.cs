using System.Text.Json;
using Tracking.LocalStack.Contract;

namespace Tracking.LocalStack.Gateway;

/// <summary>
/// The routing facts of src/Contracts/Definitions/openapi.json: which function owns which resource and method
/// (x-tracking-function per operation, x-tracking-fallback-function per path, x-tracking-catch-all), and the
/// functions (x-tracking-functions). <see cref="Document"/> is the whole contract, for request validation.
/// </summary>
public sealed class ApiDefinition
{
    public Dictionary<string, FunctionSpec> Functions { get; set; } = [];
    public List<RouteSpec> Routes { get; set; } = [];
    public CatchAllSpec? CatchAll { get; set; }

    /// <summary>Null for a definition built by hand (tests of the routing alone).</summary>
    public OpenApiDocument? Document { get; init; }

    public static ApiDefinition Load(string path)
    {
        var document = OpenApiDocument.Load(path);
        var root = document.Root;
        var api = new ApiDefinition { Document = document };
        foreach (var f in root.GetProperty("x-tracking-functions").EnumerateObject())
        {
            api.Functions[f.Name] = new FunctionSpec
            {
                Project = f.Value.GetProperty("project").GetString(),
                Artifact = f.Value.GetProperty("artifact").GetString(),
                Description = f.Value.GetProperty("description").GetString(),
            };
        }
        foreach (var item in root.GetProperty("paths").EnumerateObject())
        {
            var route = new RouteSpec { Resource = item.Name, FallbackFunction = item.Value.GetProperty("x-tracking-fallback-function").GetString() };
            foreach (var (method, operation) in OpenApiDocument.Operations(item.Value))
            {
                route.Methods[method] = operation.GetProperty("x-tracking-function").GetString()!;
            }
            api.Routes.Add(route);
        }
        var catchAll = root.GetProperty("x-tracking-catch-all");
        api.CatchAll = new CatchAllSpec { Resource = catchAll.GetProperty("resource").GetString()!, Function = catchAll.GetProperty("function").GetString()! };
        api.Check(path);
        return api;
    }

    private void Check(string path)
    {
        foreach (var route in Routes)
        {
            foreach (var function in route.Methods.Values.Append(route.FallbackFunction).OfType<string>())
            {
                if (!Functions.ContainsKey(function)) throw new InvalidDataException($"{path}: route {route.Resource} names unknown function '{function}'.");
            }
        }
        if (CatchAll is { } catchAll && !Functions.ContainsKey(catchAll.Function))
        {
            throw new InvalidDataException($"{path}: x-tracking-catch-all names unknown function '{catchAll.Function}'.");
        }
    }

    public static ApiDefinition LoadDefault() => Load(DefinitionFiles.ApiPath);
}

public sealed class FunctionSpec
{
    public string? Project { get; set; }
    /// <summary>Folder name under artifacts/lambda/&lt;rid&gt;/ holding the function's bootstrap.</summary>
    public string? Artifact { get; set; }
    public string? Description { get; set; }
}

public sealed class RouteSpec
{
    public string Resource { get; set; } = "";
    public Dictionary<string, string> Methods { get; set; } = [];
    public string? FallbackFunction { get; set; }
}

public sealed class CatchAllSpec
{
    public string Resource { get; set; } = "/{proxy+}";
    public string Function { get; set; } = "";
}
