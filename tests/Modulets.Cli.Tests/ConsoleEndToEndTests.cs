using System.Diagnostics;
using System.Text.Json;
using Modulets.TestUtilities;

namespace Modulets.Cli.Tests;

/// <summary>The console against a running JobServer, over its control socket, as an operator would use them.</summary>
public sealed class ConsoleEndToEndTests : IAsyncLifetime
{
    private readonly Programs _programs = new(Path.Combine(Path.GetTempPath(), "modulets-cli-tests", Guid.NewGuid().ToString("N")[..8]));
    private Process _server = null!;
    private string _pid = null!;

    public async Task InitializeAsync()
    {
        // Replies take long enough that the first version's jobs are still waiting when the test looks.
        _server = _programs.Start("JobServer", "--jobs", "20", "--ship-after", "1", "--reply-within", "600");
        _pid = _server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Eventually.TrueAsync(async () => (await VersionsAsync()).Count == 2, "the server to run two versions", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200));
    }

    public async Task DisposeAsync()
    {
        _server.Kill(entireProcessTree: true);
        await _server.WaitForExitAsync();
        _server.Dispose();
        Directory.Delete(_programs.SocketDirectory, recursive: true);
    }

    [Fact]
    public async Task Ps_FindsTheServer_AndStatusVersionsAndJobs_ShowBothVersions()
    {
        var ps = await _programs.ModuletsAsync("ps", "--json");
        ps.ExitCode.Should().Be(0, ps.Error);
        Json(ps.Output).EnumerateArray().Should().ContainSingle(p => p.GetProperty("processId").GetInt32() == _server.Id)
            .Which.GetProperty("application").GetString().Should().Be("JobServer", "a server started as 'dotnet JobServer.dll' is named by its application, not its host");
        var table = await _programs.ModuletsAsync("ps");
        table.Output.Should().Contain("JobServer");

        var versions = await VersionsAsync();
        versions.Select(v => v.GetProperty("state").GetString()).Should().Equal("Draining", "Current");
        var (oldId, newId) = (versions[0].GetProperty("id").GetString()!, versions[1].GetProperty("id").GetString()!);

        var jobs = await _programs.ModuletsAsync("jobs", "--server", _pid, "--json");
        jobs.ExitCode.Should().Be(0, jobs.Error);
        Json(jobs.Output).EnumerateArray().Select(j => j.GetProperty("version").GetString()).Distinct().Should().BeEquivalentTo([oldId, newId]);

        var status = await _programs.ModuletsAsync("status", "--server", _pid);
        status.ExitCode.Should().Be(0, status.Error);
        status.Output.Should().Contain(newId[..12]).And.Contain("default");
    }

    [Fact]
    public async Task ListEdits_ChangeTheServersPolicy_AndWatchSeesThemLive()
    {
        using var watch = _programs.Start("Console", "watch", "--json", "--server", _pid);
        var connected = await watch.StandardOutput.ReadLineAsync();
        Json(connected!).GetProperty("type").GetString().Should().Be("connected");

        var share = await _programs.ModuletsAsync("share", "Jobs.Contracts", "--server", _pid, "--json");
        var isolate = await _programs.ModuletsAsync("isolate", "SendEmail", "--server", _pid, "--json");

        share.ExitCode.Should().Be(0, share.Error);
        Json(share.Output).GetProperty("shared").EnumerateArray().Select(p => p.GetString()).Should().Contain("Jobs.Contracts");
        isolate.ExitCode.Should().Be(0, isolate.Error);
        Json(isolate.Output).GetProperty("isolated").EnumerateArray().Select(p => p.GetString()).Should().Equal("SendEmail");
        var seen = await NextEventAsync(watch, skipping: "jobsSampled"); // the server's jobs come and go meanwhile
        seen.GetProperty("type").GetString().Should().Be("isolationChanged");
        seen.GetProperty("data").GetProperty("pattern").GetString().Should().Be("Jobs.Contracts");

        var unshare = await _programs.ModuletsAsync("unshare", "Jobs.Contracts", "--server", _pid, "--json");
        Json(unshare.Output).GetProperty("shared").EnumerateArray().Select(p => p.GetString()).Should().NotContain("Jobs.Contracts");
        watch.Kill();
    }

    [Fact]
    public async Task Purge_RefusesTheCurrentVersion_AndCancelsTheOldOnesJobs_WhichIsThenCollected()
    {
        var versions = await VersionsAsync();
        var (old, current) = (versions[0].GetProperty("shortId").GetString()!, versions[1].GetProperty("shortId").GetString()!);

        var refused = await _programs.ModuletsAsync("purge", current, "--server", _pid);
        var purged = await _programs.ModuletsAsync("purge", old, "--server", _pid, "--json");

        refused.ExitCode.Should().Be(1);
        refused.Error.Should().Contain("409").And.Contain("current");
        purged.ExitCode.Should().Be(0, purged.Error);
        Json(purged.Output).GetProperty("jobsCanceled").GetBoolean().Should().BeTrue();
        await Eventually.TrueAsync(async () => (await VersionsAsync())[0].GetProperty("state").GetString() == "Collected", "the purged version to be collected", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200));
    }

    [Theory]
    [InlineData(2, "bogus")]
    [InlineData(2, "purge")]
    [InlineData(2, "status", "--server", "not a server")]
    [InlineData(1, "versions", "--server", "999999999")]
    [InlineData(1, "versions", "--manager", "payroll")]
    public async Task ExitCodes_SayWhetherTheServerOrTheCommandLineWasAtFault(int expected, params string[] args)
    {
        var result = await _programs.ModuletsAsync([.. args, .. args.Contains("--server") ? Array.Empty<string>() : ["--server", _pid]]);

        result.ExitCode.Should().Be(expected, result.Error);
        result.Error.Should().NotBeNullOrWhiteSpace();
    }

    private static async Task<JsonElement> NextEventAsync(Process watch, string skipping)
    {
        while (true)
        {
            var line = Json((await watch.StandardOutput.ReadLineAsync())!);
            if (line.GetProperty("type").GetString() != skipping)
            {
                return line;
            }
        }
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private async Task<List<JsonElement>> VersionsAsync()
    {
        var result = await _programs.ModuletsAsync("versions", "--server", _pid, "--json");
        return result.ExitCode == 0 ? [.. Json(result.Output).EnumerateArray()] : [];
    }
}
