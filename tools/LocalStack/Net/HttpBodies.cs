namespace Tracking.LocalStack.Net;

/// <summary>Request and response bodies of the local stack's HTTP servers (Runtime API and API gateway).</summary>
internal static class HttpBodies
{
    /// <summary>The whole body, or null when it is longer than the limit.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int limit)
    {
        if (request.ContentLength is { } declared)
        {
            if (declared > limit) return null;
            var exact = new byte[declared];
            await request.Body.ReadExactlyAsync(exact, request.HttpContext.RequestAborted);
            return exact;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    public static Task WriteJsonAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
