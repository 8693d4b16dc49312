using System.Text.Json.Serialization;
using Tracking.Functions.Configuration;
using Tracking.Functions.Paging;

namespace Tracking.Functions;

/// <summary>Every type this project reads or writes itself (configuration and cursors).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, AllowDuplicateProperties = false)]
[JsonSerializable(typeof(Dictionary<string, ApiClientSetting>))]
[JsonSerializable(typeof(CursorPayload))]
public sealed partial class FunctionsJsonContext : JsonSerializerContext;
