namespace Fleet;

/// <summary>The contract every server's jobs run against: Hangfire's storage holds only this type's name.</summary>
public interface IReportJob
{
    /// <summary>Builds report <paramref name="number"/>; returns what built it.</summary>
    Task<string> RunAsync(int number, CancellationToken cancellationToken);
}
