using System.Globalization;
using Env = Tracking.Contracts.Configuration.EnvironmentVariables;

namespace Tracking.Functions.Configuration;

/// <summary>
/// List prices (USD) for the per-request cost estimate. Defaults: us-west-2, Lambda arm64, DynamoDB on-demand,
/// API Gateway REST first tier. Overridable per stack, so finance can follow price changes without a release.
/// </summary>
public sealed record CostModel(
    decimal LambdaGbSecond,
    decimal LambdaRequest,
    decimal DynamoDbReadUnit,
    decimal DynamoDbWriteUnit,
    decimal ApiGatewayRequest)
{
    public static readonly CostModel Default = new(
        LambdaGbSecond: 0.0000133334m,
        LambdaRequest: 0.0000002m,
        DynamoDbReadUnit: 0.000000125m,
        DynamoDbWriteUnit: 0.000000625m,
        ApiGatewayRequest: 0.0000035m);

    /// <summary>Lambda bills duration rounded up to the millisecond.</summary>
    public decimal Estimate(double durationMs, int memoryMb, double readUnits, double writeUnits)
    {
        var billedMs = (decimal)Math.Ceiling(Math.Max(durationMs, 1));
        var gbSeconds = billedMs / 1000m * memoryMb / 1024m;
        return gbSeconds * LambdaGbSecond + LambdaRequest + ApiGatewayRequest
               + (decimal)readUnits * DynamoDbReadUnit + (decimal)writeUnits * DynamoDbWriteUnit;
    }

    public static CostModel FromEnvironment(Func<string, string?> env) => new(
        Price(env, Env.PriceLambdaGbSecond, Default.LambdaGbSecond),
        Price(env, Env.PriceLambdaRequest, Default.LambdaRequest),
        Price(env, Env.PriceDynamoDbReadUnit, Default.DynamoDbReadUnit),
        Price(env, Env.PriceDynamoDbWriteUnit, Default.DynamoDbWriteUnit),
        Price(env, Env.PriceApiGatewayRequest, Default.ApiGatewayRequest));

    private static decimal Price(Func<string, string?> env, string name, decimal fallback)
    {
        var text = env(name);
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            throw new ConfigurationException($"{name} must be a non-negative decimal number, not '{text}'");
        }
        return value;
    }
}
