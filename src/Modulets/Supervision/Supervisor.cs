using System.Threading.Channels;

namespace Modulets;

/// <summary>
/// An OTP supervisor inside a job: it starts children, and when one ends it restarts it (and, with
/// <see cref="SupervisionStrategy.OneForAll"/> or <see cref="SupervisionStrategy.RestForOne"/>, its siblings) as the
/// children's <see cref="ChildRestart"/> types and the restart intensity allow. When restarts come too often it stops
/// every child and fails: the job fails, or, for a nested supervisor, its parent supervisor decides.
/// </summary>
/// <remarks>Created by <see cref="ModuletJob.Supervise"/> or <see cref="StartSupervisor"/>; children run in the job's flow, on its version.</remarks>
public sealed class Supervisor
{
    private readonly ModuletJob _job;
    private readonly SupervisorOptions _options;
    private readonly RestartIntensity _intensity;
    private readonly CancellationToken _stopping;
    private readonly Queue<DateTimeOffset> _restarts = new();
    private readonly Lock _gate = new();
    private readonly List<SupervisedChild> _children = [];
    private readonly Channel<(SupervisedChild Child, Task Run)> _ended = Channel.CreateUnbounded<(SupervisedChild, Task)>(new UnboundedChannelOptions { SingleReader = true });
    private bool _finished;
    private Task _starts = Task.CompletedTask;

    internal Supervisor(ModuletJob job, SupervisorOptions options, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Intensity);
        _job = job;
        _options = options;
        _intensity = options.Intensity;
        _stopping = stopping;
    }

    /// <summary>Gets the strategy.</summary>
    public SupervisionStrategy Strategy => _options.Strategy;

    /// <summary>Gets the number of children running now.</summary>
    public int RunningChildren
    {
        get
        {
            lock (_gate)
            {
                return _children.Count(child => child.Run is not null);
            }
        }
    }

    /// <summary>Gets a task that completes when every child has ended for good; it fails when the restart intensity was exceeded.</summary>
    public Task Completion { get; internal set; } = Task.CompletedTask;

    /// <summary>Starts a child; it runs until it ends, and is restarted as <paramref name="restart"/> and the strategy say.</summary>
    /// <param name="child">The child's work; it receives a token that fires when the supervisor stops it (a restart of its siblings, the job's end).</param>
    /// <param name="restart">When it is restarted.</param>
    public void StartChild(Func<CancellationToken, Task> child, ChildRestart restart = ChildRestart.Permanent)
    {
        ArgumentNullException.ThrowIfNull(child);
        lock (_gate)
        {
            if (_finished)
            {
                throw new InvalidOperationException($"The supervisor of job {_job.Label} has ended: it can start no more children.");
            }

            var started = new SupervisedChild(child, restart);
            _children.Add(started);
            _starts = SupervisedChild.StartInOrder(_starts, [Start_NeedsLock(started)]);
        }
    }

    /// <summary>Starts a child that supervises its own children (OTP's supervision tree): <paramref name="configure"/> starts them, again at each restart.</summary>
    /// <param name="options">The nested supervisor's strategy and intensity.</param>
    /// <param name="configure">Starts the nested supervisor's children.</param>
    /// <param name="restart">When the nested supervisor is restarted (after it gave up, say).</param>
    public void StartSupervisor(SupervisorOptions options, Action<Supervisor> configure, ChildRestart restart = ChildRestart.Permanent)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configure);
        StartChild(
            token =>
            {
                var nested = new Supervisor(_job, options, token);
                configure(nested);
                return nested.Completion = nested.SuperviseAsync();
            },
            restart);
    }

    /// <summary>Runs the supervisor until every child has ended for good (or it gave up).</summary>
    internal async Task SuperviseAsync()
    {
        try
        {
            await SuperviseChildrenAsync().ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _finished = true;
            }
        }
    }

    private async Task SuperviseChildrenAsync()
    {
        lock (_gate)
        {
            if (_children.Count == 0)
            {
                return;
            }
        }

        await foreach (var (child, run) in _ended.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            List<SupervisedChild> restart;
            lock (_gate)
            {
                if (child.Run != run)
                {
                    continue; // stopped by a restart of its group, and started again since
                }

                child.Run = null;
                restart = Decide_NeedsLock(child, run);
            }

            if (restart.Count > 0)
            {
                if (!_intensity.AllowsRestart(_restarts, _job.TimeProvider.GetUtcNow()))
                {
                    await StopAllAsync().ConfigureAwait(false);
                    throw new ModuletException(
                        $"A {_options.Strategy} supervisor of job {_job.Label} gave up: more than {_intensity.MaxRestarts} restarts within {_intensity.Within}.",
                        FailureOf(run));
                }

                if (FailureOf(run) is { } failure)
                {
                    _job.OnChildRestarted(failure, _restarts.Count, $"{_options.Strategy}, {_intensity}");
                }

                await RestartAsync(restart).ConfigureAwait(false);
            }

            lock (_gate)
            {
                if (!_children.Any(c => c.Run is not null))
                {
                    break;
                }
            }
        }

        _stopping.ThrowIfCancellationRequested();
    }

    /// <summary>Decides, for a child that ended, which children start again (empty: none), by its restart type and the strategy.</summary>
    private List<SupervisedChild> Decide_NeedsLock(SupervisedChild child, Task run)
    {
        // OTP restarts a transient child on every exit but a normal one or its shutdown: a cancellation that is not the
        // supervisor stopping it (an HttpClient timeout, say) is an abnormal exit.
        var failed = run.IsFaulted || (run.IsCanceled && child.Cancellation?.IsCancellationRequested != true);
        var again = !_stopping.IsCancellationRequested && child.Restart switch
        {
            ChildRestart.Permanent => true,
            ChildRestart.Transient => failed,
            _ => false,
        };
        if (!again)
        {
            Remove_NeedsLock(child);
            return [];
        }

        var index = _children.IndexOf(child);
        return _options.Strategy switch
        {
            SupervisionStrategy.OneForAll => [.. _children],
            SupervisionStrategy.RestForOne => [.. _children.Skip(index)],
            _ => [child],
        };
    }

    /// <summary>Stops the group's running children, then starts the group again in order; temporary ones stopped this way are not restarted.</summary>
    private async Task RestartAsync(List<SupervisedChild> group)
    {
        List<Task> stopping;
        lock (_gate)
        {
            stopping = [.. group.Where(c => c.Run is not null).Select(Stop_NeedsLock)];
        }

        await Quietly(stopping).ConfigureAwait(false);
        List<SupervisedChild.PendingStart> starts = [];
        lock (_gate)
        {
            foreach (var child in group)
            {
                if (child.Restart == ChildRestart.Temporary)
                {
                    Remove_NeedsLock(child);
                }
                else if (!_stopping.IsCancellationRequested)
                {
                    starts.Add(Start_NeedsLock(child));
                }
            }

            _starts = SupervisedChild.StartInOrder(_starts, starts);
        }
    }

    private async Task StopAllAsync()
    {
        List<Task> stopping;
        lock (_gate)
        {
            stopping = [.. _children.Where(c => c.Run is not null).Select(Stop_NeedsLock)];
            _children.ForEach(child => child.Cancellation?.Dispose());
            _children.Clear();
        }

        await Quietly(stopping).ConfigureAwait(false);
    }

    /// <summary>Why a child's run ended abnormally: its exception, or the cancellation that did not come from its supervisor.</summary>
    private static Exception? FailureOf(Task run) =>
        run.Exception?.InnerException ?? (run.IsCanceled ? new OperationCanceledException("The child was cancelled by something other than its supervisor (a timeout, say).") : null);

    private static Task Quietly(List<Task> tasks) =>
        Task.WhenAll(tasks).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private void Remove_NeedsLock(SupervisedChild child)
    {
        _children.Remove(child);
        child.Cancellation?.Dispose();
    }

    private Task Stop_NeedsLock(SupervisedChild child)
    {
        var run = child.Run!;
        child.Run = null;
        child.Cancellation!.Cancel();
        return run;
    }

    /// <summary>Makes a child's run, which <see cref="SupervisedChild.StartInOrder"/> then starts: the supervisor can stop it (or see it end) from now on.</summary>
    private SupervisedChild.PendingStart Start_NeedsLock(SupervisedChild child)
    {
        child.Cancellation?.Dispose();
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        child.Cancellation = cancellation;
        var started = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = started.Task.Unwrap();
        child.Run = run;
        _ = run.ContinueWith(ended => _ended.Writer.TryWrite((child, ended)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return new SupervisedChild.PendingStart(child.Work, started, cancellation.Token);
    }
}
