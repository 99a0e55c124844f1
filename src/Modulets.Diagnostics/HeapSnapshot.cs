using System.Diagnostics;
using Microsoft.Diagnostics.NETCore.Client;

namespace Modulets.Diagnostics;

/// <summary>A heap dump of a local .NET process, written through the runtime's diagnostics port, deleted on dispose unless kept.</summary>
internal sealed class HeapSnapshot : IDisposable
{
    private readonly bool _keep;
    private readonly string? _ownDirectory;

    private HeapSnapshot(string path, bool keep, string? ownDirectory, TimeSpan took)
    {
        Path = path;
        _keep = keep;
        _ownDirectory = ownDirectory;
        Took = took;
    }

    public string Path { get; }

    public long Bytes => new FileInfo(Path).Length;

    public TimeSpan Took { get; }

    /// <summary>
    /// Writes a dump with the heap of process <paramref name="processId"/> into <paramref name="directory"/>, or into a
    /// new folder only this user can read (the dump holds all the process's data) when none is given.
    /// </summary>
    /// <exception cref="HeapSnapshotException">The snapshot is not possible; the message says why.</exception>
    public static async Task<HeapSnapshot> TakeAsync(int processId, string? directory, bool keep, CancellationToken cancellationToken)
    {
        var needed = WorkingSet(processId);
        var ownDirectory = directory is null ? Directory.CreateTempSubdirectory("modulets-why-").FullName : null;
        directory ??= ownDirectory!;
        Directory.CreateDirectory(directory);
        var free = new DriveInfo(System.IO.Path.GetFullPath(directory)).AvailableFreeSpace;
        if (free < needed)
        {
            Discard(path: null, ownDirectory);
            throw new HeapSnapshotException(
                $"A heap snapshot of process {processId} needs about {Megabytes(needed)} (its working set) and {directory} has {Megabytes(free)} free; choose a folder with --dump-dir (the target process writes it: its user needs write access).");
        }

        var path = System.IO.Path.Combine(System.IO.Path.GetFullPath(directory), $"modulets-why-{processId}-{DateTime.UtcNow:yyyyMMddHHmmss}.dmp");
        var clock = Stopwatch.StartNew();
        try
        {
            await new DiagnosticsClient(processId).WriteDumpAsync(DumpType.WithHeap, path, logDumpGeneration: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not ServerNotAvailableException and not DiagnosticsClientException)
        {
            Discard(path, ownDirectory);
            throw;
        }
        catch (ServerNotAvailableException e)
        {
            Discard(path, ownDirectory);
            throw new HeapSnapshotException(
                $"Process {processId} has no diagnostics port this user can open ({e.Message}): it must be a .NET process of this user (or run this as root), with DOTNET_EnableDiagnostics not set to 0, sharing this machine's temporary folder.", e);
        }
        catch (DiagnosticsClientException e)
        {
            Discard(path, ownDirectory);
            throw new HeapSnapshotException(
                $"Process {processId} could not write a heap snapshot: {e.Message} (in a container, the runtime's createdump needs the SYS_PTRACE capability; the disk needs room for the heap).", e);
        }

        return new HeapSnapshot(path, keep, ownDirectory, clock.Elapsed);
    }

    public void Dispose()
    {
        if (!_keep)
        {
            Discard(Path, _ownDirectory);
        }
    }

    private static void Discard(string? path, string? ownDirectory)
    {
        if (path is not null)
        {
            File.Delete(path);
        }

        if (ownDirectory is not null)
        {
            Directory.Delete(ownDirectory, recursive: true);
        }
    }

    private static long WorkingSet(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return process.WorkingSet64;
        }
        catch (ArgumentException)
        {
            throw new HeapSnapshotException($"No process has the id {processId} on this machine.");
        }
    }

    private static string Megabytes(long bytes) => $"{bytes / (1024 * 1024)} MB";
}
