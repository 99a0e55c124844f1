namespace Modulets;

/// <summary>
/// Runs callbacks one at a time, in order, on the thread pool and outside any caller's execution context: events are
/// raised without blocking (or re-entering) the code that caused them, and a handler never captures a job's flow.
/// </summary>
internal sealed class SerialDispatcher(Action<Exception> onError)
{
    private readonly Lock _gate = new();
    private readonly Queue<Action> _pending = new();
    private bool _draining;

    public void Post(Action action)
    {
        lock (_gate)
        {
            _pending.Enqueue(action);
            if (_draining)
            {
                return;
            }

            _draining = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(static dispatcher => dispatcher.Drain(), this, preferLocal: false);
    }

    /// <summary>Gets a task that completes once every action posted so far has run.</summary>
    public Task WhenDrained()
    {
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(drained.SetResult);
        return drained.Task;
    }

    private void Drain()
    {
        while (true)
        {
            Action next;
            lock (_gate)
            {
                if (!_pending.TryDequeue(out next!))
                {
                    _draining = false;
                    return;
                }
            }

            try
            {
                next();
            }
            catch (Exception e)
            {
                onError(e);
            }
        }
    }
}
