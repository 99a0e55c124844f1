using Hangfire.PostgreSql;

namespace Modulets.HangfireWorker;

/// <summary>The storage every process of the cross-process tests shares, with the options that make a crash recoverable fast and a long job run once.</summary>
public static class WorkerStorage
{
    public const string PackageId = "Fleet.CrossProcessReports";

    public static PostgreSqlStorage Open(string connection) => new(new global::Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connection, Options, null), Options);

    /// <summary>
    /// A fetched job becomes visible to other servers 5 s after its server stopped renewing it: sliding invisibility
    /// renews it while the server lives, so a job longer than 5 s is not taken twice, and a killed server's job is
    /// taken over 5 s after the kill.
    /// </summary>
    public static PostgreSqlStorageOptions Options { get; } = new()
    {
        InvisibilityTimeout = TimeSpan.FromSeconds(5),
        UseSlidingInvisibilityTimeout = true,
        QueuePollInterval = TimeSpan.FromMilliseconds(200),
        PrepareSchemaIfNecessary = true,
    };
}
