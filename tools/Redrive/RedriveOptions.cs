using System.Globalization;

namespace Tracking.Redrive;

public sealed class RedriveUsageException(string message) : Exception(message);

/// <summary>The command line. `--local` fills in the local stack's endpoint, queues and dummy credentials.</summary>
public sealed class RedriveOptions
{
    public const string Usage = """
        Usage: redrive [--local | --dlq-url <url> --target-url <url>] [options]
          Moves messages from the retry dead-letter queue back to the retry queue (after the cause is fixed).
          --dry-run               list the dead letters (id, sent time, receives, tracking/event id) and move nothing
          --local                 the local stack: http://127.0.0.1:9324, tracking-local-retry[-dlq], dummy credentials
          --endpoint <url>        SQS endpoint (default: the region's; --local sets the local one)
          --dlq-url <url>         queue to read from (e.g. the stack output deadLetterQueueUrl)
          --target-url <url>      queue to move to (e.g. the stack output retryQueueUrl)
          --region <name>         AWS region (default AWS_REGION, else us-west-2)
          --max <n>               move or list at most n messages (default: all)
        AWS credentials come from the usual chain (environment, profile, SSO); --local uses the local stack's.
        """;

    public bool DryRun { get; set; }
    public bool Local { get; set; }
    public string? Endpoint { get; set; }
    public string? DeadLetterQueueUrl { get; set; }
    public string? TargetQueueUrl { get; set; }
    public string Region { get; set; } = Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-west-2";
    public int Max { get; set; } = int.MaxValue;
    public bool Help { get; set; }

    public static RedriveOptions Parse(IReadOnlyList<string> args)
    {
        var options = new RedriveOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "-h" or "--help": options.Help = true; break;
                case "--dry-run": options.DryRun = true; break;
                case "--local": options.Local = true; break;
                case "--endpoint": options.Endpoint = Value(); break;
                case "--dlq-url": options.DeadLetterQueueUrl = Value(); break;
                case "--target-url": options.TargetQueueUrl = Value(); break;
                case "--region": options.Region = Value(); break;
                case "--max":
                    var max = Value();
                    options.Max = int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                        ? n : throw new RedriveUsageException($"--max expects a positive number, not '{max}'.");
                    break;
                default: throw new RedriveUsageException($"Unknown argument '{arg}'.");
            }

            string Value() => ++i < args.Count ? args[i] : throw new RedriveUsageException($"{arg} needs a value.");
        }
        if (options.Local)
        {
            options.Endpoint ??= "http://127.0.0.1:9324";
            options.DeadLetterQueueUrl ??= $"{options.Endpoint}/123456789012/tracking-local-retry-dlq";
            options.TargetQueueUrl ??= $"{options.Endpoint}/123456789012/tracking-local-retry";
        }
        if (!options.Help && (options.DeadLetterQueueUrl is null || options.TargetQueueUrl is null))
        {
            throw new RedriveUsageException("Give --local, or both --dlq-url and --target-url.");
        }
        return options;
    }
}
