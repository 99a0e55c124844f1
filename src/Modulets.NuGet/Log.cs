using Microsoft.Extensions.Logging;

namespace Modulets.NuGet;

/// <summary>Every message the NuGet feed source logs, with fixed event ids (101 and up, after the core's).</summary>
internal static partial class Log
{
    [LoggerMessage(101, LogLevel.Information, "Installed {PackageId} {Version} from {Source} into {Folder}")]
    public static partial void PackageInstalled(ILogger logger, string packageId, string version, string source, string folder);

    [LoggerMessage(102, LogLevel.Information, "Using {PackageId} {Version}, installed earlier in {Folder}")]
    public static partial void PackageReused(ILogger logger, string packageId, string version, string folder);

    [LoggerMessage(103, LogLevel.Warning, "The feed {Source} cannot be reached ({Reason}); it is retried with back-off. {Consequence}")]
    public static partial void FeedUnreachable(ILogger logger, string source, string reason, string consequence);

    [LoggerMessage(104, LogLevel.Information, "The feed {Source} can be reached again")]
    public static partial void FeedReachableAgain(ILogger logger, string source);

    [LoggerMessage(105, LogLevel.Error, "{Problem} {Consequence}")]
    public static partial void InstallFailed(ILogger logger, string problem, string consequence);

    [LoggerMessage(106, LogLevel.Debug, "Still failing: {Problem}")]
    public static partial void InstallStillFailing(ILogger logger, string problem);

    [LoggerMessage(107, LogLevel.Debug, "NuGet: {Message}")]
    public static partial void NuGetClientMessage(ILogger logger, string message);

    [LoggerMessage(108, LogLevel.Error, "The feed {Source} refused the credentials ({Status}); it is retried with back-off, reading the credentials again each time. {Consequence}")]
    public static partial void FeedRefusedCredentials(ILogger logger, string source, string status, string consequence);
}
