using Modulets.TestContracts;

namespace Modulets.TestUtilities;

public static class JobExtensions
{
    /// <summary>Creates the job's <c>MagicModule.Magic</c> and returns its number.</summary>
    public static int GetMagic(this ModuletJob job) => job.CreateInstance<IMagic>(TestModules.MagicType).GetMagic();

    /// <summary>Starts a job that returns the magic number of its version once <paramref name="gate"/> opens.</summary>
    public static (ModuletJob Job, Task<int> Magic) StartMagicJob(this ModuletManager manager, Task? gate = null)
    {
        var magic = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = manager.StartJob(async job =>
        {
            await (gate ?? Task.CompletedTask);
            magic.SetResult(job.GetMagic());
        });
        return (job, magic.Task);
    }
}
