using global::Hangfire.Client;

namespace Modulets.Hangfire;

/// <summary>
/// Stamps each Modulets job with the version of the code that enqueues it (<see cref="ModuletsJobParameters.EnqueuedBy"/>):
/// the enqueuing job's own version when module code enqueues it, otherwise the current version of the manager given to
/// the last <c>UseModulets</c> on Hangfire's configuration.
/// </summary>
internal sealed class EnqueuerVersionFilter : IClientFilter
{
    public static readonly EnqueuerVersionFilter Instance = new();

    private volatile Tuple<ModuletManager, ModuletsHangfireOptions>? _host;

    private EnqueuerVersionFilter()
    {
    }

    public void Use(ModuletManager manager, ModuletsHangfireOptions options) => _host = Tuple.Create(manager, options);

    public void OnCreating(CreatingContext context)
    {
        if (_host is not (var manager, var options) || context.Job?.Type is not { } type || !options.IsModuletJob(type) || Enqueuer(manager) is not { } version)
        {
            return;
        }

        context.SetJobParameter(ModuletsJobParameters.EnqueuedBy, new EnqueuerVersion(version.Id, version.Labels));
    }

    public void OnCreated(CreatedContext context)
    {
    }

    private static ModuleVersion? Enqueuer(ModuletManager manager)
    {
        if (ModuletJob.Current is { } job)
        {
            return job.Version;
        }

        try
        {
            // A manager that was disposed serves no version: its retired one is no constraint.
            return manager.CurrentVersion is { State: ModuleVersionState.Current } current ? current : null;
        }
        catch (Exception e) when (e is ModuleLoadException or ObjectDisposedException)
        {
            return null; // no version yet: the job carries no constraint
        }
    }
}
