using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using global::Quartz;
using global::Quartz.Extensibility;
using global::Quartz.Impl;

namespace Modulets.Quartz;

/// <summary>
/// Quartz's job factory: a job whose type is a contract fires as a <see cref="ModuletQuartzJob"/>, a host type that
/// runs the version's implementation inside a <see cref="ModuletJob"/>; every other job is created by Quartz's own
/// dependency-injection factory. Quartz only ever holds the contract type and this host type, never a module type.
/// </summary>
internal sealed class ModuletsJobFactory : IJobFactory
{
    private readonly ModuletManager _manager;
    private readonly ModuletsQuartzOptions _options;
    private readonly ILogger _logger;
    private readonly MicrosoftDependencyInjectionJobFactory _inner;

    public ModuletsJobFactory(IServiceProvider services, ModuletsQuartzSettings settings)
    {
        _manager = services.GetRequiredKeyedService<ModuletManager>(settings.ManagerName);
        _options = settings.Options;
        _logger = services.GetService<ILoggerFactory>()?.CreateLogger<ModuletsJobFactory>() ?? NullLogger<ModuletsJobFactory>.Instance;
        _inner = new MicrosoftDependencyInjectionJobFactory(services);
    }

    public ValueTask<JobScope> CreateJob(TriggerFiredBundle bundle, IScheduler scheduler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var type = bundle.JobDetail.JobType.Type;
        return _options.IsModuletJob(type)
            ? new ValueTask<JobScope>(new JobScope(new ModuletQuartzJob(_manager, type, _options, _logger), ModuletQuartzJob.Marker))
            : _inner.CreateJob(bundle, scheduler, cancellationToken);
    }

    public ValueTask ReturnJob(JobScope scope, CancellationToken cancellationToken = default) =>
        ReferenceEquals(scope.State, ModuletQuartzJob.Marker) ? default : _inner.ReturnJob(scope, cancellationToken);
}
