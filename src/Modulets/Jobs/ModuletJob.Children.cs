using System.Runtime.ExceptionServices;

namespace Modulets;

/// <content>A job's children: started with <see cref="Spawn(Func{CancellationToken, Task})"/> or <see cref="Supervise"/>, run in the job's flow, counted as parts of the job.</content>
public partial class ModuletJob
{
    /// <summary>Starts a child of this job on the thread pool, on the same version, with <see cref="Current"/> set to this job. If it fails, the job fails.</summary>
    /// <param name="child">The child's work; it receives <see cref="Cancellation"/>.</param>
    /// <returns>The child's task. The job does not end before the child has.</returns>
    /// <exception cref="InvalidOperationException">The job has already ended.</exception>
    public Task Spawn(Func<CancellationToken, Task> child)
    {
        ArgumentNullException.ThrowIfNull(child);
        return SpawnCore(child, restart: null);
    }

    /// <summary>Starts a child that is restarted, on the same version, after each failure <paramref name="restart"/> allows (one for one); the next failure fails the job.</summary>
    /// <param name="child">The child's work; it receives <see cref="Cancellation"/>. It is called again for each restart.</param>
    /// <param name="restart">How many restarts within which period, such as <c>new RestartIntensity(5, TimeSpan.FromMinutes(1))</c>.</param>
    /// <returns>The child's task, which completes when the child ends without being restarted. The job does not end before it.</returns>
    /// <exception cref="InvalidOperationException">The job has already ended.</exception>
    public Task Spawn(Func<CancellationToken, Task> child, RestartIntensity restart)
    {
        ArgumentNullException.ThrowIfNull(child);
        ArgumentNullException.ThrowIfNull(restart);
        return SpawnCore(child, restart);
    }

    /// <summary>
    /// Starts an OTP supervisor as a child of this job: <paramref name="configure"/> starts its children, which it
    /// restarts as their <see cref="ChildRestart"/> types, its <see cref="SupervisionStrategy"/> and its restart
    /// intensity say. If it gives up (too many restarts too fast), the job fails.
    /// </summary>
    /// <param name="options">The strategy and the restart intensity.</param>
    /// <param name="configure">Starts the supervisor's children (<see cref="Supervisor.StartChild"/>, <see cref="Supervisor.StartSupervisor"/>).</param>
    /// <returns>The supervisor; its <see cref="Supervisor.Completion"/> is the child's task. The job does not end before it.</returns>
    /// <exception cref="InvalidOperationException">The job has already ended.</exception>
    public Supervisor Supervise(SupervisorOptions options, Action<Supervisor> configure)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configure);
        var supervisor = new Supervisor(this, options, Cancellation);
        configure(supervisor);
        supervisor.Completion = Spawn(_ => supervisor.SuperviseAsync());
        return supervisor;
    }

    /// <summary>Starts a child that produces a result; see <see cref="Spawn(Func{CancellationToken, Task})"/>.</summary>
    /// <typeparam name="TResult">The child's result type.</typeparam>
    /// <param name="child">The child's work; it receives <see cref="Cancellation"/>.</param>
    /// <returns>The child's result.</returns>
    /// <exception cref="InvalidOperationException">The job has already ended.</exception>
    public Task<TResult> Spawn<TResult>(Func<CancellationToken, Task<TResult>> child)
    {
        ArgumentNullException.ThrowIfNull(child);
        return Observed(SpawnWithResultAsync(child));
    }

    private Task SpawnCore(Func<CancellationToken, Task> child, RestartIntensity? restart)
    {
        if (!TryBeginChild())
        {
            throw new InvalidOperationException($"Job {Id} has ended; a child can only be spawned while the job's body or another child still runs.");
        }

        return Observed(Task.Run(() => RunChildAsync(child, restart), CancellationToken.None));
    }

    /// <summary>Runs a child in the job's flow, restarted as its intensity allows; its task faults with its failure too.</summary>
    private async Task RunChildAsync(Func<CancellationToken, Task> child, RestartIntensity? restart)
    {
        // No local of this method may hold the load context across an await: the state machine is the task the caller keeps.
        var outer = JobFlow.Enter(this);
        ExceptionDispatchInfo? outcome = null;
        var suspended = false;
        try
        {
            ThrowIfCanceled();
            var running = restart is null ? child(Cancellation) : RestartingChild.RunAsync(child, restart, this);
            suspended = !running.IsCompleted;
            await running.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            RecordEnd(e);
            outcome = ExceptionDispatchInfo.Capture(e);
        }

        // A child that suspended left frames that are still unwinding on its thread, and this method's state holds the
        // flow it captured there: yield once, from a flow without the job, so both are gone before the child ends.
        JobFlow.Leave(outer);
        if (suspended)
        {
            await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        }

        EndPart(isChild: true);
        outcome?.Throw();
    }

    /// <summary>The job's <see cref="Completion"/> reports a failed child; the child's own task need not be awaited to count as observed.</summary>
    private static T Observed<T>(T task)
        where T : Task
    {
        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    private async Task<TResult> SpawnWithResultAsync<TResult>(Func<CancellationToken, Task<TResult>> child)
    {
        TResult result = default!;
        await Spawn(async token => { result = await child(token).ConfigureAwait(false); }).ConfigureAwait(false);
        return result;
    }

    /// <summary>Counts a new child; fails once every part has ended (the job is over).</summary>
    private bool TryBeginChild()
    {
        var running = Volatile.Read(ref _runningParts);
        while (running > 0)
        {
            var seen = Interlocked.CompareExchange(ref _runningParts, running + 1, running);
            if (seen == running)
            {
                Interlocked.Increment(ref _runningChildren);
                return true;
            }

            running = seen;
        }

        return false;
    }
}
