using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tracking.Contracts.Tests.Support;

[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal sealed partial class MetadataJson : JsonSerializerContext;
