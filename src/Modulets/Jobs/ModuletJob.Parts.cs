using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Modulets;

/// <content>Running a job's parts, its body and its children, each in the job's flow, and completing the job when the last one ends.</content>
public partial class ModuletJob
{
    /// <summary>Runs the body in the job's flow; its outcome reaches the caller through <see cref="Completion"/> only.</summary>
    private Task RunBodyAsync() => RunPartAsync(static (job, _) => job.InvokeBody(), null, isChild: false);

    /// <summary>Runs a child in the job's flow, under its restart strategy; its task faults with its failure too.</summary>
    private Task RunChildAsync(Func<CancellationToken, Task> child, RestartStrategy restart) =>
        RunPartAsync(
            static (job, state) =>
            {
                var (child, restart) = ((Func<CancellationToken, Task>, RestartStrategy))state!;
                job.ThrowIfCanceled();
                return restart.RunAsync(child, job._registry.TimeProvider, job.OnChildRestarted, job.Label, job.Cancellation);
            },
            (child, restart),
            isChild: true);

    /// <summary>Runs one part of the job (the body or a child) in the job's flow, records how it ended, and ends it; a child's task also faults with its failure.</summary>
    private async Task RunPartAsync(Func<ModuletJob, object?, Task> run, object? state, bool isChild)
    {
        // No local of this method may hold the load context across an await: the state machine is the task the caller keeps.
        var outer = JobFlow.Enter(this);
        ExceptionDispatchInfo? outcome = null;
        var suspended = false;
        try
        {
            var running = run(this, state);
            suspended = !running.IsCompleted;
            await running.ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (_cancellation.IsRequested)
        {
            _parts.RecordCanceled();
            outcome = ExceptionDispatchInfo.Capture(e);
        }
        catch (Exception e)
        {
            _parts.RecordFailure(e);
            Cancel();
            outcome = ExceptionDispatchInfo.Capture(e);
        }

        // A part that suspended left frames that are still unwinding on its thread, and this method's state holds the
        // flow it captured there: yield once, from a flow without the job, so both are gone before the part ends.
        JobFlow.Leave(outer);
        if (suspended)
        {
            await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        }

        EndPart(isChild);
        if (isChild)
        {
            outcome?.Throw();
        }
    }

    /// <summary>Makes the calling thread's code the job's body (<see cref="ModuletManager.EnterJob"/>): enters the job's flow there, and returns the flow to go back to.</summary>
    internal ExecutionContext? Enter(CancellationToken cancellationToken)
    {
        _cancellation.LinkTo(static job => ((ModuletJob)job!).Cancel(), this, cancellationToken);
        var outer = JobFlow.Enter(this);
        _activity = ModuletsTelemetry.StartJobActivity(this, null);
        return outer;
    }

    /// <summary>Ends the body that <see cref="Enter"/> began: records how it ended, goes back to the caller's flow, and ends the part.</summary>
    internal void Exit(ExecutionContext? outer, Exception? failure)
    {
        if (failure is OperationCanceledException && _cancellation.IsRequested)
        {
            _parts.RecordCanceled();
        }
        else if (failure is not null)
        {
            _parts.RecordFailure(failure);
            Cancel();
        }

        JobFlow.Leave(outer);
        EndPart(isChild: false);
    }

    /// <summary>Calls the body once, and lets go of it: the job must not hold the caller's delegate for its whole life.</summary>
    private Task InvokeBody()
    {
        // Started in the job's flow, so the span is current for the job's code and never for the caller's.
        _activity = ModuletsTelemetry.StartJobActivity(this, Interlocked.Exchange(ref _parentActivity, null));
        var taken = Interlocked.Exchange(ref _body, null);
        ThrowIfCanceled();
        return taken switch
        {
            Func<ModuletJob, Task> body => body(this),
            Func<ModuletJob, CancellationToken, Task> body => body(this, Cancellation),
            _ => Task.CompletedTask,
        };
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

    /// <summary>Ends a part before it starts when the job was cancelled first (it raced the manager's stop, or the caller's token had fired).</summary>
    private void ThrowIfCanceled()
    {
        if (_cancellation.IsRequested)
        {
            throw new OperationCanceledException(Cancellation);
        }
    }

    private void OnChildRestarted(Exception failure, int restarts, RestartStrategy restart) => OnChildRestarted(failure, restarts, restart.ToString());

    internal void OnChildRestarted(Exception failure, int restarts, string strategy) =>
        Log.ChildRestarted(_registry.Logger, failure, Id, Version.ShortId, restarts, strategy);

    internal TimeProvider TimeProvider => _registry.TimeProvider;

    private void EndPart(bool isChild)
    {
        if (!(isChild ? _parts.EndChild() : _parts.End()))
        {
            return;
        }

        _cancellation.UnlinkFromCaller();
        if (_end.Signal() is { } endedCallbackFailures)
        {
            Log.EndedCallbackFailed(_registry.Logger, endedCallbackFailures, Id, Version.ShortId);
        }

        ServiceDisposal.Dispose(Interlocked.Exchange(ref _scope, null), _registry.Logger, Version.ShortId);
        var failures = _parts.Failures;
        _activity?.SetStatus(failures.Length > 0 ? ActivityStatusCode.Error : ActivityStatusCode.Ok, failures.FirstOrDefault()?.Message).Dispose();
        try
        {
            _registry.OnJobEnded(this, failures.FirstOrDefault());
        }
        finally
        {
            Complete(failures);
        }
    }

    private void Complete(Exception[] failures)
    {
        if (failures.Length > 0)
        {
            // Observed at once: the failure is logged (event 9), so a job nobody awaits raises no unobserved-task event.
            _completion.TrySetException(failures);
            _ = _completion.Task.Exception;
        }
        else if (_parts.AnyCanceled)
        {
            _completion.TrySetCanceled(Cancellation);
        }
        else
        {
            _completion.TrySetResult();
        }

        OnEnded(_completion.Task);
    }
}
