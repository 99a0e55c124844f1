using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace Modulets.Rehearsal;

/// <summary>The Hangfire storage every process of the rehearsal shares: a crashed server's job is taken over quickly, and a live server's is never taken twice.</summary>
internal static class RehearsalStorage
{
    private static readonly PostgreSqlStorageOptions s_options = new()
    {
        InvisibilityTimeout = TimeSpan.FromSeconds(30),
        UseSlidingInvisibilityTimeout = true,
        QueuePollInterval = TimeSpan.FromMilliseconds(200),
        PrepareSchemaIfNecessary = true,
    };

    public static PostgreSqlStorage Open(string connection) => new(new NpgsqlConnectionFactory(connection, s_options, null), s_options);
}
