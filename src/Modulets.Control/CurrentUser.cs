namespace Modulets.Control;

/// <summary>The user this process runs as, by the effective user id the kernel gives it: whose control sockets it may reach, and who may reach its own.</summary>
internal static class CurrentUser
{
    /// <summary>Gets the effective user id on Linux, or <see langword="null"/> elsewhere.</summary>
    public static int? Id { get; } = Read();

    private static int? Read()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        // "Uid:\treal\teffective\tsaved\tfilesystem"
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        var fields = line?.Split('\t', StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: > 2 } && int.TryParse(fields[2], System.Globalization.CultureInfo.InvariantCulture, out var uid) ? uid : null;
    }
}
