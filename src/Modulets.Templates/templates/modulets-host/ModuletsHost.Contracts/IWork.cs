namespace ModuletsHost.Contracts;

/// <summary>What the host asks of its module, once per job. The module has one public class implementing it.</summary>
public interface IWork
{
    /// <summary>Does one job's work.</summary>
    /// <param name="cancellation">Fires when the job is cancelled: the host stops, or an operator purges the version.</param>
    /// <returns>What the host logs.</returns>
    Task<string> RunAsync(CancellationToken cancellation);
}
