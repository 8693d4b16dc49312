using System.Text.Json.Serialization;
using Tracking.Contracts.Gateway;
using Tracking.LocalStack.Dynamo;
using Tracking.LocalStack.Gateway;
using Tracking.LocalStack.Hosting;

namespace Tracking.LocalStack.Json;

/// <summary>
/// Every type the local stack reads or writes. Nulls are written: API Gateway sends
/// "queryStringParameters": null and so on, and the functions must cope with exactly that.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    PropertyNameCaseInsensitive = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    WriteIndented = false)]
[JsonSerializable(typeof(ApiGatewayProxyRequest))]
[JsonSerializable(typeof(ApiGatewayProxyResponse))]
[JsonSerializable(typeof(TableDefinition))]
[JsonSerializable(typeof(List<ApiClient>))]
[JsonSerializable(typeof(Dictionary<string, ApiClientIdentity>))]
[JsonSerializable(typeof(ReadyFile))]
public sealed partial class LocalStackJsonContext : JsonSerializerContext;
