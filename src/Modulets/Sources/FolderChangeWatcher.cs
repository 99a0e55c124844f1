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

    private void OnEvent(object sender, FileSystemEventArgs e) => _context.NotifyChanged();

    private void OnError(object sender, ErrorEventArgs e)
    {
        // Events were lost (buffer overflow) or the folder went away: nothing is certain any more, so read the folder
        // again and keep watching it by polling.
        Log.WatcherUnavailable(_logger, _folder, e.GetException().Message, _pollingInterval);
        lock (_gate)
        {
            _watcher?.Dispose();
            _watcher = null;
        }

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
