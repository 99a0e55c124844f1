namespace Modulets.TestContracts;

/// <summary>A job contract for the Hangfire tests: the host enqueues against it, the module implements it.</summary>
public interface IReportJob
{
    /// <summary>Runs the report named <paramref name="runId"/>; what the module does depends on the id (see <c>ReportRuns</c>).</summary>
    Task RunAsync(string runId, CancellationToken cancellationToken);
}
