using Microsoft.Extensions.DependencyInjection;
using Modulets;
using Modulets.Hangfire;

namespace Hangfire;

/// <summary>Runs Hangfire jobs on Modulets code.</summary>
public static class ModuletsHangfireExtensions
{
    /// <summary>
    /// Makes every Hangfire server of this configuration perform contract jobs on <paramref name="manager"/>'s current
    /// version: the job type (an interface or abstract class of a shared contract assembly) is resolved from the
    /// version's services, inside a <see cref="ModuletJob"/> that holds the version until the job method returns. Jobs
    /// enqueued through this configuration are stamped with the enqueuer's version (<see cref="ModuletsJobParameters.EnqueuedBy"/>),
    /// and no server runs one on an older version. Hangfire's dashboard gains a Modulets page (the manager's versions,
    /// and the versions each server's jobs ran on), and each job's page shows its versions.
    /// </summary>
    /// <param name="configuration">Hangfire's configuration.</param>
    /// <param name="manager">The manager whose versions the jobs run on.</param>
    /// <param name="configure">Which job types are Modulets jobs, and how long a job waits for a version that implements its contract.</param>
    /// <returns>The configuration, for chaining.</returns>
    public static IGlobalConfiguration UseModulets(this IGlobalConfiguration configuration, ModuletManager manager, Action<ModuletsHangfireOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(manager);
        AddFiltersOnce();
        var options = Options(configure);
        EnqueuerVersionFilter.Instance.Use(manager, options);
        ModuletsDashboard.Show(configuration, manager);
        return configuration.UseActivator(new ModuletsJobActivator(manager, JobActivator.Current, options));
    }

    /// <summary>Does what <see cref="UseModulets(IGlobalConfiguration, ModuletManager, Action{ModuletsHangfireOptions})"/> does, with the manager <c>AddModulets</c> registered under <paramref name="name"/>.</summary>
    /// <param name="configuration">Hangfire's configuration.</param>
    /// <param name="services">The host's services (from <c>AddHangfire((services, configuration) => ...)</c>).</param>
    /// <param name="name">The manager's name; <c>default</c> when omitted.</param>
    /// <param name="configure">Which job types are Modulets jobs, and how long a job waits for a version that implements its contract.</param>
    /// <returns>The configuration, for chaining.</returns>
    public static IGlobalConfiguration UseModulets(this IGlobalConfiguration configuration, IServiceProvider services, string name = ModuletManagerRegistry.DefaultName, Action<ModuletsHangfireOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        return configuration.UseModulets(services.GetRequiredKeyedService<ModuletManager>(name), configure);
    }

    /// <summary>
    /// Makes one Hangfire server perform contract jobs on <paramref name="manager"/>'s current version, for hosts with
    /// several servers on several managers (<c>AddHangfireServer((services, options) => options.UseModulets(...))</c>).
    /// </summary>
    /// <param name="options">The server's options; its <see cref="BackgroundJobServerOptions.Activator"/> (or Hangfire's current one) still activates the other jobs.</param>
    /// <param name="manager">The manager whose versions the jobs run on.</param>
    /// <param name="configure">Which job types are Modulets jobs, and how long a job waits for a version that implements its contract.</param>
    /// <returns>The options, for chaining.</returns>
    public static BackgroundJobServerOptions UseModulets(this BackgroundJobServerOptions options, ModuletManager manager, Action<ModuletsHangfireOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(manager);
        AddFiltersOnce();
        options.Activator = new ModuletsJobActivator(manager, options.Activator ?? JobActivator.Current, Options(configure));
        return options;
    }

    private static ModuletsHangfireOptions Options(Action<ModuletsHangfireOptions>? configure)
    {
        var options = new ModuletsHangfireOptions();
        configure?.Invoke(options);
        return options;
    }

    private static void AddFiltersOnce()
    {
        LeakInspectors.Register("Hangfire", HangfireCacheInspector.Inspect);
        lock (GlobalJobFilters.Filters)
        {
            foreach (var filter in new object[] { DeferredJobFilter.Instance, VersionParameterFilter.Instance, EnqueuerVersionFilter.Instance })
            {
                if (!GlobalJobFilters.Filters.Any(existing => existing.Instance == filter))
                {
                    GlobalJobFilters.Filters.Add(filter);
                }
            }
        }
    }
}
