using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Modulets;

/// <summary>
/// What a job needs only sometimes, kept apart so that a job that is never cancelled, never fails, never asks for its
/// services and is not traced carries none of it: its cancellation (and the link to the caller's token), the token
/// that fires at its end, its services scope, its trace, and how its parts failed or were cancelled. Created by the
/// job on first need.
/// </summary>
internal sealed class OccasionalJobState
{
    private static readonly CancellationTokenSource s_ended = new(0);

    private readonly Lock _gate = new();
    private List<Exception>? _failures;
    private CancellationTokenSource? _cancellation;
    private CancellationTokenRegistration _callerRegistration;
    private CancellationTokenSource? _end;
    private IServiceScope? _scope;
    private bool _anyCanceled;

    /// <summary>Gets or sets the job's <c>modulets.job</c> activity, when a listener traces jobs.</summary>
    public Activity? Activity { get; set; }

    /// <summary>Gets or sets the trace of the job that started this one, the parent of its activity.</summary>
    public Activity? ParentActivity { get; set; }

    public bool IsCancellationRequested => Volatile.Read(ref _cancellation)?.IsCancellationRequested ?? false;

    public CancellationToken CancellationToken => Ensure(ref _cancellation).Token;

    /// <summary>Gets the token behind <see cref="ModuletJob.Ended"/>: after <see cref="SignalEnd"/>, an already cancelled one.</summary>
    public CancellationToken EndToken => Ensure(ref _end).Token;

    public bool AnyCanceled
    {
        get
        {
            lock (_gate)
            {
                return _anyCanceled;
            }
        }
    }

    /// <summary>Gets the distinct failures, in the order they happened.</summary>
    public Exception[] Failures
    {
        get
        {
            lock (_gate)
            {
                return _failures is null ? [] : [.. _failures.Distinct()];
            }
        }
    }

    /// <summary>Makes the caller's token cancel the job, through <paramref name="cancel"/>.</summary>
    public void LinkTo(Action<object?> cancel, object job, CancellationToken caller) => _callerRegistration = caller.UnsafeRegister(cancel, job);

    public void UnlinkFromCaller() => _callerRegistration.Dispose();

    /// <summary>Cancels the job; returns what its cancellation callbacks threw, if anything.</summary>
    public AggregateException? Cancel() => Fire(Ensure(ref _cancellation));

    /// <summary>Fires <see cref="EndToken"/> once; returns what its callbacks threw, if anything.</summary>
    public AggregateException? SignalEnd()
    {
        var end = Interlocked.Exchange(ref _end, s_ended);
        return end is null || ReferenceEquals(end, s_ended) ? null : Fire(end);
    }

    public void RecordFailure(Exception failure)
    {
        lock (_gate)
        {
            (_failures ??= []).Add(failure);
        }
    }

    public void RecordCanceled()
    {
        lock (_gate)
        {
            _anyCanceled = true;
        }
    }

    public IServiceScope GetOrCreateScope(Func<IServiceScope> create)
    {
        var scope = Volatile.Read(ref _scope);
        if (scope is null)
        {
            var created = create();
            scope = Interlocked.CompareExchange(ref _scope, created, null) ?? created;
            if (!ReferenceEquals(scope, created))
            {
                created.Dispose();
            }
        }

        return scope;
    }

    public IServiceScope? TakeScope() => Interlocked.Exchange(ref _scope, null);

    private static CancellationTokenSource Ensure(ref CancellationTokenSource? field)
    {
        var source = Volatile.Read(ref field);
        if (source is null)
        {
            var created = new CancellationTokenSource();
            source = Interlocked.CompareExchange(ref field, created, null) ?? created;
        }

        return source;
    }

    private static AggregateException? Fire(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
            return null;
        }
        catch (AggregateException e)
        {
            return e;
        }
    }
}
