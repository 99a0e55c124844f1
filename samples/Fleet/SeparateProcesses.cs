using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace Fleet;

/// <summary>The fleet as separate processes on one PostgreSQL: each command is one process's part.</summary>
internal static class SeparateProcesses
{
    public static async Task<int> RunAsync(FleetArguments arguments)
    {
        var options = new PostgreSqlStorageOptions { UseSlidingInvisibilityTimeout = true, PrepareSchemaIfNecessary = true, QueuePollInterval = TimeSpan.FromMilliseconds(200) };
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(arguments.Postgres!, options, null), options);
        switch (arguments.Command)
        {
            case "publish":
                Directory.CreateDirectory(arguments.Feed!);
                new ReportPackagePublisher(arguments.Feed!).Publish(arguments.Value!);
                Console.WriteLine($"Published {ReportPackagePublisher.PackageId} {arguments.Value} to {arguments.Feed}");
                return 0;
            case "enqueue":
                var client = new BackgroundJobClient(storage);
                var count = int.Parse(arguments.Value!, System.Globalization.CultureInfo.InvariantCulture);
                for (var i = 1; i <= count; i++)
                {
                    client.EnqueueContract<IReportJob>(nameof(IReportJob.RunAsync), i, CancellationToken.None);
                    await Task.Delay(100);
                }

                Console.WriteLine($"Enqueued {count} reports");
                return 0;
            default:
                var cache = Directory.CreateTempSubdirectory($"modulets-fleet-{arguments.Value}-").FullName;
                using (var server = new FleetServer(arguments.Value!, arguments.Feed!, cache, TimeSpan.FromSeconds(2), storage, Console.Out))
                {
                    using var stop = new CancellationTokenSource();
                    Console.CancelKeyPress += (_, e) =>
                    {
                        e.Cancel = true;
                        stop.Cancel();
                    };
                    Console.WriteLine($"{arguments.Value}: following {arguments.Feed}; Ctrl+C stops");
                    while (!stop.IsCancellationRequested)
                    {
                        Console.WriteLine(server.Describe());
                        await Task.Delay(TimeSpan.FromSeconds(2), stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                    }

                    server.Stop();
                }

                Directory.Delete(cache, recursive: true);
                return 0;
        }
    }
}
