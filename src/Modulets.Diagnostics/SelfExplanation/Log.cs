using Microsoft.Extensions.Logging;

namespace Modulets.Diagnostics;

/// <summary>The log events of Modulets.Diagnostics, with fixed ids (300 and up).</summary>
internal static partial class Log
{
    [LoggerMessage(300, LogLevel.Warning, "Version {Version} leaked with no holder found from inside; a heap snapshot of this process ({SnapshotBytes} bytes, {SnapshotTime}) says: {Explanation}")]
    public static partial void LeakExplained(ILogger logger, string version, long snapshotBytes, TimeSpan snapshotTime, string explanation);

    [LoggerMessage(301, LogLevel.Warning, "Version {Version} leaked with no holder found from inside, and no heap snapshot could explain it: {Reason}")]
    public static partial void LeakNotExplained(ILogger logger, string version, string reason);

    [LoggerMessage(302, LogLevel.Information, "Version {Version} leaked with no holder found from inside; no heap snapshot is taken for it, since {Reason}")]
    public static partial void LeakExplanationSkipped(ILogger logger, string version, string reason);
}
