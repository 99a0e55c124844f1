using System.Reflection;
using System.Runtime.Loader;
using Modulets.Testing;

namespace Modulets.Analyzers.Tests;

/// <summary>
/// Runs a proof's code for real: a module version runs one job (the proof's module code, or a plain module driven by
/// the proof's host code), a new version retires it, the host cancels the job if it still runs, and the retired
/// version ends Collected or Leaked.
/// </summary>
public static class LeakProofRunner
{
    private const string PlainModule = """
        namespace Proof;
        public sealed class Job : Modulets.Analyzers.Tests.IProofJob
        {
            public System.Threading.Tasks.Task RunAsync(System.Threading.CancellationToken cancellation) => System.Threading.Tasks.Task.CompletedTask;
        }
        """;

    private static int s_hosts;

    public static async Task<ModuleVersionState> RunAsync(string role, string source)
    {
        using var modules = new TemporaryModulesFolder();
        using var manager = new ModuletManager(new ModuletOptions
        {
            ModulesPath = modules.Path,
            UpdateDetection = UpdateDetection.Manual,
            UnloadTimeout = TimeSpan.FromSeconds(2),
        });
        modules.Write(ModuleCompiler.Compile("Proof", role == "Module" ? source : PlainModule, typeof(IProofJob).Assembly));
        var version = manager.Refresh();

        using var stop = new CancellationTokenSource();
        var (job, started) = role == "Module" ? StartModuleJob(manager, stop.Token) : (StartHostJob(manager, source), null);
        await (started ?? job.Completion).WaitAsync(TimeSpan.FromSeconds(30));

        modules.Write(ModuleCompiler.Compile("Proof", "namespace Proof; public sealed class Next { }"));
        manager.Refresh();
        await stop.CancelAsync();
        await job.Completion.ContinueWith(_ => { }, TaskScheduler.Default);
        job.Dispose();
        return await version.UnloadCompletion;
    }

    private static (ModuletJob Job, Task Started) StartModuleJob(ModuletManager manager, CancellationToken stop)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = manager.StartJob(
            async (job, cancellation) =>
            {
                var work = job.CreateImplementation<IProofJob>().RunAsync(cancellation);
                started.SetResult();
                await work;
            },
            stop);
        return (job, started.Task);
    }

    private static ModuletJob StartHostJob(ModuletManager manager, string source)
    {
        var build = ModuleCompiler.Compile($"ProofHost{Interlocked.Increment(ref s_hosts)}", source, typeof(IProofJob).Assembly);
        var host = AssemblyLoadContext.Default.LoadFromStream(new MemoryStream(build.Image)).GetType("ProofHost.Host", throwOnError: true)!;
        return (ModuletJob)host.GetMethod("Start", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, [manager])!;
    }
}
