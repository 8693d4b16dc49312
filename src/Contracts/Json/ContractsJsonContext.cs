using System.Text.Json.Serialization;
using Tracking.Contracts.Api;
using Tracking.Contracts.Gateway;

namespace Tracking.Contracts.Json;

/// <summary>Every type the contracts read or write. Serialize only through this context: no reflection, AOT-safe.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowDuplicateProperties = false,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ApiGatewayProxyRequest))]
[JsonSerializable(typeof(ApiGatewayProxyResponse))]
[JsonSerializable(typeof(TrackingEventRequest))]
[JsonSerializable(typeof(BatchRequest))]
[JsonSerializable(typeof(TrackingEventResponse))]
[JsonSerializable(typeof(PackageStateResponse))]
[JsonSerializable(typeof(EventPage))]
[JsonSerializable(typeof(PackagePage))]
[JsonSerializable(typeof(BatchResponse))]
[JsonSerializable(typeof(AcceptedEventResponse))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(Geo.LocationTrackFeature))]
[JsonSerializable(typeof(ExportDocument))]
[JsonSerializable(typeof(ErasureProgress))]
[JsonSerializable(typeof(AuditPage))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
