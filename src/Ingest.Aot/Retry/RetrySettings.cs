using System.Globalization;
using Tracking.Functions.Configuration;
using Env = Tracking.Contracts.Configuration.EnvironmentVariables;

namespace Tracking.Ingest.Retry;

/// <summary>The retry queue's settings, read at init from the environment (absent queue URL: the retry path is off).</summary>
public sealed class RetrySettings
{
    public string? QueueUrl { get; init; }
    public string? DeadLetterQueueUrl { get; init; }
    public string? SqsEndpoint { get; init; }

    /// <summary>The retry queue's maxReceiveCount: the receive after which SQS moves a message to the DLQ.</summary>
    public int MaxReceives { get; init; } = 5;

    /// <summary>Backoff after the first failed attempt, doubled per receive up to <see cref="BackoffMax"/>.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromMinutes(15);

    public bool Enabled => QueueUrl is not null;

    /// <summary>How long a message that failed its <paramref name="receiveCount"/>th attempt stays hidden.</summary>
    public TimeSpan BackoffAfter(int receiveCount)
    {
        var exponent = Math.Clamp(receiveCount - 1, 0, 20);
        var delay = BackoffBase * Math.Pow(2, exponent);
        return delay > BackoffMax ? BackoffMax : delay;
    }

    public static RetrySettings FromEnvironment(Func<string, string?> env) => new()
    {
        QueueUrl = Text(env(Env.RetryQueueUrl)),
        DeadLetterQueueUrl = Text(env(Env.DeadLetterQueueUrl)),
        SqsEndpoint = Text(env(Env.SqsEndpoint)),
        MaxReceives = Int(env, Env.RetryMaxReceives, 5, 1, 1000),
        BackoffBase = TimeSpan.FromSeconds(Int(env, Env.RetryBackoffSeconds, 20, 0, 900)),
    };

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static int Int(Func<string, string?> env, string name, int fallback, int min, int max)
    {
        var text = env(name);
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ConfigurationException($"{name} must be a whole number from {min} to {max}, not '{text}'");
    }
}
