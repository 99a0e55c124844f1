using global::Hangfire;
using global::Hangfire.Server;

namespace Modulets.Hangfire;

/// <summary>
/// Activates Hangfire jobs: a job whose type is a contract runs as a <see cref="ModuletJob"/> on the manager's current
/// version (its implementation from the version's services), never older than its enqueuer's; any other job goes to the
/// activator Hangfire had.
/// </summary>
internal sealed class ModuletsJobActivator(ModuletManager manager, JobActivator inner, ModuletsHangfireOptions options) : JobActivator
{
    private readonly VersionGate _gate = new(manager, options);

    public override object ActivateJob(Type jobType) => inner.ActivateJob(jobType);

    public override JobActivatorScope BeginScope(JobActivatorContext context) => inner.BeginScope(context);

    public override JobActivatorScope BeginScope(PerformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.BackgroundJob.Job is { } job && options.IsModuletJob(job.Type)
            ? new ModuletsJobScope(manager, options, _gate, context)
            : inner.BeginScope(context);
    }
}
