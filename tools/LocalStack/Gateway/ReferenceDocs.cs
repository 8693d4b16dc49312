using Microsoft.AspNetCore.Http;

namespace Tracking.LocalStack.Gateway;

/// <summary>GET /docs: the static HTML reference rendered from openapi.json (Redoc, bundled inline). No key needed.</summary>
public static class ReferenceDocs
{
    public const string Hint = "The API reference is not built yet: run bash scripts/openapi.sh (bash scripts/local.sh does).\n";

    public static async Task ServeAsync(HttpContext context, string path)
    {
        var response = context.Response;
        response.Headers["x-content-type-options"] = "nosniff";
        if (!File.Exists(path))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync(Hint, context.RequestAborted);
            return;
        }
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        await response.SendFileAsync(path, context.RequestAborted);
    }
}
