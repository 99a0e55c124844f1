namespace Modulets.AspNetCore.Tests;

/// <summary>Waits for a condition that another thread makes true, checking it after each short pause, until the token fires.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(20, cancellationToken);
        }
    }
}
