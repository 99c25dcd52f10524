using System.Text.Json;
using System.Text.Json.Serialization;

namespace Marketplace.Core.Domain;

/// <summary>
/// JSON for the domain enums: the snake_case words only (no numbers), and an error that lists the allowed
/// words, which the API returns as the field's validation message.
/// </summary>
public sealed class WireEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsEnum && typeToConvert.Namespace == typeof(Wire).Namespace;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(WireEnumConverter<>).MakeGenericType(typeToConvert))!;

    private sealed class WireEnumConverter<T> : JsonConverter<T> where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var word = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            return Wire.TryParse<T>(word, out var value)
                ? value
                : throw new JsonException($"Must be one of: {Wire.Words<T>()}.");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Wire.Name(value));
    }
}
