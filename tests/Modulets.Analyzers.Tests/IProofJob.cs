namespace Modulets.Analyzers.Tests;

/// <summary>The contract of the proof modules: the test assembly plays the host, so the module sees this type from it.</summary>
public interface IProofJob
{
    /// <summary>Does the module's work; the job then waits for its cancellation (a purge).</summary>
    Task RunAsync(CancellationToken cancellation);
}
