using Microsoft.Extensions.Logging;
using global::Quartz;

namespace Modulets.Quartz;

/// <summary>
/// One fire of a contract job: runs the version's implementation of the contract inside a <see cref="ModuletJob"/> on
/// the version current when it fires, cancelled by Quartz's interruption and by the scheduler's shutdown. A version
/// without an implementation is not a failure: the fire is scheduled again later, once, with the reason logged. A
/// purge of the version stops the fire and has Quartz fire it again at once, on current code.
/// </summary>
internal sealed class ModuletQuartzJob(ModuletManager manager, Type contract, ModuletsQuartzOptions options, ILogger logger) : IJob
{
    /// <summary>The job scope's state for the jobs this factory made, so that they are never handed to Quartz's own factory to return.</summary>
    public static readonly object Marker = new();

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Quartz passes its interruption token both ways; only two different tokens need linking.
        using var linked = cancellationToken == context.CancellationToken || !context.CancellationToken.CanBeCanceled
            ? null
            : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.CancellationToken);
        var stopped = linked?.Token ?? cancellationToken;
        var key = context.JobDetail.Key.ToString();
        var job = manager.StartJob(
            async (job, token) =>
            {
                if (job.Services.GetService(contract) is not IJob implementation)
                {
                    return false;
                }

                context.MergedJobDataMap[ModuletsQuartzKeys.Version] = job.Version.Id;
                if (logger.IsEnabled(LogLevel.Information))
                {
                    Log.JobRan(logger, key, context.FireInstanceId, context.Trigger.Key.ToString(), job.Version.ShortId);
                }

                await implementation.Execute(context, token).ConfigureAwait(false);
                return true;
            },
            new JobOptions
            {
                Name = $"quartz {key}",
                Tags = new Dictionary<string, string>(3) { ["quartz.job"] = key, ["quartz.trigger"] = context.Trigger.Key.ToString(), ["quartz.fire"] = context.FireInstanceId },
            },
            stopped);
        bool ran;
        try
        {
            ran = await job.Completion.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (job.Version.PurgedAt is not null && !stopped.IsCancellationRequested)
        {
            Log.RefiredAfterPurge(logger, key, context.FireInstanceId, job.Version.ShortId);
            throw new JobExecutionException($"Modulets version {job.Version.ShortId} was purged while the job ran: it runs again on current code.") { RefireImmediately = true };
        }

        if (!ran)
        {
            await RetryLaterAsync(context, job.Version, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Schedules a one-off trigger of the same job, with the fire's data, after <see cref="ModuletsQuartzOptions.MissingImplementationDelay"/>.</summary>
    private async Task RetryLaterAsync(IJobExecutionContext context, ModuleVersion version, CancellationToken cancellationToken)
    {
        var retryAt = DateTimeOffset.UtcNow + options.MissingImplementationDelay;
        var retry = TriggerBuilder.Create()
            .WithIdentity($"{context.Trigger.Key.Name}.{Guid.NewGuid():N}", ModuletsQuartzKeys.RetryGroup)
            .WithDescription($"Fires {context.JobDetail.Key} again: version {version.ShortId} had no implementation of {contract.FullName}")
            .ForJob(context.JobDetail.Key)
            .UsingJobData(context.Trigger.JobDataMap)
            .StartAt(retryAt)
            .Build();
        await context.Scheduler.ScheduleJob(retry, default, cancellationToken).ConfigureAwait(false);
        Log.ImplementationMissing(logger, context.JobDetail.Key.ToString(), context.Trigger.Key.ToString(), version.ShortId, manager.Name, contract.FullName ?? contract.Name, retryAt, retry.Key.ToString());
    }
}
