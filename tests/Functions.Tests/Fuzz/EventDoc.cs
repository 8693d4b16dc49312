namespace Tracking.Functions.Tests.Fuzz;

/// <summary>
/// A valid tracking update as an ordered tree of raw JSON texts, so a mutation can replace, drop, repeat or rename
/// any one member and the result is rendered exactly as written (duplicates and bad escapes included).
/// </summary>
internal sealed class EventDoc
{
    private readonly List<(string Key, object Value)> _members;

    private EventDoc(List<(string Key, object Value)> members) => _members = members;

    /// <summary>Every member path a mutation can target.</summary>
    public static readonly string[] Paths =
        ["status", "timestamp", "location", "location.lat", "location.lon", "eventType", "eventId", "metadata", "metadata.hub", "metadata.pieces", "trackingId"];

    public static EventDoc Valid(string trackingId, int n, bool withTrackingId) => new(
    [
        .. withTrackingId ? new List<(string, object)> { ("trackingId", $"\"{trackingId}\"") } : [],
        ("status", "\"in_transit\""),
        ("timestamp", $"\"2026-11-24T08:{n % 60:D2}:00Z\""),
        ("location", new EventDoc([("lat", "47.61"), ("lon", "-122.33")])),
        ("eventType", "\"status_update\""),
        ("eventId", $"\"scan-{n}\""),
        ("metadata", new EventDoc([("hub", "\"SEA\""), ("pieces", "3")])),
    ]);

    /// <summary>Replaces the value at a path (adding the member when absent).</summary>
    public EventDoc Replace(string path, string json) => Edit(path, (members, i, key) =>
    {
        if (i < 0) members.Add((key, json));
        else members[i] = (key, json);
    });

    public EventDoc Remove(string path) => Edit(path, (members, i, _) =>
    {
        if (i >= 0) members.RemoveAt(i);
    });

    /// <summary>Writes the member twice, the second time with another value.</summary>
    public EventDoc Repeat(string path, string json) => Edit(path, (members, i, key) => members.Insert(i < 0 ? members.Count : i + 1, (key, json)));

    /// <summary>Renames the member (the new name is raw JSON string content).</summary>
    public EventDoc Rename(string path, string name) => Edit(path, (members, i, _) =>
    {
        if (i >= 0) members[i] = (name, members[i].Value);
    });

    public string Render() => "{" + string.Join(",", _members.Select(m => $"\"{m.Key}\":{(m.Value is EventDoc d ? d.Render() : (string)m.Value)}")) + "}";

    private EventDoc Edit(string path, Action<List<(string Key, object Value)>, int, string> edit)
    {
        var copy = Clone();
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            edit(copy._members, copy._members.FindIndex(m => m.Key == path), path);
            return copy;
        }
        var parent = path[..dot];
        var index = copy._members.FindIndex(m => m.Key == parent);
        if (index < 0 || copy._members[index].Value is not EventDoc child) return copy;
        copy._members[index] = (parent, child.Edit(path[(dot + 1)..], edit));
        return copy;
    }

    private EventDoc Clone() => new([.. _members.Select(m => (m.Key, m.Value is EventDoc d ? (object)d.Clone() : m.Value))]);
}
