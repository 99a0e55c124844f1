using Microsoft.Extensions.Logging;

namespace Modulets.Quartz;

/// <summary>The log events of Modulets.Quartz (category <c>Modulets.Quartz.ModuletsJobFactory</c>), 400 and up.</summary>
internal static partial class Log
{
    [LoggerMessage(401, LogLevel.Information, "Quartz job {Job} (fire {FireInstanceId}, trigger {Trigger}) ran on version {VersionId}")]
    public static partial void JobRan(ILogger logger, string job, string fireInstanceId, string trigger, string versionId);

    [LoggerMessage(402, LogLevel.Warning, "Quartz job {Job} (trigger {Trigger}) was not run: version {VersionId} of manager '{Manager}' has no implementation of {Contract}. It fires again at {RetryAt} (trigger {RetryTrigger}); the trigger's own schedule goes on")]
    public static partial void ImplementationMissing(ILogger logger, string job, string trigger, string versionId, string manager, string contract, DateTimeOffset retryAt, string retryTrigger);

    [LoggerMessage(403, LogLevel.Information, "Quartz job {Job} (fire {FireInstanceId}) was stopped because version {VersionId} was purged; Quartz fires it again at once, on the current version")]
    public static partial void RefiredAfterPurge(ILogger logger, string job, string fireInstanceId, string versionId);
}
