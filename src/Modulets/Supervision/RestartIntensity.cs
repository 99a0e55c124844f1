namespace Modulets;

/// <summary>
/// OTP's restart intensity: at most <see cref="MaxRestarts"/> restarts within <see cref="Within"/>; one more failure
/// and whoever restarts gives up. A <see cref="Supervisor"/> then stops its children and fails; a child started with
/// <see cref="ModuletJob.Spawn(Func{CancellationToken, Task}, RestartIntensity)"/> fails its job.
/// </summary>
public sealed class RestartIntensity
{
    /// <summary>Allows <paramref name="maxRestarts"/> restarts within <paramref name="within"/>.</summary>
    /// <param name="maxRestarts">How many restarts are allowed within the period; 0 restarts nothing.</param>
    /// <param name="within">The period over which restarts are counted; positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxRestarts"/> is negative or <paramref name="within"/> is not positive.</exception>
    public RestartIntensity(int maxRestarts, TimeSpan within)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRestarts);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(within, TimeSpan.Zero);
        MaxRestarts = maxRestarts;
        Within = within;
    }

    /// <summary>Gets OTP's default: 1 restart within 5 seconds.</summary>
    public static RestartIntensity Default { get; } = new(1, TimeSpan.FromSeconds(5));

    /// <summary>Gets OTP's <c>intensity</c>: how many restarts are allowed within <see cref="Within"/>.</summary>
    public int MaxRestarts { get; }

    /// <summary>Gets OTP's <c>period</c>: the window over which restarts are counted.</summary>
    public TimeSpan Within { get; }

    /// <inheritdoc />
    public override string ToString() => $"at most {MaxRestarts} restarts within {Within}";

    /// <summary>Decides whether something that failed now may restart, given the times of its earlier restarts (which it updates).</summary>
    internal bool AllowsRestart(Queue<DateTimeOffset> restarts, DateTimeOffset now)
    {
        while (restarts.TryPeek(out var oldest) && now - oldest >= Within)
        {
            restarts.Dequeue();
        }

        if (restarts.Count >= MaxRestarts)
        {
            return false;
        }

        restarts.Enqueue(now);
        return true;
    }
}
