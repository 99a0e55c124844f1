using Microsoft.Extensions.Logging;

namespace Modulets;

/// <summary>Every message Modulets logs, with fixed event ids so operators can alert on them.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Created version {VersionId} from {Location}, isolating {Assemblies}")]
    public static partial void VersionCreated(ILogger logger, string versionId, string location, string assemblies);

    [LoggerMessage(2, LogLevel.Information, "Version {VersionId} is current again: its content came back while {ActiveJobs} jobs still ran on it")]
    public static partial void VersionRevived(ILogger logger, string versionId, int activeJobs);

    [LoggerMessage(3, LogLevel.Information, "Retired version {VersionId} (replaced by {ReplacementId}); {ActiveJobs} jobs still run on it")]
    public static partial void VersionRetired(ILogger logger, string versionId, string replacementId, int activeJobs);

    [LoggerMessage(4, LogLevel.Information, "Unloaded version {VersionId}: it is retired and its last job has ended; waiting for the garbage collector to free it")]
    public static partial void VersionUnloading(ILogger logger, string versionId);

    [LoggerMessage(5, LogLevel.Information, "Version {VersionId} was collected {SinceRetirement} after it was retired ({Signals})")]
    public static partial void VersionCollected(ILogger logger, string versionId, TimeSpan sinceRetirement, string signals);

    [LoggerMessage(6, LogLevel.Warning, "{Report}")]
    public static partial void VersionLeaked(ILogger logger, string report);

    [LoggerMessage(7, LogLevel.Error, "Rejected the modules in {Location}: {Reason} {Consequence}")]
    public static partial void UpdateRejected(ILogger logger, string location, string reason, string consequence);

    [LoggerMessage(8, LogLevel.Debug, "The modules in {Location} are still rejected: {Reason}")]
    public static partial void UpdateStillRejected(ILogger logger, string location, string reason);

    [LoggerMessage(9, LogLevel.Error, "Job {Job} on version {VersionId} failed")]
    public static partial void JobFailed(ILogger logger, Exception exception, string job, string versionId);

    [LoggerMessage(10, LogLevel.Warning,
        "Version {VersionId} isolates '{Assembly}', which the host has loaded too: the two copies' types are not interchangeable. If it is a contract between host and jobs, share it: options.Isolation.Share(\"{Assembly}\")")]
    public static partial void IsolatedAssemblyAlsoInHost(ILogger logger, string versionId, string assembly);

    [LoggerMessage(11, LogLevel.Warning, "{Count} jobs were still running when the manager stopped waiting for them: {Jobs}")]
    public static partial void JobsOutlivedShutdown(ILogger logger, int count, string jobs);

    [LoggerMessage(12, LogLevel.Error, "A cancellation callback of job {JobId} on version {VersionId} threw")]
    public static partial void CancellationCallbackFailed(ILogger logger, Exception exception, long jobId, string versionId);

    [LoggerMessage(31, LogLevel.Error, "A callback on the end of job {JobId} on version {VersionId} threw")]
    public static partial void EndedCallbackFailed(ILogger logger, Exception exception, long jobId, string versionId);

    [LoggerMessage(13, LogLevel.Error, "The unload monitor failed; versions may stay in the Unloading state")]
    public static partial void UnloadMonitorFailed(ILogger logger, Exception exception);

    [LoggerMessage(14, LogLevel.Warning, "Cannot watch {Folder} for changes ({Reason}); polling it every {Interval} instead")]
    public static partial void WatcherUnavailable(ILogger logger, string folder, string reason, TimeSpan interval);

    [LoggerMessage(15, LogLevel.Error, "Reading the updated modules in {Location} failed unexpectedly; the current version stays")]
    public static partial void BackgroundRefreshFailed(ILogger logger, Exception exception, string location);

    [LoggerMessage(16, LogLevel.Error, "A {EventName} handler threw")]
    public static partial void EventHandlerFailed(ILogger logger, Exception exception, string eventName);

    [LoggerMessage(17, LogLevel.Warning, "A child of job {JobId} on version {VersionId} failed and was restarted (restart {Restart}, {Strategy})")]
    public static partial void ChildRestarted(ILogger logger, Exception exception, long jobId, string versionId, int restart, string strategy);

    [LoggerMessage(18, LogLevel.Warning, "Purging version {VersionId} ({Reason}): cancelling its {Count} jobs ({Jobs})")]
    public static partial void VersionPurged(ILogger logger, string versionId, string reason, int count, string jobs);

    [LoggerMessage(19, LogLevel.Error, "Disposing the services of version {VersionId} failed")]
    public static partial void ServiceDisposalFailed(ILogger logger, Exception exception, string versionId);

    [LoggerMessage(20, LogLevel.Error, "Unloading version {VersionId} failed; it is watched like any unloaded version and reported if it leaks")]
    public static partial void UnloadFailed(ILogger logger, Exception exception, string versionId);

    [LoggerMessage(21, LogLevel.Information, "'{File}' is the same build as the host's '{Assembly}': versions use the host's copy, so host and jobs share its types")]
    public static partial void SameBuildAsHost(ILogger logger, string file, string assembly);

    [LoggerMessage(22, LogLevel.Warning, "'{File}' is another build of the host's '{Assembly}', whose interfaces the module implements: versions use the host's copy, so host and jobs share its types. Keep contracts out of the modules folder (reference them with Private=false and ExcludeAssets=runtime)")]
    public static partial void ContractCopyReplacedByHost(ILogger logger, string file, string assembly);

    [LoggerMessage(23, LogLevel.Information, "Waiting for the first version from {Location}: {Reason}")]
    public static partial void WaitingForFirstVersion(ILogger logger, string location, string reason);

    [LoggerMessage(24, LogLevel.Warning, "No version from {Location} after {Timeout}; the host starts anyway, and StartJob fails until a version arrives")]
    public static partial void FirstVersionLate(ILogger logger, string location, TimeSpan timeout);

    [LoggerMessage(25, LogLevel.Warning, "The load context of rejected content {Content} was not collected {Timeout} after it was unloaded (still loaded: {StillLoaded}; likely culprits: {Culprits}); a start-up that never returned keeps it")]
    public static partial void RejectedContextLeaked(ILogger logger, string content, TimeSpan timeout, string stillLoaded, string culprits);

    [LoggerMessage(26, LogLevel.Debug, "The load context of rejected content {Content} was collected")]
    public static partial void RejectedContextCollected(ILogger logger, string content);

    [LoggerMessage(27, LogLevel.Warning, "A read of {Location} (a module start-up, most likely) was still running {Timeout} after disposal began; the manager was disposed without waiting for it")]
    public static partial void ReadOutlivedShutdown(ILogger logger, string location, TimeSpan timeout);

    [LoggerMessage(28, LogLevel.Information, "Job {Job} handed off from version {From} to version {To} (generation {Generation})")]
    public static partial void JobHandedOff(ILogger logger, string job, string from, string to, int generation);

    [LoggerMessage(29, LogLevel.Warning, "Job {Job} could not hand off: {Reason}; it goes on on version {VersionId}")]
    public static partial void HandOffRefused(ILogger logger, string job, string reason, string versionId);

    [LoggerMessage(30, LogLevel.Warning, "Job {Job} was asked to hand off from version {VersionId} to newer code {GracePeriod} ago and has not; DrainTimeout decides what becomes of it")]
    public static partial void UpgradeNotTaken(ILogger logger, string job, string versionId, TimeSpan gracePeriod);

    [LoggerMessage(32, LogLevel.Information, "Version {Candidate} is a candidate: it takes {Percent}% of new jobs (step 1 of {Steps}), version {Stable} the rest")]
    public static partial void CandidateStarted(ILogger logger, string candidate, string stable, int percent, int steps);

    [LoggerMessage(33, LogLevel.Information, "Candidate {Candidate} moved to step {Step} of {Steps}: {Percent}% of new jobs (failure rate {CandidateRate:P1} of {CandidateJobs} jobs; stable {StableRate:P1} of {StableJobs})")]
    public static partial void CandidateStepped(ILogger logger, string candidate, int step, int steps, int percent, double candidateRate, long candidateJobs, double stableRate, long stableJobs);

    [LoggerMessage(34, LogLevel.Information, "Candidate {Candidate} was promoted and is current; version {Stable} drains: {Reason}")]
    public static partial void CandidatePromoted(ILogger logger, string candidate, string stable, string reason);

    [LoggerMessage(35, LogLevel.Warning, "Candidate {Candidate} was rolled back: {Reason}. It takes no new job and drains, version {Stable} takes every new job, and this content is not a candidate again")]
    public static partial void CandidateRolledBack(ILogger logger, string candidate, string reason, string stable);

    [LoggerMessage(36, LogLevel.Information, "Candidate {Candidate} was superseded and drains: {Reason}")]
    public static partial void CandidateSuperseded(ILogger logger, string candidate, string reason);

    [LoggerMessage(37, LogLevel.Information, "Content {ContentId} from {Location} was rolled back on this server before: it is not a candidate again, and jobs keep starting on version {Current}")]
    public static partial void RolledBackContentIgnored(ILogger logger, string contentId, string location, string current);
}
