using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tracking.Contracts.Geo;

/// <summary>A one-position list is written as a Point's single position, a longer list as a LineString's array.</summary>
public sealed class CoordinatesConverter : JsonConverter<List<double[]>>
{
    public override List<double[]> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var result = new List<double[]>();
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("coordinates must be an array");
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number)
        {
            result.Add(ReadPosition(ref reader, alreadyInside: true));
            return result;
        }
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            result.Add(ReadPosition(ref reader, alreadyInside: false));
            reader.Read();
        }
        return result;
    }

    private static double[] ReadPosition(ref Utf8JsonReader reader, bool alreadyInside)
    {
        if (!alreadyInside)
        {
            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("a position must be an array");
            reader.Read();
        }
        var values = new List<double>(2);
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(reader.GetDouble());
            reader.Read();
        }
        return [.. values];
    }

    public override void Write(Utf8JsonWriter writer, List<double[]> value, JsonSerializerOptions options)
    {
        if (value.Count == 1)
        {
            WritePosition(writer, value[0]);
            return;
        }
        writer.WriteStartArray();
        foreach (var position in value) WritePosition(writer, position);
        writer.WriteEndArray();
    }

    private static void WritePosition(Utf8JsonWriter writer, double[] position)
    {
        writer.WriteStartArray();
        foreach (var v in position) writer.WriteNumberValue(v);
        writer.WriteEndArray();
    }
}
