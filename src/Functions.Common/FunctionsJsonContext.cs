using System.Text.Json.Serialization;
using Tracking.Functions.Paging;

namespace Tracking.Functions;

/// <summary>Every type this project serializes itself (cursors). API_CLIENTS is read without it (ApiClientsJson).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, AllowDuplicateProperties = false)]
[JsonSerializable(typeof(CursorPayload))]
public sealed partial class FunctionsJsonContext : JsonSerializerContext;
