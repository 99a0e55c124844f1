using System.Text;

namespace Modulets.Diagnostics;

/// <summary>What a heap snapshot of a process says about a version: for each load context of it, what holds it.</summary>
public sealed class LeakExplanation
{
    internal LeakExplanation(int processId, string versionId, IReadOnlyList<VersionHolders> versions, long snapshotBytes, TimeSpan snapshotTime, string? snapshotPath)
    {
        ProcessId = processId;
        VersionId = versionId;
        Versions = versions;
        SnapshotBytes = snapshotBytes;
        SnapshotTime = snapshotTime;
        SnapshotPath = snapshotPath;
    }

    /// <summary>Gets the process the snapshot was taken of.</summary>
    public int ProcessId { get; }

    /// <summary>Gets the version id (or prefix) asked about.</summary>
    public string VersionId { get; }

    /// <summary>Gets the loaded versions that match it: none when it has been collected, one usually.</summary>
    public IReadOnlyList<VersionHolders> Versions { get; }

    /// <summary>Gets the snapshot's size in bytes.</summary>
    public long SnapshotBytes { get; }

    /// <summary>Gets how long the process took to write the snapshot (it is paused meanwhile).</summary>
    public TimeSpan SnapshotTime { get; }

    /// <summary>Gets the snapshot's path when it was kept (<see cref="HeapSnapshotOptions.Keep"/>), else <see langword="null"/>.</summary>
    public string? SnapshotPath { get; }

    /// <summary>Writes the explanation as 'modulets why' prints it, without colours: for a log.</summary>
    /// <returns>The text, one line per root, link and thread.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (Versions.Count == 0)
        {
            text.Append("Process ").Append(ProcessId).Append(" has no loaded version ").Append(VersionId).AppendLine(": it has been collected, or the id is wrong.");
        }

        foreach (var version in Versions)
        {
            text.Append(version.LoadContext).Append(" (").AppendJoin(", ", version.Assemblies).Append(") in process ").Append(ProcessId).Append(": ")
                .Append(version.HeldBy).AppendLine(".");
            for (var i = 0; i < version.Paths.Count; i++)
            {
                text.Append(i + 1).Append(". ").AppendLine(version.Paths[i].Root);
                foreach (var link in version.Paths[i].Links)
                {
                    text.Append("   ").Append(link.Via is null ? string.Empty : link.Via + " → ").Append(link.Type).Append(' ').Append(link.Address)
                        .AppendLine(link.OfTheVersion ? "  (the version's)" : string.Empty);
                }
            }

            text.AppendLine(version.Threads.Count == 0 ? "No thread is running the version's code." : "Threads running the version's code: " + string.Join("; ", version.Threads) + ".");
        }

        return text.ToString();
    }
}
