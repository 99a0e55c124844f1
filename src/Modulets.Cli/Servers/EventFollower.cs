using System.Net.ServerSentEvents;

namespace Modulets.Cli.Servers;

/// <summary>
/// Follows a server's event stream for as long as the caller wants, through restarts: when the stream breaks or the
/// server is gone, it says so and tries again after a back-off (half a second, doubling up to ten, back to half a
/// second once a stream delivered an event).
/// </summary>
internal static class EventFollower
{
    private static readonly TimeSpan s_firstRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan s_longestRetry = TimeSpan.FromSeconds(10);

    /// <param name="server">The server to follow.</param>
    /// <param name="onEvent">Told of each event (the first of every stream is <c>connected</c>).</param>
    /// <param name="onDisconnected">Told why the stream ended and when it is tried again.</param>
    /// <param name="cancellationToken">Stops following.</param>
    public static async Task FollowAsync(ControlServer server, Action<SseItem<string>> onEvent, Action<string, TimeSpan> onDisconnected, CancellationToken cancellationToken)
    {
        var retry = s_firstRetry;
        while (!cancellationToken.IsCancellationRequested)
        {
            string reason;
            try
            {
                await foreach (var item in server.FollowEventsAsync(cancellationToken).ConfigureAwait(false))
                {
                    retry = s_firstRetry;
                    onEvent(item);
                }

                reason = "the server closed its event stream";
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is ControlRequestException or IOException or HttpRequestException or OperationCanceledException)
            {
                reason = e.Message;
            }

            onDisconnected(reason, retry);
            try
            {
                await Task.Delay(retry, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, s_longestRetry.Ticks));
        }
    }
}
