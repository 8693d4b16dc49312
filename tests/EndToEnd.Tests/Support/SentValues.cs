using System.Text.Json;

namespace Tracking.EndToEnd.Tests.Support;

/// <summary>
/// The personal-looking values the suite sent: every location coordinate and every string metadata value of every
/// request body, as written in the JSON. Collected by <see cref="LocalStackFixture.SendAsync"/>, so the log scan
/// covers what all the end-to-end tests sent, not only its own requests.
/// </summary>
public sealed class SentValues
{
    private readonly HashSet<string> _coordinates = new(StringComparer.Ordinal);
    private readonly HashSet<string> _metadata = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public IReadOnlyCollection<string> Coordinates { get { lock (_gate) return [.. _coordinates]; } }

    public IReadOnlyCollection<string> MetadataValues { get { lock (_gate) return [.. _metadata]; } }

    public void Record(string? json)
    {
        if (json is null) return;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return; // a malformed body on purpose: nothing was stored or could be logged as a value
        }
        using (document)
        {
            lock (_gate) Walk(document.RootElement, parent: null);
        }
    }

    private void Walk(JsonElement element, string? parent)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (parent == "location" && property.Value.ValueKind == JsonValueKind.Number) _coordinates.Add(property.Value.GetRawText());
                    else if (parent == "metadata" && property.Value.ValueKind == JsonValueKind.String) _metadata.Add(property.Value.GetString()!);
                    else Walk(property.Value, property.Name);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) Walk(item, parent);
                break;
        }
    }
}
