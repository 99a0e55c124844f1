using System.Text.Json;
using Modulets.TestUtilities;

namespace Modulets.Cli.Tests;

/// <summary><c>modulets rollout</c> across a fleet of two servers under canary rollouts: each server's step and rates, and an abort on one.</summary>
public sealed class RolloutCommandTests : IAsyncLifetime
{
    private readonly Programs _programs = new(Directory.CreateTempSubdirectory("modulets-sockets-").FullName);
    private readonly List<ModulesFolder> _folders = [];
    private readonly List<LoopbackControlServer> _servers = [];

    public async Task InitializeAsync()
    {
        for (var i = 0; i < 2; i++)
        {
            var folder = ModulesFolder.With(TestModules.Magic(1));
            _folders.Add(folder);
            var server = await LoopbackControlServer.StartAsync(folder.Path, configure: options => options.Canary = new CanaryOptions { Steps = [10, 50, 100] });
            _servers.Add(server);
            folder.Write(TestModules.Magic(2));
            server.Manager.Refresh();
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        _folders.ForEach(folder => folder.Dispose());
        Directory.Delete(_programs.SocketDirectory, recursive: true);
    }

    [Fact]
    public async Task Rollout_ShowsEachServersStep_AndAbortRollsOneServerBack()
    {
        var (first, second) = (_servers[0].Prefix.ToString(), _servers[1].Prefix.ToString());

        var table = await _programs.ModuletsAsync("rollout", "--server", first, "--server", second);
        var aborted = await _programs.ModuletsAsync("rollout", "abort", "--server", first, "--json");
        var fleet = await _programs.ModuletsAsync("rollout", "status", "--server", first, "--server", second, "--json");

        table.ExitCode.Should().Be(0, table.Error);
        table.Output.Should().Contain("in progress").And.Contain("1/3").And.Contain("10%").And.Contain(_servers[1].Manager.Rollout!.Candidate.ShortId);
        aborted.ExitCode.Should().Be(0, aborted.Error);
        JsonDocument.Parse(aborted.Output).RootElement.GetProperty("state").GetString().Should().Be("RolledBack");
        var states = JsonDocument.Parse(fleet.Output).RootElement.EnumerateArray()
            .Select(server => server.GetProperty("managers")[0].GetProperty("rollout").GetProperty("state").GetString())
            .ToList();
        states.Should().Equal("RolledBack", "InProgress");
        _servers[0].Manager.CurrentVersion.Should().NotBe(_servers[0].Manager.Rollout!.Candidate);
    }

    [Fact]
    public async Task RolloutPromote_WithoutARolloutInProgress_IsRefused()
    {
        _servers[0].Manager.PromoteCandidate();

        var again = await _programs.ModuletsAsync("rollout", "promote", "--server", _servers[0].Prefix.ToString());

        again.ExitCode.Should().Be(1);
        again.Error.Should().Contain("409").And.Contain("no candidate to steer");
    }
}
