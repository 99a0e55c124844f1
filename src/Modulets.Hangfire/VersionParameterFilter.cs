using System.Collections.Concurrent;
using global::Hangfire.States;
using global::Hangfire.Storage;

namespace Modulets.Hangfire;

/// <summary>
/// Writes the version a job ran on (<see cref="ModuletsJobParameters.Version"/>) in the transaction that applies the
/// job's next state, where the storage supports it: no storage call of its own per job. A performance that ends
/// without a state change of this process (a shutdown, an abort) drops its entry.
/// </summary>
internal sealed class VersionParameterFilter : IApplyStateFilter
{
    public static readonly VersionParameterFilter Instance = new();

    // By storage and job id: two storages in one process number their jobs alike.
    private readonly ConcurrentDictionary<(global::Hangfire.JobStorage Storage, string JobId), string> _pending = new();

    private VersionParameterFilter()
    {
    }

    /// <summary>Records the version for the job's next state, or writes it at once when the storage cannot batch it.</summary>
    public void Record(global::Hangfire.Server.PerformContext context, ModuleVersion version)
    {
        if (context.Storage.HasFeature(JobStorageFeatures.Transaction.SetJobParameter))
        {
            _pending[(context.Storage, context.BackgroundJob.Id)] = version.Id;
        }
        else
        {
            context.SetJobParameter(ModuletsJobParameters.Version, version.Id);
        }
    }

    public void Forget(global::Hangfire.JobStorage storage, string jobId) => _pending.TryRemove((storage, jobId), out _);

    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (_pending.TryRemove((context.Storage, context.BackgroundJob.Id), out var version) && transaction is JobStorageTransaction batch)
        {
            batch.SetJobParameter(context.BackgroundJob.Id, ModuletsJobParameters.Version, global::Hangfire.Common.SerializationHelper.Serialize(version));
        }
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
    }
}
