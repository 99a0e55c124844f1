namespace Modulets.Analyzers.Tests;

/// <summary>The contract of the proof modules: the test assembly plays the host, so the module sees this type from it.</summary>
public interface IProofJob
{
    /// <summary>Does the module's work; the job ends when it returns (the proof cancels the job once its version is retired).</summary>
    Task RunAsync(CancellationToken cancellation);
}
