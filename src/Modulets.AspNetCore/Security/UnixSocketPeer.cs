using Modulets.Control;
using System.Runtime.InteropServices;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Modulets.AspNetCore;

/// <summary>The process at the other end of a Unix socket connection, from the kernel (<c>SO_PEERCRED</c>, Linux).</summary>
internal readonly record struct UnixSocketPeer(int ProcessId, int UserId)
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    /// <summary>Gets the effective user id of this process (Linux: from <c>/proc/self/status</c>), or <see langword="null"/> elsewhere.</summary>
    public static int? CurrentUserId => CurrentUser.Id;

    public static bool TryGet(HttpContext context, out UnixSocketPeer peer) =>
        TryGet(context.Features.Get<IConnectionSocketFeature>()?.Socket, out peer);

    public static bool TryGet(Socket? socket, out UnixSocketPeer peer)
    {
        peer = default;
        if (socket is not { AddressFamily: AddressFamily.Unix } || !OperatingSystem.IsLinux())
        {
            return false;
        }

        Span<byte> credentials = stackalloc byte[12]; // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        try
        {
            if (socket.GetRawSocketOption(SolSocket, SoPeerCred, credentials) != credentials.Length)
            {
                return false;
            }
        }
        catch (SocketException)
        {
            return false;
        }

        peer = new UnixSocketPeer(MemoryMarshal.Read<int>(credentials), MemoryMarshal.Read<int>(credentials[4..]));
        return true;
    }
}
