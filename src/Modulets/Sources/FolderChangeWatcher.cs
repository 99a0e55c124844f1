using Microsoft.Extensions.Logging;

namespace Modulets;

/// <summary>
/// Reports changes of a folder: from file-system events, or by comparing fingerprints on a timer where events are
/// unreliable (network shares, some containers) or the watcher cannot run.
/// </summary>
internal sealed class FolderChangeWatcher : IDisposable
{
    private const int SafetyPollingFactor = 10;

    private readonly string _folder;
    private readonly TimeSpan _pollingInterval;
    private readonly Func<string> _fingerprint;
    private readonly ModuleSourceContext _context;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private FileSystemWatcher? _watcher;
    private FileSystemWatcher? _parentWatcher;
    private ITimer? _poller;
    private string? _lastFingerprint;
    private bool _disposed;

    public FolderChangeWatcher(string folder, UpdateDetection detection, TimeSpan pollingInterval, Func<string> fingerprint, ModuleSourceContext context)
    {
        _folder = folder;
        _pollingInterval = pollingInterval;
        _fingerprint = fingerprint;
        _context = context;
        _logger = context.LoggerFactory.CreateLogger<ModuletManager>();
        if (detection == UpdateDetection.FileSystemWatcher)
        {
            if (TryWatch(out var reason))
            {
                WatchParent();
                // A safety net for what file-system events miss, such as the folder itself being replaced.
                StartPolling(pollingInterval * SafetyPollingFactor);
                return;
            }

            Log.WatcherUnavailable(_logger, folder, reason, pollingInterval);
        }

        StartPolling(pollingInterval);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _watcher?.Dispose();
            _parentWatcher?.Dispose();
            _poller?.Dispose();
        }
    }

    private bool TryWatch(out string reason)
    {
        try
        {
            var watcher = new FileSystemWatcher(_folder)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            watcher.Changed += OnEvent;
            watcher.Created += OnEvent;
            watcher.Deleted += OnEvent;
            watcher.Renamed += OnEvent;
            watcher.Error += OnError;
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
            reason = string.Empty;
            return true;
        }
        catch (Exception e) when (e is ArgumentException or IOException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            reason = e.Message;
            return false;
        }
    }

    /// <summary>
    /// Watches the folder's parent for the folder itself: a watcher dies with the folder it watches, so a folder that is
    /// deleted and created again (or replaced by a rename) is watched again at once, not at the next safety poll.
    /// </summary>
    private void WatchParent()
    {
        if (Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(_folder)) is not { Length: > 0 } parent)
        {
            return;
        }

        try
        {
            var watcher = new FileSystemWatcher(parent, Path.GetFileName(Path.TrimEndingDirectorySeparator(_folder)))
            {
                NotifyFilter = NotifyFilters.DirectoryName,
            };
            watcher.Created += OnFolderReplaced;
            watcher.Renamed += OnFolderReplaced;
            watcher.Deleted += OnFolderReplaced;
            watcher.EnableRaisingEvents = true;
            _parentWatcher = watcher;
        }
        catch (Exception e) when (e is ArgumentException or IOException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            // The safety poll still notices the folder coming back.
        }
    }

    private void OnFolderReplaced(object sender, FileSystemEventArgs e)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _watcher?.Dispose();
            _watcher = null;
            if (Directory.Exists(_folder))
            {
                _ = TryWatch(out _);
            }
        }

        _context.NotifyChanged();
    }

    private void OnEvent(object sender, FileSystemEventArgs e) => _context.NotifyChanged();

    private void OnError(object sender, ErrorEventArgs e)
    {
        // Events were lost (buffer overflow) or the folder went away: nothing is certain any more, so read the folder
        // again and keep watching it by polling.
        lock (_gate)
        {
            if (!ReferenceEquals(sender, _watcher))
            {
                // A watcher of a folder that has since been replaced: its successor is watched already.
                return;
            }

            _watcher?.Dispose();
            _watcher = null;
        }

        Log.WatcherUnavailable(_logger, _folder, e.GetException().Message, _pollingInterval);

        StartPolling(_pollingInterval);
        _context.NotifyChanged();
    }

    private void StartPolling(TimeSpan interval)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _lastFingerprint ??= _fingerprint();
            if (_poller is not null)
            {
                _poller.Change(interval, interval);
                return;
            }

            _poller = BackgroundWork.CreateTimer(_context.TimeProvider, Poll, interval, interval);
        }
    }

    private void Poll()
    {
        var fingerprint = _fingerprint();
        lock (_gate)
        {
            if (fingerprint == _lastFingerprint)
            {
                return;
            }

            _lastFingerprint = fingerprint;
        }

        _context.NotifyChanged();
    }
}
