using System.Text.Json.Serialization;

namespace Tracking.LambdaRuntime;

/// <summary>The error document Lambda expects on /error and /init/error.</summary>
public sealed record RuntimeErrorReport(string ErrorMessage, string ErrorType, IReadOnlyList<string> StackTrace)
{
    public static RuntimeErrorReport From(Exception error)
    {
        var lines = new List<string>();
        for (var current = error; current is not null; current = current.InnerException)
        {
            if (!ReferenceEquals(current, error))
            {
                lines.Add($"--- caused by {current.GetType().FullName}: {current.Message}");
            }

            AddStackLines(current.StackTrace, lines);
        }

        return new RuntimeErrorReport(error.Message, error.GetType().Name, lines);
    }

    private static void AddStackLines(string? stackTrace, List<string> lines)
    {
        if (stackTrace is null)
        {
            return;
        }

        foreach (var range in stackTrace.AsSpan().Split('\n'))
        {
            var line = stackTrace.AsSpan()[range].Trim();
            if (!line.IsEmpty)
            {
                lines.Add(line.ToString());
            }
        }
    }
}
