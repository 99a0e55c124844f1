using System.Runtime.Loader;
using Microsoft.Extensions.DependencyInjection;

namespace Modulets;

/// <summary>Creates instances of a version's types, turning the runtime's terse failures into errors that say what to do.</summary>
internal static class ModuleTypeActivator
{
    public static Type GetType(LoadedVersion version, string typeName) =>
        version.FindType(typeName)
        ?? throw new TypeLoadException($"Type '{typeName}' was not found in {version.DescribeSearch()}.");

    /// <summary>Finds the version's one public class that implements <paramref name="contract"/> itself (found once per version).</summary>
    public static Type GetImplementation(LoadedVersion version, Type contract)
    {
        if (!contract.IsInterface || contract.ContainsGenericParameters)
        {
            throw new ArgumentException($"'{contract}' is not an interface (or a closed generic one): name the type to create instead (CreateInstance).", nameof(contract));
        }

        return version.GetImplementation(contract, FindImplementation);
    }

    /// <summary>The metadata names the classes that implement the contract's interface (for a generic one, any instantiation of it); the runtime then keeps those that implement the contract itself.</summary>
    private static Type FindImplementation(Type contract, LoadedVersion version) =>
        version.Snapshot.FindPublicClassesImplementing(contract)
            .Where(name => !contract.IsGenericType || contract.IsAssignableFrom(GetType(version, name)))
            .ToList() switch
        {
            [var only] => GetType(version, only),
            [] => throw new TypeLoadException($"No public class implements '{contract.FullName}' in {version.DescribeSearch()}."),
            var several => throw new TypeLoadException(
                $"{several.Count} public classes implement '{contract.FullName}' in version {version.Snapshot.ShortId} ({string.Join("; ", several)}): name the one to create."),
        };

    /// <summary>Creates an instance with the given arguments, resolving the other constructor parameters from the job's services (made only when a parameter needs them).</summary>
    public static object CreateInstance(LoadedVersion version, ModuletJob job, Type type, object?[] args)
    {
        try
        {
            // A type with nothing to inject is created directly: the runtime's cached default constructor is faster.
            return args.Length == 0 && type.GetConstructors() is [{ } only] && only.GetParameters().Length == 0
                ? Activator.CreateInstance(type)!
                : ActivatorUtilities.CreateInstance(job.Services, type, args!);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever the module's constructors do, the caller learns which type and version failed, and why.
            var failure = Exceptions.Unwrap(e);
            throw new ModuletException($"Creating '{type.FullName}' in version {version.Snapshot.ShortId} failed: {Exceptions.Describe(failure)}", failure);
        }
    }

    public static T Cast<T>(LoadedVersion version, Type type, object instance)
    {
        if (instance is T typed)
        {
            return typed;
        }

        var message = $"Type '{type.FullName}' of version {version.Snapshot.ShortId} is not a '{typeof(T).FullName}'.";
        var lookalike = type.GetInterfaces().Concat(BaseTypes(type))
            .FirstOrDefault(candidate => candidate.FullName == typeof(T).FullName);
        if (lookalike is not null)
        {
            var contract = lookalike.Assembly.GetName().Name;
            message +=
                $" It is a '{lookalike.FullName}' from load context '{AssemblyLoadContext.GetLoadContext(lookalike.Assembly)?.Name}', but the caller's comes from"
                + $" '{AssemblyLoadContext.GetLoadContext(typeof(T).Assembly)?.Name}': the assembly '{contract}' is isolated, so module and host each have their own copy."
                + $" Share the contract assembly: options.Isolation.Share(\"{contract}\").";
        }

        throw new InvalidCastException(message);
    }

    private static IEnumerable<Type> BaseTypes(Type type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            yield return current;
        }
    }
}
