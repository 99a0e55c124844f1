using System.Diagnostics;

namespace Modulets.Cli.Tests;

/// <summary><c>AddModuletsLeakExplanation</c>: a host whose version leaks with no holder found from inside explains the leak itself, with no one asking.</summary>
public sealed class LeakExplanationServiceTests
{
    [Fact]
    public async Task LeakWithNoKnownCulprit_HostSnapshotsItself_AndTheRootPathsJoinTheLeakReport()
    {
        var programs = new Programs(Path.Combine(Path.GetTempPath(), "modulets-cli-tests", "no-sockets"));
        using var process = programs.Start("LeakyHost", "--explain-itself");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            (await process.StandardOutput.ReadLineAsync(timeout.Token)).Should().StartWith("leaked ");
            var report = await ReadReportAsync(process, timeout.Token);

            report.Should().StartWith("report: ").And.Contain("Root paths from a heap snapshot of this process")
                .And.Contain("static Modulets.LeakyHost.HostCache.Results")
                .And.Contain("static Modulets.LeakyHost.HostCache.<Last>k__BackingField")
                .And.NotContain("a static field (unnamed)", "a path from the version's own statics explains nothing");
        }
        finally
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<string?> ReadReportAsync(Process process, CancellationToken cancellationToken)
    {
        string? line;
        do
        {
            // The runtime's createdump, which writes the snapshot, reports its progress on the process's own output.
            line = await process.StandardOutput.ReadLineAsync(cancellationToken);
        }
        while (line is not null && !line.StartsWith("report: ", StringComparison.Ordinal));

        return line;
    }
}
