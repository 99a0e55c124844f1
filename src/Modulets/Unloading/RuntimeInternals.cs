using System.Reflection;

namespace Modulets;

/// <summary>
/// Reads the fields of framework and library internals by reflection, for the holders of a version that no public API
/// reaches; a field that another version of the framework lacks reads as <see langword="null"/>, and is skipped.
/// </summary>
internal static class RuntimeInternals
{
    public const BindingFlags AnyField = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;

    public static object? Field(Type type, string name, object? instance) => type.GetField(name, AnyField)?.GetValue(instance);

    public static object? Field(object instance, string name) => Field(instance.GetType(), name, instance);
}
