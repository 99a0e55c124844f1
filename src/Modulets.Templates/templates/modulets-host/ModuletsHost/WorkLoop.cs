using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Modulets;
using ModuletsHost.Contracts;

namespace ModuletsHost;

/// <summary>Starts a job every few seconds (WorkInterval) on the current version of the module and logs what it returns.</summary>
internal sealed partial class WorkLoop(ModuletManager manager, IConfiguration configuration, ILogger<WorkLoop> logger) : BackgroundService
{
    private readonly TimeSpan _interval = configuration.GetValue("WorkInterval", TimeSpan.FromSeconds(2));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval);
        do
        {
            try
            {
                using var job = manager.StartJob((job, cancellation) => job.CreateImplementation<IWork>().RunAsync(cancellation), stoppingToken);
                LogResult(job.Version.ShortId, await job);
            }
            catch (ModuleLoadException e)
            {
                LogNoModule(e.Message);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // An operator purged the job's version (modulets purge), or it outlived the drain timeout.
                LogJobCancelled();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failing job is the module's problem: the host logs it and carries on.
                LogJobFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(1, LogLevel.Information, "Version {Version}: {Result}")]
    private partial void LogResult(string version, string result);

    [LoggerMessage(2, LogLevel.Warning, "No module to run yet: {Reason}")]
    private partial void LogNoModule(string reason);

    [LoggerMessage(3, LogLevel.Error, "A job failed")]
    private partial void LogJobFailed(Exception exception);

    [LoggerMessage(4, LogLevel.Warning, "A job was cancelled before it ended")]
    private partial void LogJobCancelled();
}
