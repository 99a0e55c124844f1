using Quartz;

namespace Modulets.QuartzWorker;

/// <summary>The job store every process of the cross-process tests shares: PostgreSQL, clustered, its tables created when missing, a dead node noticed within seconds.</summary>
public static class ClusterStore
{
    public const string PackageId = "Fleet.ScheduledReports";

    public const string SchedulerName = "modulets-cluster";

    /// <summary>Joins the cluster; <paramref name="threads"/> fires at a time on this node (one, so that a busy node leaves fires to the others).</summary>
    public static IQuartzBuilder UseCluster(this IQuartzBuilder quartz, string connection, int threads = 1) => quartz
        .UseDefaultThreadPool(threads)
        .ConfigureScheduler(scheduler =>
        {
            scheduler.InstanceName = SchedulerName;
            scheduler.GenerateInstanceId = true;
            scheduler.IdleWaitTime = TimeSpan.FromSeconds(1);
        })
        .UsePersistentStore(store => store
            .UsePostgres(connection)
            .UseClustering(cluster =>
            {
                cluster.CheckinInterval = TimeSpan.FromSeconds(1);
                cluster.CheckinMisfireThreshold = TimeSpan.FromSeconds(3);
            })
            .ProvisionSchema());
}
