using System.Reflection;
using global::Hangfire.Common;
using global::Hangfire.States;

namespace Hangfire;

/// <summary>
/// Enqueues jobs against contract types without Hangfire's expression compiler, so module code may call them.
/// Hangfire's expression cache and type caches are static and keyed by members: a job enqueued from module code with
/// <c>Enqueue(() => ...)</c> hands them the module's closure types, and pins the version forever. These methods build
/// the job from the contract's method and the arguments' values only, and refuse anything of a collectible (module) type.
/// </summary>
public static class ContractJobClientExtensions
{
    /// <summary>Enqueues a call of a contract method, to be performed by whichever server takes it, on its current version.</summary>
    /// <typeparam name="TContract">An interface or class of a shared (non-collectible) contract assembly.</typeparam>
    /// <param name="client">The Hangfire client.</param>
    /// <param name="methodName">The contract method, such as <c>nameof(IReportJob.RunAsync)</c>.</param>
    /// <param name="arguments">Its arguments, of types that are not the module's (a <see cref="CancellationToken"/> parameter takes <see cref="CancellationToken.None"/>: Hangfire passes the job's).</param>
    /// <returns>The job's id.</returns>
    /// <exception cref="ArgumentException">The contract, the method or an argument is a module's type, or no method matches.</exception>
    public static string EnqueueContract<TContract>(this IBackgroundJobClient client, string methodName, params object?[] arguments) =>
        client.CreateContract<TContract>(new EnqueuedState(), methodName, arguments);

    /// <summary>Schedules a call of a contract method after a delay; see <see cref="EnqueueContract"/>.</summary>
    /// <typeparam name="TContract">An interface or class of a shared (non-collectible) contract assembly.</typeparam>
    /// <param name="client">The Hangfire client.</param>
    /// <param name="delay">How long from now.</param>
    /// <param name="methodName">The contract method.</param>
    /// <param name="arguments">Its arguments, of types that are not the module's.</param>
    /// <returns>The job's id.</returns>
    /// <exception cref="ArgumentException">The contract, the method or an argument is a module's type, or no method matches.</exception>
    public static string ScheduleContract<TContract>(this IBackgroundJobClient client, TimeSpan delay, string methodName, params object?[] arguments) =>
        client.CreateContract<TContract>(new ScheduledState(delay), methodName, arguments);

    /// <summary>Creates a job calling a contract method in a state of your choosing (<c>new EnqueuedState("reports")</c> for a queue); see <see cref="EnqueueContract"/>.</summary>
    /// <typeparam name="TContract">An interface or class of a shared (non-collectible) contract assembly.</typeparam>
    /// <param name="client">The Hangfire client.</param>
    /// <param name="state">The job's first state.</param>
    /// <param name="methodName">The contract method.</param>
    /// <param name="arguments">Its arguments, of types that are not the module's.</param>
    /// <returns>The job's id.</returns>
    /// <exception cref="ArgumentException">The contract, the method or an argument is a module's type, or no method matches.</exception>
    public static string CreateContract<TContract>(this IBackgroundJobClient client, IState state, string methodName, params object?[] arguments)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(state);
        return client.Create(ContractJob<TContract>(methodName, arguments), state);
    }

    private static Job ContractJob<TContract>(string methodName, object?[] arguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(methodName);
        ArgumentNullException.ThrowIfNull(arguments);
        var contract = typeof(TContract);
        if (contract.Assembly.IsCollectible)
        {
            throw new ArgumentException($"{contract.FullName} is a module type: Hangfire would keep its version loaded forever. Enqueue against a contract type of a shared assembly.", nameof(TContract));
        }

        for (var i = 0; i < arguments.Length; i++)
        {
            if (arguments[i]?.GetType() is { } type && IsModuleType(type))
            {
                throw new ArgumentException($"Argument {i} of {contract.Name}.{methodName} is of the module type {type.FullName}: Hangfire's serializer would keep its version loaded forever. Pass contract types or plain data.", nameof(arguments));
            }
        }

        var candidates = contract.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Concat(contract.IsInterface ? contract.GetInterfaces().SelectMany(i => i.GetMethods()) : [])
            .Where(method => method.Name == methodName && Accepts(method, arguments))
            .ToList();
        return candidates switch
        {
            [var method] => new Job(contract, method, arguments),
            [] => throw new ArgumentException($"{contract.FullName} has no public method {methodName} that takes {arguments.Length} arguments of these types.", nameof(methodName)),
            _ => throw new ArgumentException($"{contract.FullName} has several methods {methodName} that take these arguments; pass arguments whose types tell them apart.", nameof(methodName)),
        };
    }

    private static bool Accepts(MethodInfo method, object?[] arguments)
    {
        var parameters = method.GetParameters();
        return !method.IsGenericMethodDefinition
            && parameters.Length == arguments.Length
            && parameters.Zip(arguments).All(pair => pair.Second is null
                ? !pair.First.ParameterType.IsValueType || Nullable.GetUnderlyingType(pair.First.ParameterType) is not null
                : pair.First.ParameterType.IsInstanceOfType(pair.Second));
    }

    private static bool IsModuleType(Type type) =>
        type.Assembly.IsCollectible || (type.IsGenericType && type.GetGenericArguments().Any(IsModuleType)) || (type.IsArray && IsModuleType(type.GetElementType()!));
}
