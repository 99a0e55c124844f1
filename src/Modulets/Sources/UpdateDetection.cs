namespace Modulets;

/// <summary>How the folder source notices that the modules folder changed.</summary>
public enum UpdateDetection
{
    /// <summary>File-system events (inotify, ReadDirectoryChangesW, FSEvents); falls back to polling if the watcher cannot run.</summary>
    FileSystemWatcher,

    /// <summary>Compares file names, sizes and write times every <see cref="ModuletOptions.PollingInterval"/>: for network shares and containers where events are unreliable.</summary>
    Polling,

    /// <summary>Only <see cref="ModuletManager.Refresh"/> reads the folder.</summary>
    Manual,
}
