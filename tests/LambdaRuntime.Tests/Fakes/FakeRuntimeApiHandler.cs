namespace Tracking.LambdaRuntime.Tests.Fakes;

/// <summary>Serves <see cref="FakeRuntimeApi"/> in-process, without sockets.</summary>
internal sealed class FakeRuntimeApiHandler(FakeRuntimeApi api) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var errorType = request.Headers.TryGetValues("Lambda-Runtime-Function-Error-Type", out var values) ? string.Join(",", values) : null;
        var contentType = request.Content?.Headers.ContentType?.ToString();

        var reply = await api.HandleAsync(request.Method.Method, request.RequestUri!.AbsolutePath, errorType, contentType, body, cancellationToken);

        var response = new HttpResponseMessage(reply.Status) { Content = new ByteArrayContent(reply.Body), RequestMessage = request };
        foreach (var (name, value) in reply.Headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}
