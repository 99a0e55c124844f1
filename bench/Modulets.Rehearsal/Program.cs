// The fleet rehearsal (bash bench/fleet-rehearsal.sh [--quick]): starts its own PostgreSQL cluster and worker processes
// that follow one folder feed under canary rollouts, enqueues jobs while five versions are published (the third one
// bad), then checks: no job lost, none run twice, none on code older than its enqueuer's, the bad version rolled back
// on every server and never promoted, every retired version collected; prints the time from each publish to each
// server's promotion, and draws the versions per server over time (PNG).
using Modulets.Rehearsal;

if (args is ["worker", .. var workerArgs])
{
    return await RehearsalWorker.RunAsync(workerArgs);
}

if (RehearsalOptions.Parse(args) is not { } options)
{
    Console.Error.WriteLine(RehearsalOptions.Usage);
    return 2;
}

return await new Coordinator(options).RunAsync();
