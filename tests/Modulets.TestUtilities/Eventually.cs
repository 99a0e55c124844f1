namespace Modulets.TestUtilities;

/// <summary>
/// Waits for a condition that another thread or process makes true and that raises no event of its own (a storage's
/// state, another process's output): it is checked after each short pause, and the wait fails, saying what it
/// waited for, once its patience is out.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_pause = TimeSpan.FromMilliseconds(20);

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? patience = null, TimeSpan? pause = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, patience, pause);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? patience = null, TimeSpan? pause = null)
    {
        using var timeout = new CancellationTokenSource(patience ?? s_patience);
        while (!await condition())
        {
            try
            {
                await Task.Delay(pause ?? s_pause, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Waited {patience ?? s_patience} for {what}.");
            }
        }
    }

    /// <summary>Waits until <paramref name="value"/> gives something, and gives it.</summary>
    public static async Task<T> ValueAsync<T>(Func<T?> value, string what, TimeSpan? patience = null)
        where T : class
    {
        T? found = null;
        await TrueAsync(() => (found = value()) is not null, what, patience);
        return found!;
    }
}
