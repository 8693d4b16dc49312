namespace Tracking.LambdaRuntime;

/// <summary>The runtime's own diagnostics, on stderr (Lambda sends it to CloudWatch Logs).</summary>
internal static class RuntimeLog
{
    public static void Failure(TextWriter log, string? requestId, string what, Exception error)
    {
        // Lambda turns every '\n' into a separate log event; '\r' keeps one failure in one event.
        var text = $"[ERROR] {requestId ?? "-"} {what}: {error}".Replace('\n', '\r');
        try
        {
            log.WriteLine(text);
        }
        catch (IOException)
        {
            // A closed stderr must not take the invocation loop down with it.
        }
    }

    public static void Message(TextWriter log, string text)
    {
        try
        {
            log.WriteLine(text);
        }
        catch (IOException)
        {
        }
    }
}
