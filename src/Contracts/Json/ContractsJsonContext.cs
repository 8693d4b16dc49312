using System.Text.Json.Serialization;
using Tracking.Contracts.Gateway;

namespace Tracking.Contracts.Json;

/// <summary>Every type the contracts read or write. Serialize only through this context: no reflection, AOT-safe.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(ApiGatewayProxyRequest))]
[JsonSerializable(typeof(ApiGatewayProxyResponse))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
