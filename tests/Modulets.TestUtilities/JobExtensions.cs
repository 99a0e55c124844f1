using Modulets.TestContracts;

namespace Modulets.TestUtilities;

public static class JobExtensions
{
    /// <summary>Creates the job's <c>IMagic</c> module type (<c>MagicModule.Magic</c> unless named) and returns its number.</summary>
    public static int GetMagic(this ModuletJob job, string typeName = TestModules.MagicType) => job.CreateInstance<IMagic>(typeName).GetMagic();

    /// <summary>Starts a job that returns the magic number of its version once <paramref name="gate"/> opens.</summary>
    public static (ModuletJob Job, Task<int> Magic) StartMagicJob(this ModuletManager manager, Task? gate = null, string typeName = TestModules.MagicType)
    {
        var magic = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = manager.StartJob(async job =>
        {
            await (gate ?? Task.CompletedTask);
            magic.SetResult(job.GetMagic(typeName));
        });
        return (job, magic.Task);
    }
}
