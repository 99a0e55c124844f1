using System.Text.Json;

namespace Modulets.Cli.Tests;

/// <summary><c>modulets why</c>, and the same from code, against a real process that leaks a version through static fields of its own.</summary>
public sealed class WhyCommandTests(LeakyHostProcess host) : IClassFixture<LeakyHostProcess>
{
    private readonly Programs _programs = host.Programs;
    private readonly string _pid = host.ProcessId;
    private readonly string _leakedVersion = host.LeakedVersion;

    [Fact]
    public async Task ExplainLeakAsync_FromTheHostsOwnCode_NamesTheSameHolders()
    {
        var explained = await host.ExplainItselfAsync();

        explained.Should().StartWith("explained: ")
            .And.Contain("static Modulets.LeakyHost.HostCache.Results")
            .And.Contain("static Modulets.LeakyHost.HostCache.<Last>k__BackingField");
    }

    [Fact]
    public async Task Why_PrintsARootPath_FromEachHostStaticThatHoldsTheModuleObject()
    {
        var why = await _programs.ModuletsAsync("why", _leakedVersion, "--server", _pid);

        why.ExitCode.Should().Be(0, why.Error);
        why.Output.Should().Contain($"Modulets version {_leakedVersion}").And.Contain("held by 2 root paths")
            .And.Contain("static Modulets.LeakyHost.HostCache.<Last>k__BackingField")
            .And.Contain("static Modulets.LeakyHost.HostCache.Results")
            .And.Contain("_items → System.Object[]")
            .And.Contain("[] → Leaky.Widget");
    }

    [Fact]
    public async Task Why_InJson_GivesEachLinkOfThePath_AndMarksTheVersionsObject()
    {
        var why = await _programs.ModuletsAsync("why", _leakedVersion[..6], "--server", _pid, "--json");

        why.ExitCode.Should().Be(0, why.Error);
        var version = JsonDocument.Parse(why.Output).RootElement.GetProperty("versions").EnumerateArray().Should().ContainSingle().Subject;
        version.GetProperty("assemblies").EnumerateArray().Select(a => a.GetString()).Should().Equal("Leaky.dll");
        var paths = version.GetProperty("paths").EnumerateArray().ToList();
        paths.Select(p => p.GetProperty("root").GetString()).Should().BeEquivalentTo("static Modulets.LeakyHost.HostCache.Results", "static Modulets.LeakyHost.HostCache.<Last>k__BackingField");
        var links = paths.Single(p => p.GetProperty("root").GetString()!.EndsWith("Results", StringComparison.Ordinal)).GetProperty("links").EnumerateArray().ToList();
        links.Select(l => l.GetProperty("type").GetString()).Should().Equal("System.Collections.Generic.List<System.Object>", "System.Object[]", "Leaky.Widget");
        links.Select(l => l.GetProperty("ofTheVersion").GetBoolean()).Should().Equal(false, false, true);
        links.Select(l => l.GetProperty("via").GetString()).Should().Equal(null, "_items", "[]");
        links.Should().OnlyContain(l => l.GetProperty("address").GetString()!.StartsWith("0x", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Why_ForAVersionThatIsNotLoaded_SaysSo_AndFails()
    {
        var why = await _programs.ModuletsAsync("why", "ffffffffffff", "--server", _pid);

        why.ExitCode.Should().Be(1);
        why.Output.Should().Contain("has no loaded version ffffffffffff");
    }

    [Fact]
    public async Task Why_RefusesAServerThatIsNotALocalProcess()
    {
        var why = await _programs.ModuletsAsync("why", _leakedVersion, "--server", "https://example.test/modulets");

        why.ExitCode.Should().Be(2);
        why.Error.Should().Contain("is not a local process");
    }
}
