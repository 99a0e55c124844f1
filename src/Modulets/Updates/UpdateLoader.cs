using Microsoft.Extensions.Logging;

namespace Modulets;

/// <summary>
/// Picks up updates: reads the source when asked or when it changed, makes new good content the current version (or
/// a draining version with that very content current again), and rejects bad content, logged once, keeping the
/// current version. Reads happen one at a time (the methods that must hold the lock end in <c>_NeedsLock</c>).
/// </summary>
internal sealed class UpdateLoader
{
    private readonly Lock _gate = new();
    private readonly RepeatedProblemFilter _rejections = new();
    private readonly FirstVersion _first = new();
    private readonly ModuleSource _source;
    private readonly IsolationPolicy _isolation;
    private readonly VersionCatalog _catalog;
    private readonly VersionFactory _factory;
    private readonly VersionRetirement _retirement;
    private readonly VersionEvents _events;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CanaryRollouts? _rollouts;
    private volatile ModuleVersion? _current;
    private string? _fingerprintOfCurrent;
    private string? _fingerprintAtLastFailure;

    /// <summary>Wires the loader; <paramref name="rollouts"/> are the canary rollouts new content goes through once a version is current, or <see langword="null"/> to make it current at once.</summary>
    public UpdateLoader(ModuleSource source, IsolationPolicy isolation, VersionCatalog catalog, VersionFactory factory, VersionRetirement retirement, VersionEvents events, TimeProvider timeProvider, ILogger logger, CanaryRollouts? rollouts)
    {
        (_source, _isolation, _catalog, _factory, _retirement, _events, _timeProvider, _logger, _rollouts) = (source, isolation, catalog, factory, retirement, events, timeProvider, logger, rollouts);
        rollouts?.Promotion = Promote;
    }

    /// <summary>Gets the version new jobs start on (the stable one, under a canary rollout), or <see langword="null"/> while no good version has loaded.</summary>
    public ModuleVersion? Current => _current;

    /// <summary>Gets a task that completes with the first version that becomes current.</summary>
    public Task<ModuleVersion> FirstVersion => _first.Version;

    /// <summary>Gets a task that completes once the source has delivered its first version, or a first answer that is a real problem (not merely pending).</summary>
    public Task FirstReadSettled => _first.Settled;

    /// <summary>Gets whether the last read found the source still getting its first content.</summary>
    public bool IsPending => _first.State == FirstVersionState.Pending;

    /// <summary>Gets why the newest content was rejected, while it stays rejected (cleared once the newest content is good).</summary>
    public ModuleLoadException? Rejection { get; private set; }

    /// <summary>Gets the current version, loading the first one if none serves yet: at once when nothing was read, otherwise only when the source changed since the last problem (then only its fingerprint is read).</summary>
    /// <exception cref="ModuleLoadException">No good version could be loaded.</exception>
    public ModuleVersion GetOrLoadFirst() => _current ?? ReadIf(() => _first.State switch
    {
        FirstVersionState.NotRead => true,
        FirstVersionState.Pending or FirstVersionState.Failed => _source.GetFingerprint() != _fingerprintAtLastFailure,
        _ => false,
    });

    /// <summary>Gets the current version, reading nothing.</summary>
    /// <exception cref="ModuleLoadException">No good version serves yet; the message says why (not read yet, pending, or the problem).</exception>
    public ModuleVersion GetCurrent() => _current ?? throw NoVersionError();

    /// <summary>Reads the source now.</summary>
    /// <exception cref="ModuleLoadException">No good version has ever loaded.</exception>
    public ModuleVersion Refresh() => ReadIf(static () => true);

    /// <summary>Reads the source when <paramref name="shouldRead_NeedsLock"/> says so (asked under the lock), then gives the current version.</summary>
    /// <exception cref="ModuleLoadException">No good version has loaded.</exception>
    private ModuleVersion ReadIf(Func<bool> shouldRead_NeedsLock)
    {
        lock (_gate)
        {
            if (shouldRead_NeedsLock())
            {
                TryLoad_NeedsLock();
            }

            return _current ?? throw NoVersionError();
        }
    }

    /// <summary>Reads the source after it reported a change, unless its content is the current one or the one last rejected; never throws.</summary>
    public void RefreshIfChanged()
    {
        try
        {
            lock (_gate)
            {
                var fingerprint = _source.GetFingerprint();
                if (fingerprint != _fingerprintOfCurrent && fingerprint != _fingerprintAtLastFailure)
                {
                    TryLoad_NeedsLock();
                }
            }
        }
        catch (Exception e)
        {
            Log.BackgroundRefreshFailed(_logger, e, _source.Location);
        }
    }

    /// <summary>Reads nothing more: a read in progress makes nothing current, and every later one does nothing.</summary>
    public void StopReading() => _first.Stop();

    /// <summary>Retires the current version when the manager is disposed (it unloads once its jobs have ended), waiting at most <paramref name="timeout"/> for a read in progress.</summary>
    /// <returns>Whether the read in progress let it.</returns>
    public bool RetireCurrent(TimeSpan timeout)
    {
        if (!_gate.TryEnter(timeout))
        {
            return false;
        }

        try
        {
            if (_current is { } current)
            {
                _retirement.RetireAndUnloadIfIdle(current);
            }

            return true;
        }
        finally
        {
            _gate.Exit();
        }
    }

    public ModuleLoadException NoVersionError() =>
        new(
            _first.Problem is not { } problem
                ? $"No version of the modules in '{_source.Location}' has loaded yet: the first load happens when the host starts, or at the first StartJob or Refresh."
                : $"No version of the modules in '{_source.Location}' could be loaded: {problem.Message}",
            _source.Location,
            _first.Problem?.FilePath,
            _first.Problem);

    private void TryLoad_NeedsLock()
    {
        if (_first.State == FirstVersionState.Stopped)
        {
            return;
        }

        var fingerprint = _source.GetFingerprint();
        var started = _timeProvider.GetTimestamp();
        using var loading = ModuletsTelemetry.StartPhase("modulets.version.load");
        bool newestWasGood;
        try
        {
            newestWasGood = LoadNewestGood_NeedsLock(_source.GetContent(), started);
        }
        catch (ModuleLoadException e) when (e.IsPending && _current is null)
        {
            _first.OnPending(e);
            _fingerprintAtLastFailure = fingerprint;
            Log.WaitingForFirstVersion(_logger, _source.Location, e.Message);
            return;
        }
        catch (ModuleLoadException e)
        {
            _first.OnFailed(e);
            _fingerprintAtLastFailure = fingerprint;
            Reject_NeedsLock(
                e,
                _current is { } current
                    ? $"Jobs keep starting on version {current.ShortId}."
                    : "No version has loaded yet: StartJob fails until the modules are fixed.");
            return;
        }

        _fingerprintOfCurrent = fingerprint;
        _fingerprintAtLastFailure = null;
        if (newestWasGood)
        {
            Rejection = null;
            _rejections.Clear();
        }
    }

    /// <summary>
    /// Makes the newest good content current: content that is rejected gives way to the source's fallback (an older
    /// versioned subfolder), each rejection logged once, but never past the current version's own content.
    /// </summary>
    /// <returns>Whether the newest content itself was good.</returns>
    /// <exception cref="ModuleLoadException">Neither the content nor any fallback can become a version.</exception>
    private bool LoadNewestGood_NeedsLock(ModuleContent content, long started)
    {
        for (var newest = true; ; newest = false)
        {
            try
            {
                var snapshot = ModuleSnapshotReader.Read(content, _isolation.Rules);
                if (_current?.Id != snapshot.Id)
                {
                    Activate_NeedsLock(snapshot, started);
                }
                else
                {
                    _rollouts?.Supersede($"the content of version {snapshot.ShortId}, the stable one, is the newest again");
                }

                return newest;
            }
            catch (ModuleLoadException e) when (_current?.Location != content.Folder)
            {
                if (_source.GetFallbackContent(content, _current?.Location) is not { } older)
                {
                    throw;
                }

                var servesCurrent = _current?.Location == older.Folder;
                Reject_NeedsLock(e, servesCurrent ? $"Jobs keep starting on version {_current!.ShortId}." : $"Trying the next older one, '{older.Folder}'.");
                if (servesCurrent)
                {
                    return false;
                }

                content = older;
            }
        }
    }

    /// <summary>
    /// Makes new content serve: a draining version with that very content current again at once (an operator's own
    /// roll-back is never slowed), otherwise a new version, current, or the candidate of a canary rollout once a
    /// version is current (unless the same content was rolled back before).
    /// </summary>
    /// <exception cref="ModuleLoadException">The new version's start-up failed.</exception>
    private void Activate_NeedsLock(ModuleSnapshot snapshot, long started)
    {
        var canary = _current is not null ? _rollouts : null;
        if (canary?.Candidate?.Id == snapshot.Id)
        {
            return;
        }

        if (canary is not null && canary.WasRolledBack(snapshot.Id))
        {
            Log.RolledBackContentIgnored(_logger, snapshot.ShortId, snapshot.Location, _current!.ShortId);
            return;
        }

        var version = _catalog.FindLive(snapshot.Id);
        if (version is not null && version.Lifecycle.TryRevive())
        {
            _retirement.OnRevived(version);
            Log.VersionRevived(_logger, version.ShortId, version.ActiveJobs);
            _rollouts?.Supersede($"the content of version {version.ShortId}, current before, came back");
        }
        else
        {
            version = _factory.Create(snapshot, started, canary is null ? ModuleVersionState.Current : ModuleVersionState.Candidate);
        }

        if (_first.State == FirstVersionState.Stopped)
        {
            // Its start-up finished after the manager began to stop: it never serves.
            _retirement.RetireAndUnloadIfIdle(version);
            return;
        }

        if (version.State == ModuleVersionState.Candidate)
        {
            canary!.Begin(version, _current!);
            return;
        }

        MakeCurrent_NeedsLock(version);
    }

    /// <summary>Makes a canary rollout's candidate current, if it still is the candidate.</summary>
    private bool Promote(ModuleVersion candidate, string reason)
    {
        lock (_gate)
        {
            if (_first.State == FirstVersionState.Stopped || !_rollouts!.TryMarkPromoted(candidate, reason))
            {
                return false;
            }

            MakeCurrent_NeedsLock(candidate);
            return true;
        }
    }

    private void MakeCurrent_NeedsLock(ModuleVersion version)
    {
        var previous = _current;
        _current = version;
        _first.OnServing(version);
        if (previous is not null)
        {
            _retirement.Retire(previous, version);
        }
    }

    /// <summary>Logs a rejected update once: a file that stays bad the same way (a copy that is still growing, say) is not logged again.</summary>
    private void Reject_NeedsLock(ModuleLoadException error, string consequence)
    {
        Rejection = error;
        if (_rejections.IsRepeat(error.FilePath ?? error.Location, error.Message))
        {
            Log.UpdateStillRejected(_logger, _source.Location, error.Message);
            return;
        }

        Log.UpdateRejected(_logger, _source.Location, error.Message, consequence);
        _events.OnUpdateRejected(new ModuleUpdateRejectedEventArgs(error.Location ?? _source.Location, error.FilePath, error.Message, consequence));
    }
}
