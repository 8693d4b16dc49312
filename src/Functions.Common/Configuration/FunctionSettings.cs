using System.Globalization;
using Tracking.Contracts.Validation;
using Tracking.LambdaRuntime;
using Env = Tracking.Contracts.Configuration.EnvironmentVariables;

namespace Tracking.Functions.Configuration;

/// <summary>Everything a function reads from its environment, validated once at init.</summary>
public sealed class FunctionSettings
{
    public const string DefaultRegion = "us-west-2";
    public const int MinimumCursorKeyLength = 32;

    public required string TableName { get; init; }
    public string? DynamoDbEndpoint { get; init; }
    public required string Region { get; init; }
    public required ApiClientRegistry Clients { get; init; }
    public required EventRules EventRules { get; init; }
    public required byte[] CursorKey { get; init; }
    public int RetentionDays { get; init; }
    public string MetricsNamespace { get; init; } = "PackageTracking";
    public string Stage { get; init; } = "dev";
    public string FunctionName { get; init; } = "";
    public int MemoryMb { get; init; } = 512;
    public required CostModel Prices { get; init; }
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>DynamoDB TTL value for an item written now, or null when data is kept forever.</summary>
    public long? ExpiresAt(DateTime now) => RetentionDays > 0 ? new DateTimeOffset(now).AddDays(RetentionDays).ToUnixTimeSeconds() : null;

    public static FunctionSettings FromEnvironment(Func<string, string?> env, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var table = env(Env.TableName);
        if (string.IsNullOrWhiteSpace(table)) throw new ConfigurationException("TABLE_NAME is required");

        var key = env(Env.CursorSigningKey);
        if (string.IsNullOrEmpty(key) || key.Length < MinimumCursorKeyLength)
        {
            throw new ConfigurationException($"CURSOR_SIGNING_KEY is required and must be at least {MinimumCursorKeyLength} characters");
        }

        EventRules rules;
        try
        {
            rules = EventRules.FromSetting(env(Env.EventTypes), clock);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException("EVENT_TYPES: " + e.Message);
        }

        return new FunctionSettings
        {
            TableName = table,
            DynamoDbEndpoint = NullIfBlank(env(Env.DynamoDbEndpoint)),
            Region = NullIfBlank(env(LambdaEnvironment.Region)) ?? NullIfBlank(env(LambdaEnvironment.DefaultRegion)) ?? DefaultRegion,
            Clients = ApiClientRegistry.Parse(env(Env.ApiClients)),
            EventRules = rules,
            CursorKey = System.Text.Encoding.UTF8.GetBytes(key),
            RetentionDays = Int(env, Env.RetentionDays, 0, 0, 36500),
            MetricsNamespace = NullIfBlank(env(Env.MetricsNamespace)) ?? "PackageTracking",
            Stage = NullIfBlank(env(Env.Stage)) ?? "dev",
            FunctionName = env(LambdaEnvironment.FunctionName) ?? "",
            MemoryMb = Int(env, LambdaEnvironment.FunctionMemorySize, 512, 128, 10240),
            Prices = CostModel.FromEnvironment(env),
            Clock = clock,
        };
    }

    internal static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static int Int(Func<string, string?> env, string name, int fallback, int min, int max)
    {
        var text = env(name);
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ConfigurationException($"{name} must be a whole number from {min} to {max}, not '{text}'");
        }
        return value;
    }
}
