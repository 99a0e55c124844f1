using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Modulets.Control;

namespace Modulets.AspNetCore.Tests.ControlSocket;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ControlSocketTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "modulets-socket-tests", Guid.NewGuid().ToString("N")[..8]);
    private readonly FakeLogCollector _logs = new();

    [Fact]
    public async Task TheSocket_ServesTheApi_IsOwnerOnly_AndIsRemovedWhenTheHostStops()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var host = BuildHost(folder);
        await host.StartAsync();
        var path = ControlSocketPaths.GetSocketPath(Environment.ProcessId, _directory);

        File.GetUnixFileMode(_directory).Should().Be(OwnerOnly);
        File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        ControlSocketPaths.Find(_directory).Should().ContainSingle().Which.Should().Be(new ControlSocketAddress(Environment.ProcessId, path));
        using (var client = new HttpClient(ControlSocketHttp.CreateHandler(path)) { BaseAddress = ControlSocketHttp.BaseAddress })
        {
            var managers = await client.GetFromJsonAsync<List<ManagerStatus>>("api/managers", ControlJson.Options);
            managers.Should().ContainSingle().Which.CurrentVersion!.Id.Should().Be(host.Services.GetRequiredService<ModuletManager>().CurrentVersion.Id);

            (await client.PostAsJsonAsync("api/managers/default/isolation/shared", new { pattern = "Jobs.Contracts" })).EnsureSuccessStatusCode();
        }

        _logs.GetSnapshot().Should().Contain(r => r.Id.Id == 200 && r.Message.Contains($"uid {CurrentUid()} ", StringComparison.Ordinal) && r.Message.Contains("over the control socket", StringComparison.Ordinal));
        await host.StopAsync();
        File.Exists(path).Should().BeFalse();
    }

    [Fact]
    public async Task AFolderThatIsASymbolicLink_IsRefused_AndTheHostRunsOnWithoutTheSocket()
    {
        var target = Directory.CreateDirectory(_directory + "-target").FullName;
        Directory.CreateDirectory(Path.GetDirectoryName(_directory)!);
        File.CreateSymbolicLink(_directory, target);
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var host = BuildHost(folder);

        await host.StartAsync();

        _logs.GetSnapshot().Should().Contain(r => r.Id.Id == 205 && r.Exception!.Message.Contains("symbolic link", StringComparison.Ordinal));
        Directory.EnumerateFileSystemEntries(target).Should().BeEmpty();
        host.Services.GetRequiredService<ModuletManager>().CurrentVersion.Should().NotBeNull();
        await host.StopAsync();
        Directory.Delete(target);
    }

    [Fact]
    public async Task AnotherUser_CannotUseTheSocket_EvenWhenItsFileIsOpenedUp()
    {
        if (!IsRoot())
        {
            // Becoming another user takes root; without it, what keeps others out is the modes, checked here.
            using var plainFolder = ModulesFolder.With(TestModules.Magic(1));
            using var plainHost = BuildHost(plainFolder);
            await plainHost.StartAsync();
            File.GetUnixFileMode(_directory).Should().Be(OwnerOnly);
            await plainHost.StopAsync();
            return;
        }

        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var host = BuildHost(folder);
        await host.StartAsync();
        var path = ControlSocketPaths.GetSocketPath(Environment.ProcessId, _directory);

        // As created: the owner is served, and "nobody" cannot even reach the socket (curl: 7, could not connect).
        (await CurlAsync(path, asNobody: false)).ExitCode.Should().Be(0);
        (await CurlAsync(path, asNobody: true)).ExitCode.Should().Be(7);

        // Opened up by hand (a careless chmod): the kernel lets nobody connect, and the socket closes the connection.
        File.SetUnixFileMode(Path.GetDirectoryName(_directory)!, OwnerOnly | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(_directory, OwnerOnly | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(path, (UnixFileMode)0b110_110_110);
        var (openedCode, _) = await CurlAsync(path, asNobody: true);

        openedCode.Should().NotBe(0);
        _logs.GetSnapshot().Should().Contain(r => r.Id.Id == 204 && r.Message.Contains("uid 65534", StringComparison.Ordinal));
        await host.StopAsync();
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static bool IsRoot() => CurrentUid() == "0";

    private static string CurrentUid() => File.ReadLines("/proc/self/status").First(line => line.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t')[2];

    private static async Task<(int ExitCode, string Error)> CurlAsync(string socketPath, bool asNobody)
    {
        string[] curl = ["curl", "--silent", "--show-error", "--fail", "--max-time", "10", "--unix-socket", socketPath, "http://localhost/modulets/api/managers"];
        var start = new ProcessStartInfo(asNobody ? "runuser" : curl[0], asNobody ? ["-u", "nobody", "--", .. curl] : curl[1..])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        _ = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await error);
    }

    private IHost BuildHost(ModulesFolder folder)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(new FakeLoggerProvider(_logs));
        builder.Services.AddModulets(options =>
        {
            options.ModulesPath = folder.Path;
            options.UpdateDetection = UpdateDetection.Manual;
        });
        builder.Services.AddModuletsControlSocket(options => options.Directory = _directory);
        return builder.Build();
    }
}
