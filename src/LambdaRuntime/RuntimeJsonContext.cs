using System.Text.Json.Serialization;

namespace Tracking.LambdaRuntime;

/// <summary>Every type this project reads or writes as JSON. Serialize only through it: no reflection, AOT-safe.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RuntimeErrorReport))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
