using ModuletsHost.Contracts;

namespace ModuletsModule;

/// <summary>
/// The module's work: the host creates one per job (job.CreateImplementation&lt;IWork&gt;()). Build a new version
/// into the host's modules folder (dotnet build -o PATH) and the next jobs run it, while running jobs keep this one.
/// Whatever the work starts (a timer, a task, an event handler) must stop when <paramref name="cancellation"/> fires
/// or the job ends, or this version can never unload: the Modulets analyzers point out what would not.
/// </summary>
public sealed class Work : IWork
{
    public Task<string> RunAsync(CancellationToken cancellation) =>
        Task.FromResult($"Hello from {typeof(Work).Assembly.GetName().Name}, generation 1");
}
