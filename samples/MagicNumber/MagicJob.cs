namespace MagicNumber;

/// <summary>
/// The job of the original demonstration: it imports the magic module when it starts, waits until every job has
/// started (the module changes in between), then checks that it still has the number it started with.
/// </summary>
internal static class MagicJob
{
    public static async Task<bool> RunAsync(int number, int expected, Func<IMagic> importMagic, Task everyoneStarted)
    {
        var magic = importMagic();
        await everyoneStarted;
        var got = magic.GetMagic();
        Console.WriteLine(got == expected
            ? $"Job {number}: Passed. I have the right magic number {got}"
            : $"Job {number}: Failed. Expected {expected} but got {got}");
        return got == expected;
    }
}
