using Microsoft.Extensions.Logging;

namespace Modulets.AspNetCore;

/// <summary>The audit log of the control API: every action, who asked and how it ended, with fixed event ids (200 and up).</summary>
internal static partial class Log
{
    [LoggerMessage(200, LogLevel.Information, "Control: {Caller} asked to {Action} on manager '{Manager}': {Outcome}")]
    public static partial void ActionDone(ILogger logger, string caller, string action, string manager, string outcome);

    [LoggerMessage(201, LogLevel.Warning, "Control: {Caller} asked to {Action} on manager '{Manager}' and was refused ({Status}): {Reason}")]
    public static partial void ActionRefused(ILogger logger, string caller, string action, string manager, int status, string reason);

    [LoggerMessage(202, LogLevel.Warning, "Control: a request from {Caller} to {Method} {Path} was forbidden: {Reason}")]
    public static partial void RequestForbidden(ILogger logger, string caller, string method, string path, string reason);

    [LoggerMessage(203, LogLevel.Information, "Control socket listening at {Path}")]
    public static partial void SocketListening(ILogger logger, string path);

    [LoggerMessage(204, LogLevel.Warning, "Control socket: a connection from uid {PeerUid} (pid {PeerPid}) was closed: only uid {OwnerUid} and root may use the socket")]
    public static partial void SocketPeerRefused(ILogger logger, int peerUid, int peerPid, int ownerUid);

    [LoggerMessage(205, LogLevel.Error, "Control socket could not start at {Path}; the host runs on without it")]
    public static partial void SocketFailed(ILogger logger, Exception exception, string path);
}
