using System.Text;
using System.Text.Json;

namespace Tracking.LambdaRuntime.Tests.Fakes;

/// <summary>A POST the runtime made to the fake Runtime API (/response, /error or /init/error).</summary>
internal sealed record RecordedPost(string Path, string? ErrorTypeHeader, string? ContentType, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public JsonElement Json() => JsonDocument.Parse(Body).RootElement.Clone();
}
