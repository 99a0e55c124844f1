namespace Modulets.TestUtilities;

/// <summary>A PostgreSQL cluster shared by a test class, started before its first test and stopped after its last.</summary>
public sealed class PostgresFixture : Xunit.IAsyncLifetime
{
    private PostgresCluster? _cluster;

    public string ConnectionString => (_cluster ?? throw new InvalidOperationException("The cluster has not started.")).ConnectionString;

    public async Task InitializeAsync() => _cluster = await PostgresCluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
