using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Modulets.AspNetCore;

/// <summary>Who sent a control request, for the audit log and the local-only rule.</summary>
internal static class ControlCaller
{
    /// <summary>
    /// Tells whether a request comes from this machine: over the control socket (a Unix socket has no IP peer), from a
    /// loopback address, or from an in-process test server (which has no connection at all).
    /// </summary>
    public static bool IsLocal(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        if (remote is null)
        {
            return true;
        }

        return IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
    }

    /// <summary>Describes the caller: the authenticated user, the socket peer's uid, or the address it came from.</summary>
    public static string Describe(HttpContext context)
    {
        if (context.User.Identity is { IsAuthenticated: true } identity)
        {
            return $"user '{identity.Name ?? context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "(no name)"}'";
        }

        if (UnixSocketPeer.TryGet(context, out var peer))
        {
            return $"uid {peer.UserId} (pid {peer.ProcessId}) over the control socket";
        }

        return context.Connection.RemoteIpAddress is { } address
            ? $"anonymous caller at {address}"
            : "an in-process caller";
    }
}
