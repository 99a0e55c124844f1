using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Modulets;

/// <summary>
/// Builds each version's own service provider: the host's logging and shared services, then what the module's
/// <see cref="IModuletStartup"/> adds. Every version has its own, even without a start-up: a provider caches each
/// service type it is asked for, module types included, so one shared by versions would keep them all alive.
/// </summary>
internal sealed class VersionServices(ILoggerFactory loggerFactory, IReadOnlyCollection<Type> sharedServices, IServiceProvider? hostServices, TimeSpan startupTimeout)
{
    /// <exception cref="ModuleLoadException">A shared service is missing, or the start-up type cannot be created, or it, or building the provider, throws, or the start-up does not finish within its time.</exception>
    /// <remarks>Without a start-up the provider holds only the host's services, and is built on first use (a job that asks for <see cref="ModuletJob.Services"/>): most versions never need it.</remarks>
    public Lazy<ServiceProvider> Build(LoadedVersion version)
    {
        var services = DescribeHostServices(version.Snapshot.Location);
        var startupName = FindStartupType(version.Snapshot);
        if (startupName is null)
        {
            return new Lazy<ServiceProvider>(() => BuildProvider(version, startupName, services), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        // Module code with a time limit: a start-up that hangs must not hold the manager's reads (and its disposal) for ever.
        var building = BackgroundWork.RunOnOwnThread(() => BuildProvider(version, startupName, services));
        if (Finishes(building, startupTimeout))
        {
            var provider = building.GetAwaiter().GetResult();
            return new Lazy<ServiceProvider>(provider);
        }

        _ = building.ContinueWith(EndLate, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        throw new ModuleLoadException(
            $"The start-up of version {version.Snapshot.ShortId} ({startupName}) did not finish within {startupTimeout} (StartupTimeout). It still runs, on a thread of its own, and keeps its load context until it returns.",
            version.Snapshot.Location,
            null);
    }

    /// <summary>Whenever a start-up that ran out of time ends: the provider it built is disposed, or its failure observed (the update was rejected already).</summary>
    private static void EndLate(Task<ServiceProvider> late)
    {
        if (late.IsCompletedSuccessfully)
        {
            late.Result.Dispose();
        }
        else
        {
            _ = late.Exception;
        }
    }

    private static bool Finishes(Task task, TimeSpan timeout)
    {
        try
        {
            return task.Wait(timeout);
        }
        catch (AggregateException)
        {
            return true;
        }
    }

    /// <exception cref="ModuleLoadException">The start-up, or building the provider, failed; the module's exception is described, never kept (its type would keep the rejected code loaded).</exception>
    private static ServiceProvider BuildProvider(LoadedVersion version, string? startupName, ServiceCollection services)
    {
        try
        {
            if (startupName is not null)
            {
                var startup = (IModuletStartup)Activator.CreateInstance(ModuleTypeActivator.GetType(version, startupName))!;
                startup.ConfigureServices(services);
            }

            return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        }
        catch (Exception e) when (e is not ModuleLoadException)
        {
            var failure = Exceptions.Unwrap(e);
            throw new ModuleLoadException(
                $"The start-up of version {version.Snapshot.ShortId} ({startupName}) failed: {failure.GetType().Name}: {failure.Message}{Environment.NewLine}{failure.StackTrace}",
                version.Snapshot.Location,
                null);
        }
    }

    /// <exception cref="ModuleLoadException">A shared service is not available from the host.</exception>
    private ServiceCollection DescribeHostServices(string location)
    {
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        foreach (var type in sharedServices)
        {
            // Registered as instances: a version's provider never disposes what belongs to the host.
            var instance = hostServices?.GetService(type)
                ?? throw new ModuleLoadException(
                    $"The shared service '{type}' is not available from the host's services ({(hostServices is null ? "none were given: set ModuletOptions.HostServices or use AddModulets" : "not registered")}).",
                    location,
                    null);
            services.AddSingleton(type, instance);
        }

        return services;
    }

    /// <summary>Finds the one type implementing <see cref="IModuletStartup"/> from metadata, so no assembly is loaded just to look.</summary>
    private static string? FindStartupType(ModuleSnapshot snapshot)
    {
        var found = snapshot.FindPublicClassesImplementing(typeof(IModuletStartup));
        return found.Count switch
        {
            0 => null,
            1 => found[0],
            _ => throw new ModuleLoadException($"Version {snapshot.ShortId} has {found.Count} start-up types ({string.Join("; ", found)}); a module has one.", snapshot.Location, null),
        };
    }
}
