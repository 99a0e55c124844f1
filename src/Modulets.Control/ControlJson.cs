using System.Text.Json;
using System.Text.Json.Serialization;

namespace Modulets.Control;

/// <summary>How the control API writes and reads JSON: camelCase names, enums by name, whatever the host configured for its own APIs.</summary>
public static class ControlJson
{
    /// <summary>Gets the serializer options of the control API (web defaults, enums as their names).</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
