namespace Modulets.Docs.Snippets;

public static class Supervision
{
    public static async Task SpawnAsync(ModuletJob job)
    {
        #region spawn-with-intensity
        await job.Spawn(ct => PollQueueAsync(ct), new RestartIntensity(maxRestarts: 5, within: TimeSpan.FromMinutes(1)));
        #endregion
    }

    public static void Supervise(ModuletJob job)
    {
        #region supervise
        job.Supervise(new SupervisorOptions { Strategy = SupervisionStrategy.RestForOne, Intensity = new RestartIntensity(3, TimeSpan.FromSeconds(30)) }, s =>
        {
            s.StartChild(ct => ConnectAsync(ct));                          // Permanent: restarted whenever it ends
            s.StartChild(ct => ReadAsync(ct), ChildRestart.Transient);     // restarted only when it fails
            s.StartChild(ct => ReportAsync(ct), ChildRestart.Temporary);   // never restarted
            s.StartSupervisor(new SupervisorOptions { Strategy = SupervisionStrategy.OneForAll }, nested =>
            {
                nested.StartChild(ct => ParseAsync(ct));
                nested.StartChild(ct => StoreAsync(ct));
            });
        });
        #endregion
    }

    private static Task PollQueueAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);

    private static Task ConnectAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);

    private static Task ReadAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);

    private static Task ReportAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);

    private static Task ParseAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);

    private static Task StoreAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);
}
