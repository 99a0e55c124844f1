namespace MagicNumber;

/// <summary>
/// The job of the original demonstration: it imports the magic module when it starts, waits until every job has
/// started (the module changes in between), then checks that it still has the number it started with.
/// </summary>
internal static class MagicJob
{
    /// <summary>Runs the job and returns its verdict, <c>Passed. ...</c> or <c>Failed. ...</c>.</summary>
    public static async Task<string> RunAsync(int expected, Func<IMagic> importMagic, Task everyoneStarted)
    {
        var magic = importMagic();
        await everyoneStarted;
        var got = magic.GetMagic();
        return got == expected ? $"Passed. I have the right magic number {got}" : $"Failed. Expected {expected} but got {got}";
    }
}
