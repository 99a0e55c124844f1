using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Modulets.AspNetCore;

/// <summary>Who sent a control request, for the audit log and the local-only rule.</summary>
internal static class ControlCaller
{
    /// <summary>
    /// Tells whether a request comes from this machine and was meant for it: over the control socket (a Unix socket has
    /// no IP peer), from a loopback address, or from an in-process test server (which has no connection at all); with
    /// no proxy in between (no forwarding header), and for a loopback host name, so that a web page whose name was
    /// made to resolve to 127.0.0.1 (DNS rebinding) is not taken for a local caller.
    /// </summary>
    public static bool IsLocal(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.ContainsKey("X-Forwarded-For") || request.Headers.ContainsKey("Forwarded") || !IsLoopbackHost(request.Host.Host))
        {
            return false;
        }

        var remote = context.Connection.RemoteIpAddress;
        return remote is null || IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
    }

    private static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

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
