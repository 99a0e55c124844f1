using System.Reflection;

namespace Modulets;

/// <summary>
/// Decides whether something belongs to a version: a type the version loaded, or one built from such a type (a
/// generic instantiation such as <c>List&lt;ModuleType&gt;</c> or <c>Func&lt;…ModuleType…&gt;</c>, an array, a
/// pointer), a member of such a type, a delegate to the version's code, or an object of such a type. The framework
/// files <c>List&lt;ModuleType&gt;</c> under its own assembly, so the assembly alone never decides: collectibility
/// does, and only a collectible type can belong to a version.
/// </summary>
/// <remarks>
/// Clean-ups and leak inspectors ask it about the keys and values of process-wide caches. An object of a framework
/// type (a cache key of a type and a name, say) belongs to the version when one of its own fields does.
/// </remarks>
public sealed class VersionMembership
{
    private const BindingFlags InstanceFields = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;

    private readonly HashSet<Assembly> _assemblies;
    private readonly Dictionary<Type, bool> _types = [];

    /// <summary>Creates the membership of the version that loaded <paramref name="assemblies"/>.</summary>
    /// <param name="assemblies">The assemblies of the version's load context.</param>
    /// <exception cref="ArgumentNullException"><paramref name="assemblies"/> is <see langword="null"/>.</exception>
    public VersionMembership(IEnumerable<Assembly> assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        _assemblies = [.. assemblies];
    }

    /// <summary>Gets the version's assemblies.</summary>
    public IReadOnlyCollection<Assembly> Assemblies => _assemblies;

    /// <summary>Tells whether a type is one of the version's, or is built from one of them.</summary>
    /// <param name="type">The type; <see langword="null"/> belongs to no version.</param>
    /// <returns><see langword="true"/> when the type would keep the version loaded.</returns>
    public bool Owns(Type? type)
    {
        if (type is null || !type.IsCollectible)
        {
            return false;
        }

        lock (_types)
        {
            if (_types.TryGetValue(type, out var owned))
            {
                return owned;
            }
        }

        var result = _assemblies.Contains(type.Assembly)
            || (type.HasElementType && Owns(type.GetElementType()))
            || (type.IsConstructedGenericType && type.GenericTypeArguments.Any(Owns))
            || (type.IsGenericParameter && (Owns(type.DeclaringType) || Owns(type.DeclaringMethod)));
        lock (_types)
        {
            _types[type] = result;
        }

        return result;
    }

    /// <summary>
    /// Tells whether an object belongs to the version: a type or member (<see cref="Owns(Type)"/> of its declaring
    /// type, or of a generic method's arguments), a delegate whose method or target does, an assembly or module of the
    /// version, an object of one of its types, or an object of another type one of whose fields does.
    /// </summary>
    /// <param name="item">What a cache holds; <see langword="null"/> belongs to no version.</param>
    /// <returns><see langword="true"/> when the object would keep the version loaded.</returns>
    public bool Owns(object? item) => Owns(item, depth: 1);

    private bool Owns(object? item, int depth) => item switch
    {
        null => false,
        Type type => Owns(type),
        Assembly assembly => _assemblies.Contains(assembly),
        Module module => _assemblies.Contains(module.Assembly),
        MethodBase { IsGenericMethod: true } method when method.GetGenericArguments().Any(Owns) => true,
        MemberInfo member => Owns(member.DeclaringType) || Owns(member.ReflectedType),
        ParameterInfo parameter => Owns(parameter.Member, depth),
        Delegate callback => callback.GetInvocationList().Any(handler => Owns(handler.Method, depth) || Owns(handler.Target, depth)),
        _ => Owns(item.GetType()) || (depth > 0 && FieldsOwned(item, depth - 1)),
    };

    /// <summary>Looks one level into an object of a framework type (a composite cache key, a cache entry) for what belongs to the version.</summary>
    private bool FieldsOwned(object item, int depth)
    {
        var type = item.GetType();
        if (type.IsPrimitive || type.IsEnum || item is string or Array)
        {
            return false;
        }

        foreach (var field in type.GetFields(InstanceFields))
        {
            if (!field.FieldType.IsPrimitive && !field.FieldType.IsEnum && field.FieldType != typeof(string) && Owns(field.GetValue(item), depth))
            {
                return true;
            }
        }

        return false;
    }
}
