using System.Text.Json;
using Tracking.LocalStack.Json;

namespace Tracking.LocalStack.Gateway;

/// <summary>src/Contracts/Definitions/api.json: which function owns which resource and method.</summary>
public sealed class ApiDefinition
{
    public Dictionary<string, FunctionSpec> Functions { get; set; } = [];
    public List<RouteSpec> Routes { get; set; } = [];
    public CatchAllSpec? CatchAll { get; set; }

    public static ApiDefinition Load(string path)
    {
        using var stream = File.OpenRead(path);
        var api = JsonSerializer.Deserialize(stream, LocalStackJsonContext.Default.ApiDefinition)
            ?? throw new InvalidDataException($"{path} is empty.");
        foreach (var route in api.Routes)
        {
            foreach (var function in route.Methods.Values.Append(route.FallbackFunction).OfType<string>())
            {
                if (!api.Functions.ContainsKey(function)) throw new InvalidDataException($"{path}: route {route.Resource} names unknown function '{function}'.");
            }
        }
        if (api.CatchAll is { } catchAll && !api.Functions.ContainsKey(catchAll.Function))
        {
            throw new InvalidDataException($"{path}: catchAll names unknown function '{catchAll.Function}'.");
        }
        return api;
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
