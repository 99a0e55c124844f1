using System.Diagnostics;

namespace Modulets;

/// <content>
/// Running a job: its body, with the job as its own thread-pool work item, in the job's flow (or the caller's code, for
/// <see cref="ModuletManager.EnterJob"/>); recording how each part ended; and completing the job when its last part ends.
/// </content>
public partial class ModuletJob
{
    /// <summary>Queues the body (a <c>Func&lt;ModuletJob, Task&gt;</c> or <c>Func&lt;ModuletJob, CancellationToken, Task&gt;</c>, with or without a result) on the thread pool, in the caller's flow unless the caller is a job.</summary>
    internal void Start(Delegate body, CancellationToken cancellationToken)
    {
        LinkTo(cancellationToken);
        _body = body;
        if (JobFlow.Current is null)
        {
            // What ThreadPool.QueueUserWorkItem would flow; null when the caller suppressed the flow.
            _outerFlow = ExecutionContext.Capture();
        }
        else if (Activity.Current is { } parent && ModuletsTelemetry.Tracing.HasListeners())
        {
            // Started from another job's flow, which holds that job's version (its load context, the module's own
            // async locals): a top-level job starts clean of it, keeping on purpose only the trace it belongs to.
            Occasional.ParentActivity = parent;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>Runs the body in the job's flow. A body that completes ends the job here; one that waits ends it from its task's continuation.</summary>
    void IThreadPoolWorkItem.Execute()
    {
        if (Interlocked.Exchange(ref _body, null) is not Delegate body)
        {
            return;
        }

        if (_outerFlow is { } caller)
        {
            ExecutionContext.Restore(caller);
        }

        var outer = JobFlow.Enter(this);
        Task? running = null;
        try
        {
            running = InvokeBody(body);
        }
        catch (Exception e)
        {
            RecordEnd(e);
        }

        _body = running;
        if (running is null || running.IsCompleted)
        {
            RecordOutcome(running);
            JobFlow.Leave(outer);
            EndPart(isChild: false);
            return;
        }

        _outerFlow = outer;
        running.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(OnBodyCompleted);
    }

    /// <summary>Ends the body that waited, on the thread that completed its task: in the flow the body started from, which that thread gets back afterwards.</summary>
    private void OnBodyCompleted()
    {
        RecordOutcome((Task?)_body);
        ExecutionContext.Run(_outerFlow ?? JobFlow.Empty, static job => ((ModuletJob)job!).EndPart(isChild: false), this);
    }

    /// <summary>Calls the body once, with its trace started in the job's flow (so the span is current for the job's code and never for the caller's).</summary>
    private Task InvokeBody(Delegate body)
    {
        StartActivity();
        ThrowIfCanceled();
        return body switch
        {
            Func<ModuletJob, Task> plain => plain(this),
            Func<ModuletJob, CancellationToken, Task> cancellable => cancellable(this, Cancellation),
            _ => Task.CompletedTask,
        } ?? throw new InvalidOperationException($"The body of job {Label} returned no task (null).");
    }

    /// <summary>Makes the calling thread's code the job's body (<see cref="ModuletManager.EnterJob"/>): enters the job's flow there, and returns the flow to go back to.</summary>
    internal ExecutionContext? Enter(CancellationToken cancellationToken)
    {
        LinkTo(cancellationToken);
        var outer = JobFlow.Enter(this);
        StartActivity();
        return outer;
    }

    /// <summary>Ends the body that <see cref="Enter"/> began: records how it ended, goes back to the caller's flow, and ends the part.</summary>
    internal void Exit(ExecutionContext? outer, Exception? failure)
    {
        if (failure is not null)
        {
            RecordEnd(failure);
        }

        JobFlow.Leave(outer);
        EndPart(isChild: false);
    }

    private void LinkTo(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            Occasional.LinkTo(static job => ((ModuletJob)job!).Cancel(), this, cancellationToken);
        }
    }

    private void StartActivity()
    {
        if (ModuletsTelemetry.Tracing.HasListeners())
        {
            var occasional = Occasional;
            occasional.Activity = ModuletsTelemetry.StartJobActivity(this, occasional.ParentActivity);
            occasional.ParentActivity = null;
        }
    }

    private bool IsCancellationRequested => Volatile.Read(ref _occasional)?.IsCancellationRequested ?? false;

    /// <summary>Ends a part before it starts when the job was cancelled first (it raced the manager's stop, or the caller's token had fired).</summary>
    private void ThrowIfCanceled()
    {
        if (IsCancellationRequested)
        {
            throw new OperationCanceledException(Cancellation);
        }
    }

    /// <summary>Records how a completed body's task ended, as awaiting it would have thrown.</summary>
    private void RecordOutcome(Task? ended)
    {
        if (ended is null || ended.IsCompletedSuccessfully)
        {
            return;
        }

        try
        {
            ended.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            RecordEnd(e);
        }
    }

    /// <summary>Records a part's exception: a cancellation after the job's own counts as cancelled; anything else fails the job, whose other parts are cancelled.</summary>
    private void RecordEnd(Exception exception)
    {
        if (exception is OperationCanceledException && IsCancellationRequested)
        {
            Occasional.RecordCanceled();
            return;
        }

        Occasional.RecordFailure(exception);
        Cancel();
    }

    /// <summary>Ends a part; the last one ends the job: its clean-up runs, its version's lease is released, and its completion is set.</summary>
    private void EndPart(bool isChild)
    {
        if (isChild)
        {
            Interlocked.Decrement(ref _runningChildren);
        }

        if (Interlocked.Decrement(ref _runningParts) != 0)
        {
            return;
        }

        var occasional = Volatile.Read(ref _occasional);
        Exception[] failures = [];
        if (occasional is not null)
        {
            occasional.UnlinkFromCaller();
            if (occasional.SignalEnd() is { } endedCallbackFailures)
            {
                Log.EndedCallbackFailed(_registry.Logger, endedCallbackFailures, Id, Version.ShortId);
            }

            ServiceDisposal.Dispose(occasional.TakeScope(), _registry.Logger, Version.ShortId);
            failures = occasional.Failures;
            occasional.Activity?.SetStatus(failures.Length > 0 ? ActivityStatusCode.Error : ActivityStatusCode.Ok, failures.FirstOrDefault()?.Message).Dispose();
        }

        try
        {
            _registry.OnJobEnded(this, failures.FirstOrDefault());
        }
        finally
        {
            Complete(failures, occasional?.AnyCanceled ?? false);
        }
    }

    private void Complete(Exception[] failures, bool anyCanceled)
    {
        var body = Interlocked.Exchange(ref _body, null) as Task;
        _outerFlow = null;

        // Continuations run inline, as after Task.Run: the job's flow has been left, so nothing that continues here runs in it.
        SetOutcome(failures, anyCanceled, body);
    }
}
