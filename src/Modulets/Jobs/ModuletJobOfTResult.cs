using System.Runtime.CompilerServices;

namespace Modulets;

/// <summary>A job whose body produces a result: <c>await job</c> gives it. Everything else is as for any <see cref="ModuletJob"/>.</summary>
/// <typeparam name="TResult">The body's result type; a contract type (or a framework type), never a module type, if it is to outlive the job's version.</typeparam>
public sealed class ModuletJob<TResult> : ModuletJob
{
    private readonly TaskCompletionSource<TResult> _result = new();

    internal ModuletJob(JobRegistry registry, ModuleVersion version, long id, JobOptions? options)
        : base(registry, version, id, options, completion: null)
    {
    }

    /// <summary>Gets a task that completes when the body and every spawned child have ended: with the body's result, faulted with their failures, or canceled.</summary>
    public new Task<TResult> Completion => _result.Task;

    /// <summary>Lets <c>await job</c> wait for <see cref="Completion"/> and give the body's result.</summary>
    /// <returns>The awaiter of <see cref="Completion"/>.</returns>
    public new TaskAwaiter<TResult> GetAwaiter() => _result.Task.GetAwaiter();

    private protected override Task CompletionTask => _result.Task;

    /// <summary>Gives the body's result once the whole job (children included) has ended.</summary>
    private protected override void SetOutcome(Exception[] failures, bool canceled, Task? body)
    {
        if (failures.Length > 0)
        {
            _result.TrySetException(failures);
            _ = _result.Task.Exception;
        }
        else if (canceled)
        {
            _result.TrySetCanceled(Cancellation);
        }
        else
        {
            _result.TrySetResult(((Task<TResult>)body!).Result);
        }
    }
}
