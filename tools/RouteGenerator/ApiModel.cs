using System;
using System.Collections.Generic;
using System.Linq;

namespace Tracking.RouteGenerator;

internal sealed class OperationModel
{
    public string Method = "";
    public string Function = "";
    public string Permission = "";
    public string OperationId = "";

    /// <summary>The operation's first OpenAPI tag: what a tagged [RouteHandlers] class selects by.</summary>
    public string Tag = "";
}

internal sealed class RouteModel
{
    public string Name = "";
    public string Resource = "";
    public string FallbackFunction = "";
    public List<OperationModel> Operations = new();
}

/// <summary>The routing facts of openapi.json: x-tracking-* extensions, paths, methods and operation ids.</summary>
internal sealed class ApiModel
{
    private static readonly string[] HttpMethods = { "get", "put", "post", "delete", "options", "head", "patch", "trace" };

    public List<string> Functions = new();
    public List<KeyValuePair<string, List<string>>> Roles = new();
    public List<string> Permissions = new();
    public List<RouteModel> Routes = new();
    public string CatchAllResource = "";
    public string CatchAllFunction = "";

    /// <summary>Reads the document; every inconsistency is an error the build reports (no half-generated table).</summary>
    public static ApiModel Read(string json, List<string> errors)
    {
        var model = new ApiModel();
        var root = Obj(MiniJson.Parse(json), "the document", errors);
        model.Functions = Obj(Get(root, "x-tracking-functions"), "x-tracking-functions", errors).Select(f => f.Key).ToList();
        foreach (var role in Obj(Get(root, "x-tracking-roles"), "x-tracking-roles", errors))
        {
            var permissions = (role.Value as List<object?> ?? new List<object?>()).OfType<string>().ToList();
            if (permissions.Count == 0) errors.Add($"x-tracking-roles.{role.Key} must list at least one permission");
            model.Roles.Add(new KeyValuePair<string, List<string>>(role.Key, permissions));
            foreach (var p in permissions.Where(p => !model.Permissions.Contains(p))) model.Permissions.Add(p);
        }

        var catchAll = Obj(Get(root, "x-tracking-catch-all"), "x-tracking-catch-all", errors);
        model.CatchAllResource = Str(catchAll, "resource", "x-tracking-catch-all", errors);
        model.CatchAllFunction = model.Function(Str(catchAll, "function", "x-tracking-catch-all", errors), "x-tracking-catch-all", errors);

        foreach (var path in Obj(Get(root, "paths"), "paths", errors))
        {
            var item = Obj(path.Value, path.Key, errors);
            var route = new RouteModel
            {
                Resource = path.Key,
                Name = Str(item, "x-tracking-name", path.Key, errors),
                FallbackFunction = model.Function(Str(item, "x-tracking-fallback-function", path.Key, errors), path.Key, errors),
            };
            foreach (var member in item.Where(m => HttpMethods.Contains(m.Key)))
            {
                var where = member.Key.ToUpperInvariant() + " " + path.Key;
                var op = Obj(member.Value, where, errors);
                var permission = Str(op, "x-tracking-permission", where, errors);
                if (permission.Length > 0 && !model.Permissions.Contains(permission)) errors.Add($"{where}: x-tracking-permission '{permission}' is granted by no role in x-tracking-roles");
                route.Operations.Add(new OperationModel
                {
                    Method = member.Key.ToUpperInvariant(),
                    Function = model.Function(Str(op, "x-tracking-function", where, errors), where, errors),
                    Permission = permission,
                    OperationId = Str(op, "operationId", where, errors),
                    Tag = (Get(op, "tags") as List<object?>)?.OfType<string>().FirstOrDefault() ?? "",
                });
            }
            if (route.Operations.Count == 0) errors.Add($"{path.Key} has no operation");
            model.Routes.Add(route);
        }
        return model;
    }

    private string Function(string name, string where, List<string> errors)
    {
        if (name.Length > 0 && !Functions.Contains(name)) errors.Add($"{where} names function '{name}', which x-tracking-functions does not define");
        return name;
    }

    private static object? Get(List<KeyValuePair<string, object?>> obj, string name)
        => obj.FirstOrDefault(m => m.Key == name).Value;

    private static List<KeyValuePair<string, object?>> Obj(object? value, string where, List<string> errors)
    {
        if (value is List<KeyValuePair<string, object?>> obj) return obj;
        errors.Add($"{where} must be an object");
        return new List<KeyValuePair<string, object?>>();
    }

    private static string Str(List<KeyValuePair<string, object?>> obj, string name, string where, List<string> errors)
    {
        if (Get(obj, name) is string s && s.Length > 0) return s;
        errors.Add($"{where} needs a non-empty string '{name}'");
        return "";
    }

    private static readonly char[] WordSeparators = { '-', '_', ' ', '.' };

    public static string Pascal(string name)
    {
        var parts = name.Split(WordSeparators, StringSplitOptions.RemoveEmptyEntries);
        return string.Concat(parts.Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));
    }
}
