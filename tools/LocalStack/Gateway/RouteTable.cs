namespace Tracking.LocalStack.Gateway;

/// <summary>The resource and function a request reaches. PathParameters is null when the resource has none.</summary>
public sealed record RouteMatch(string Resource, string Function, Dictionary<string, string>? PathParameters);

/// <summary>
/// Resolves a request path to an api.json resource the way API Gateway REST does: a literal segment beats a
/// {parameter} at the same depth, a greedy {proxy+} resource takes only what nothing else matches, and the
/// root path "/" has no method at all.
/// </summary>
public sealed class RouteTable
{
    private readonly List<Template> _templates;
    private readonly CatchAllSpec? _catchAll;

    public RouteTable(ApiDefinition api)
    {
        _templates = api.Routes.Select(r => new Template(r, Split(r.Resource))).ToList();
        _catchAll = api.CatchAll;
    }

    /// <summary>Null when no resource matches (API Gateway answers 403 Missing Authentication Token).</summary>
    /// <param name="rawPath">The path as sent (percent-encoded); segments are decoded after splitting, so %2F stays inside a segment.</param>
    public RouteMatch? Match(string method, string rawPath)
    {
        var segments = Split(rawPath);
        Template? best = null;
        foreach (var template in _templates)
        {
            if (template.Matches(segments) && (best is null || template.IsMoreSpecificThan(best))) best = template;
        }

        if (best is not null)
        {
            var function = best.Route.Methods.TryGetValue(method, out var owner) ? owner : best.Route.FallbackFunction;
            if (function is not null) return new RouteMatch(best.Route.Resource, function, best.Bind(segments));
        }

        if (_catchAll is null || segments.Length == 0) return null;
        var proxyName = _catchAll.Resource.Trim('/').TrimStart('{').TrimEnd('}').TrimEnd('+');
        var proxy = string.Join('/', segments.Select(Uri.UnescapeDataString));
        return new RouteMatch(_catchAll.Resource, _catchAll.Function, new Dictionary<string, string> { [proxyName] = proxy });
    }

    private static string[] Split(string path)
    {
        var trimmed = path.Trim('/');
        return trimmed.Length == 0 ? [] : trimmed.Split('/');
    }

    private static bool IsParameter(string segment) => segment.Length > 2 && segment[0] == '{' && segment[^1] == '}';

    private sealed class Template(RouteSpec route, string[] templateSegments)
    {
        public RouteSpec Route { get; } = route;

        private string[] Segments { get; } = templateSegments;

        public bool Matches(string[] path)
        {
            if (path.Length != Segments.Length) return false;
            for (var i = 0; i < path.Length; i++)
            {
                if (IsParameter(Segments[i]))
                {
                    if (path[i].Length == 0) return false;
                }
                else if (!string.Equals(Uri.UnescapeDataString(path[i]), Segments[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>The first segment where the two differ decides: a literal wins over a parameter.</summary>
        public bool IsMoreSpecificThan(Template other)
        {
            for (var i = 0; i < Segments.Length; i++)
            {
                var mine = IsParameter(Segments[i]);
                var theirs = IsParameter(other.Segments[i]);
                if (mine != theirs) return !mine;
            }
            return false;
        }

        public Dictionary<string, string>? Bind(string[] path)
        {
            Dictionary<string, string>? parameters = null;
            for (var i = 0; i < Segments.Length; i++)
            {
                if (!IsParameter(Segments[i])) continue;
                parameters ??= [];
                parameters[Segments[i][1..^1]] = Uri.UnescapeDataString(path[i]);
            }
            return parameters;
        }
    }
}
