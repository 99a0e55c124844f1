using System.Globalization;

namespace Modulets.Control;

/// <summary>
/// Where control sockets live, so that a host and the <c>modulets</c> console agree without configuration: one socket
/// per process, <c>modulets-{pid}.sock</c>, in a folder only its user can enter (as the runtime's diagnostic sockets do).
/// </summary>
public static class ControlSocketPaths
{
    /// <summary>The environment variable that moves the folder (for the host and the console alike).</summary>
    public const string DirectoryVariable = "MODULETS_SOCKET_DIR";

    private const string FilePrefix = "modulets-";
    private const string FileSuffix = ".sock";

    /// <summary>
    /// Gets the folder control sockets live in: <c>$MODULETS_SOCKET_DIR</c> when set, else <c>$XDG_RUNTIME_DIR/modulets</c>
    /// (a per-user folder the system made), else <c>modulets-{uid}</c> in the temporary folder.
    /// </summary>
    public static string DefaultDirectory
    {
        get
        {
            if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } chosen)
            {
                return Path.GetFullPath(chosen);
            }

            if (Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtime)
            {
                return Path.Combine(runtime, "modulets");
            }

            var user = CurrentUser.Id?.ToString(CultureInfo.InvariantCulture) ?? Environment.UserName;
            return Path.Combine(Path.GetTempPath(), FilePrefix + user);
        }
    }

    /// <summary>Gets the path of a process's control socket.</summary>
    /// <param name="processId">The process id.</param>
    /// <param name="directory">The folder; <see cref="DefaultDirectory"/> when <see langword="null"/>.</param>
    /// <returns>The socket's full path.</returns>
    public static string GetSocketPath(int processId, string? directory = null) =>
        Path.Combine(directory ?? DefaultDirectory, string.Create(CultureInfo.InvariantCulture, $"{FilePrefix}{processId}{FileSuffix}"));

    /// <summary>Finds the control sockets of processes that are still running.</summary>
    /// <param name="directory">The folder; <see cref="DefaultDirectory"/> when <see langword="null"/>.</param>
    /// <returns>The sockets, by process id.</returns>
    public static IReadOnlyList<ControlSocketAddress> Find(string? directory = null)
    {
        directory ??= DefaultDirectory;
        if (!System.IO.Directory.Exists(directory))
        {
            return [];
        }

        return
        [
            .. System.IO.Directory.EnumerateFiles(directory, FilePrefix + "*" + FileSuffix)
                .Select(path => TryGetProcessId(path, out var processId) ? new ControlSocketAddress(processId, path) : null)
                .OfType<ControlSocketAddress>()
                .Where(address => IsRunning(address.ProcessId))
                .OrderBy(address => address.ProcessId),
        ];
    }

    /// <summary>Reads the process id out of a control socket's path.</summary>
    /// <param name="path">The path.</param>
    /// <param name="processId">The process id.</param>
    /// <returns>Whether the path is a control socket's.</returns>
    public static bool TryGetProcessId(string path, out int processId)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path);
        processId = 0;
        return name.StartsWith(FilePrefix, StringComparison.Ordinal)
            && name.EndsWith(FileSuffix, StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(FilePrefix.Length, name.Length - FilePrefix.Length - FileSuffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out processId);
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
