namespace Modulets;

/// <summary>
/// How a manager gets to its first version, in the style of <see cref="VersionLifecycle"/>: <see cref="FirstVersionState.NotRead"/>
/// until the host starts (or the first job, or <c>Refresh</c>); <see cref="FirstVersionState.Pending"/> while the source
/// is still getting its first content (a feed's first install); <see cref="FirstVersionState.Failed"/> while the content
/// is bad (<c>StartJob</c> reports why, and reads again once the content changed); <see cref="FirstVersionState.Serving"/>
/// once a version is current, for good (later bad content is only a rejected update); <see cref="FirstVersionState.Stopped"/>
/// once the manager stops reading. Changed only under the update loader's lock; read from anywhere.
/// </summary>
internal sealed class FirstVersion
{
    private readonly TaskCompletionSource<ModuleVersion> _version = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile FirstVersionState _state;

    public FirstVersionState State => _state;

    /// <summary>Gets why no version serves yet, while <see cref="State"/> is pending or failed.</summary>
    public ModuleLoadException? Problem { get; private set; }

    /// <summary>Gets a task that completes with the first version that becomes current.</summary>
    public Task<ModuleVersion> Version => _version.Task;

    /// <summary>Gets a task that completes once a version serves, or the source's answer is a real problem (not merely pending).</summary>
    public Task Settled => _settled.Task;

    /// <summary>The source is still getting its first content.</summary>
    public void OnPending(ModuleLoadException problem) => MoveUnlessServing(FirstVersionState.Pending, problem);

    /// <summary>The content cannot become a version.</summary>
    public void OnFailed(ModuleLoadException problem)
    {
        MoveUnlessServing(FirstVersionState.Failed, problem);
        _settled.TrySetResult();
    }

    /// <summary>A version is current: from now on, there is always one.</summary>
    public void OnServing(ModuleVersion version)
    {
        if (_state != FirstVersionState.Stopped)
        {
            _state = FirstVersionState.Serving;
        }

        Problem = null;
        _version.TrySetResult(version);
        _settled.TrySetResult();
    }

    public void Stop() => _state = FirstVersionState.Stopped;

    private void MoveUnlessServing(FirstVersionState state, ModuleLoadException problem)
    {
        if (_state is FirstVersionState.NotRead or FirstVersionState.Pending or FirstVersionState.Failed)
        {
            _state = state;
            Problem = problem;
        }
    }
}
