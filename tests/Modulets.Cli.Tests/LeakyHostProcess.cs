using System.Diagnostics;
using System.Globalization;

namespace Modulets.Cli.Tests;

/// <summary>The LeakyHost fixture program, run once for a test class: a process whose first version is Leaked, held by a static field of the host.</summary>
public sealed class LeakyHostProcess : IAsyncLifetime
{
    private Process? _process;

    // The host has no control socket: 'why' reaches a process through the runtime's diagnostics port alone.
    public Programs Programs { get; } = new(Path.Combine(Path.GetTempPath(), "modulets-cli-tests", "no-sockets"));

    public string ProcessId { get; private set; } = null!;

    public string LeakedVersion { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _process = Programs.Start("LeakyHost");
        ProcessId = _process.Id.ToString(CultureInfo.InvariantCulture);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var line = await _process.StandardOutput.ReadLineAsync(timeout.Token);
        line.Should().StartWith("leaked ", "the host reports its first version Leaked once it is retired");
        LeakedVersion = line!["leaked ".Length..];
    }

    /// <summary>Has the host explain its own leak from code (<c>version.ExplainLeakAsync()</c>) and returns the roots it found.</summary>
    public async Task<string> ExplainItselfAsync()
    {
        await _process!.StandardInput.WriteLineAsync("explain");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? line;
        do
        {
            // The runtime's createdump, which writes the snapshot, reports its progress on the process's own output.
            line = await _process.StandardOutput.ReadLineAsync(timeout.Token);
        }
        while (line is not null && line.StartsWith("[createdump]", StringComparison.Ordinal));

        return line ?? "the host ended";
    }

    public async Task DisposeAsync()
    {
        if (_process is null)
        {
            return;
        }

        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
