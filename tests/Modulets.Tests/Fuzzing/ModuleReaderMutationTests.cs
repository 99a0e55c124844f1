using System.Diagnostics;
using Xunit.Abstractions;

namespace Modulets.Tests.Fuzzing;

/// <summary>
/// The deterministic mutation harness over the readers of a modules folder: the module's assembly image, its
/// <c>.deps.json</c> (which the runtime's own resolver reads), and a native library. For every input the reader either
/// makes a snapshot or rejects the folder with a <see cref="ModuleLoadException"/> that says why, within bounded time and
/// memory; every 250th input also goes through a running manager, whose watchdog job must keep answering and whose
/// current version must keep serving. A failure names the input's number and mutation, so it can be made again.
/// </summary>
public sealed class ModuleReaderMutationTests(ITestOutputHelper output)
{
    /// <summary>Inputs per reader; <c>MODULETS_FUZZ_INPUTS</c> raises it for a longer run.</summary>
    private static readonly int s_inputs = int.TryParse(Environment.GetEnvironmentVariable("MODULETS_FUZZ_INPUTS"), out var inputs) ? inputs : 10_000;

    private static readonly TimeSpan s_timePerInput = TimeSpan.FromSeconds(2);
    private const long MemoryPerInput = 256L * 1024 * 1024;

    [Fact]
    public async Task AssemblyImage_EveryMutation_IsReadOrRejectedWithAReason()
    {
        using var folder = ModulesFolder.Create();
        await RunAsync("an assembly image", folder, "MagicModule.dll", TestModules.Magic(1).Image);
    }

    [Fact]
    public async Task DependencyManifest_EveryMutation_IsReadOrRejectedWithAReason()
    {
        using var folder = ModulesFolder.Create();
        foreach (var file in Directory.EnumerateFiles(FixtureModules.JsonWithNewtonsoft13))
        {
            File.Copy(file, Path.Combine(folder.Path, Path.GetFileName(file)));
        }

        await RunAsync("a .deps.json", folder, "JsonModule.deps.json", File.ReadAllBytes(folder["JsonModule.deps.json"]));
    }

    [Fact]
    public async Task NativeLibrary_EveryMutation_IsReadOrRejectedWithAReason()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        var library = Path.Combine(FixtureModules.Sqlite, "runtimes", "linux-x64", "native", "libe_sqlite3.so");
        await RunAsync("a native library", folder, "libe_sqlite3.so", File.ReadAllBytes(library)[..(64 * 1024)]);
    }

    private async Task RunAsync(string what, ModulesFolder folder, string fileName, byte[] seed)
    {
        var rules = new IsolationPolicy().Rules;
        using var served = ModulesFolder.Create();
        foreach (var file in Directory.EnumerateFiles(folder.Path))
        {
            File.Copy(file, Path.Combine(served.Path, Path.GetFileName(file)));
        }

        served.Write(TestModules.Magic(1));
        using var test = new TestManager(served.Path);
        var watchdog = new Watchdog(test.Manager);
        var (read, rejected, failures) = (0, 0, new List<string>());
        var clock = Stopwatch.StartNew();
        for (var number = 0; number < s_inputs; number++)
        {
            var (mutation, input) = Mutations.Make(seed, number);
            await File.WriteAllBytesAsync(Path.Combine(folder.Path, fileName), input);
            var started = Stopwatch.StartNew();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                ModuleSnapshotReader.Read(new ModuleContent(folder.Path), rules);
                read++;
            }
            catch (ModuleLoadException e) when (!string.IsNullOrWhiteSpace(e.Message))
            {
                rejected++;
            }
            catch (Exception e)
            {
                failures.Add($"#{number} ({mutation}): {e.GetType().Name}: {e.Message} at {e.StackTrace?.Split(Environment.NewLine).FirstOrDefault()?.Trim()}");
            }

            if (started.Elapsed > s_timePerInput || GC.GetAllocatedBytesForCurrentThread() - allocated > MemoryPerInput)
            {
                failures.Add($"#{number} ({mutation}): took {started.Elapsed} and allocated {(GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024 / 1024} MB");
            }

            if (number % 250 == 0)
            {
                await File.WriteAllBytesAsync(Path.Combine(served.Path, fileName), input);
                await watchdog.CheckAfterRefreshAsync($"#{number} ({mutation})", failures);
            }
        }

        output.WriteLine($"{what}: {s_inputs} inputs in {clock.Elapsed.TotalSeconds:0.0} s: {read} read, {rejected} rejected with a reason, {failures.Count} failures");
        failures.Should().BeEmpty($"every mutated {what} is read or rejected with a reason, within {s_timePerInput} and {MemoryPerInput / 1024 / 1024} MB; failures:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
        watchdog.Stop();
        await watchdog.Job;
    }

    /// <summary>A job that keeps answering on the version it started on, and a check after each refresh that new jobs still start and run.</summary>
    private sealed class Watchdog
    {
        private readonly ModuletManager _manager;
        private readonly CancellationTokenSource _stop = new();
        private long _beats;

        public Watchdog(ModuletManager manager)
        {
            _manager = manager;
            Job = manager.StartJob(async (_, token) =>
            {
                while (!token.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _beats);
                    await Task.Delay(1, CancellationToken.None);
                }
            }, _stop.Token).Completion.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        public Task Job { get; }

        public void Stop() => _stop.Cancel();

        public async Task CheckAfterRefreshAsync(string input, List<string> failures)
        {
            try
            {
                _manager.Refresh();
                var beats = Interlocked.Read(ref _beats);
                var job = _manager.StartJob(job => Task.FromResult(job.Version.Id));
                await job.Completion.WaitAsync(TimeSpan.FromSeconds(10));
                await WaitForBeatAsync(beats);
            }
            catch (Exception e)
            {
                failures.Add($"{input} through the manager: {e.GetType().Name}: {e.Message}");
            }
        }

        private async Task WaitForBeatAsync(long after)
        {
            var deadline = Stopwatch.StartNew();
            while (Interlocked.Read(ref _beats) == after)
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(10) || Job.IsCompleted)
                {
                    throw new TimeoutException("the watchdog job stopped answering");
                }

                await Task.Delay(5);
            }
        }
    }
}
