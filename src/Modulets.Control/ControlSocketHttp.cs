using System.Net.Sockets;

namespace Modulets.Control;

/// <summary>Talks HTTP to a control socket, for the console and for scripts of your own.</summary>
public static class ControlSocketHttp
{
    /// <summary>The base address to give an <see cref="HttpClient"/> over a control socket (the host name is not used).</summary>
    public static Uri BaseAddress { get; } = new("http://localhost/modulets/");

    /// <summary>Creates a handler whose every connection goes to a Unix socket.</summary>
    /// <param name="socketPath">The socket's path, such as <see cref="ControlSocketPaths.GetSocketPath"/> gives.</param>
    /// <returns>A handler for an <see cref="HttpClient"/> with <see cref="BaseAddress"/>.</returns>
    public static SocketsHttpHandler CreateHandler(string socketPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        return new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }
}
