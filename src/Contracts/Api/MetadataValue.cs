using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tracking.Contracts.Api;

/// <summary>A flat metadata value: string, number or boolean, written back exactly as that JSON kind.</summary>
[JsonConverter(typeof(MetadataValueConverter))]
public readonly record struct MetadataValue
{
    public MetadataKind Kind { get; }
    public string? Text { get; }
    public decimal Number { get; }
    public bool Boolean { get; }

    private MetadataValue(MetadataKind kind, string? text, decimal number, bool boolean)
    {
        Kind = kind;
        Text = text;
        Number = number;
        Boolean = boolean;
    }

    public static MetadataValue FromString(string value) => new(MetadataKind.String, value, 0, false);
    /// <summary>Normalized on the way in (1.50 becomes 1.5) so equal numbers hash, store and print alike.</summary>
    public static MetadataValue FromNumber(decimal value) => new(MetadataKind.Number, null, value / 1.000000000000000000000000000000000m, false);
    public static MetadataValue FromBoolean(bool value) => new(MetadataKind.Boolean, null, 0, value);

    /// <summary>Canonical number text: invariant culture, no exponent, no trailing zeros.</summary>
    public string NumberText => Number.ToString(CultureInfo.InvariantCulture);
}

public enum MetadataKind
{
    String,
    Number,
    Boolean,
}

public sealed class MetadataValueConverter : JsonConverter<MetadataValue>
{
    public override MetadataValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => reader.TokenType switch
        {
            JsonTokenType.String => MetadataValue.FromString(reader.GetString()!),
            JsonTokenType.Number => MetadataValue.FromNumber(reader.GetDecimal()),
            JsonTokenType.True => MetadataValue.FromBoolean(true),
            JsonTokenType.False => MetadataValue.FromBoolean(false),
            _ => throw new JsonException("metadata values must be strings, numbers or booleans"),
        };

    public override void Write(Utf8JsonWriter writer, MetadataValue value, JsonSerializerOptions options)
    {
        switch (value.Kind)
        {
            case MetadataKind.String:
                writer.WriteStringValue(value.Text);
                break;
            case MetadataKind.Number:
                writer.WriteNumberValue(value.Number);
                break;
            default:
                writer.WriteBooleanValue(value.Boolean);
                break;
        }
    }
}
