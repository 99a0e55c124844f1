using System.Runtime.Loader;
using MagicNumber;
using Microsoft.Extensions.Logging;
using Modulets;

// The original demonstration, for .NET: three jobs start while the module's magic number goes 1000 → 1001 → 1002;
// each job must still see the number it started with. Without Modulets, every job sees the first module loaded.
if (SampleArguments.Parse(args) is not { } arguments)
{
    Console.Error.WriteLine(SampleArguments.Usage);
    return 2;
}

var folder = Directory.CreateTempSubdirectory("modulets-magic-").FullName;
try
{
    Console.WriteLine($"Beginning with {arguments.Jobs} in {folder}");
    var writer = new MagicModuleWriter(folder);
    writer.Write(1000);
    var passed = arguments switch
    {
        { NoIsolation: true } => await RunWithoutModuletsAsync(writer, folder, arguments.Jobs),
        { Upgrade: true } => await RunWithUpgradesAsync(writer, folder, arguments),
        _ => await RunWithModuletsAsync(writer, folder, arguments),
    };
    return passed ? 0 : 1;
}
finally
{
    Directory.Delete(folder, recursive: true);
}

static async Task<bool> RunWithModuletsAsync(MagicModuleWriter writer, string folder, SampleArguments arguments)
{
    using var loggerFactory = LoggerFactory.Create(logging => logging
        .AddSimpleConsole(console => console.SingleLine = true)
        .SetMinimumLevel(arguments.Verbose ? LogLevel.Debug : LogLevel.Warning));
    await using var manager = new ModuletManager(new ModuletOptions { ModulesPath = folder }, loggerFactory);

    var everyoneStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var jobs = new List<ModuletJob>();
    var outcomes = new List<Task<string>>();
    var retired = new List<(ModuleVersion Version, int Magic)>();
    for (var i = 0; i < arguments.Jobs; i++)
    {
        var magic = 1000 + i;
        if (i > 0)
        {
            writer.Write(magic);
        }

        var previous = jobs.Count > 0 ? jobs[^1].Version : null;
        var version = manager.Refresh();
        if (version != previous)
        {
            Console.WriteLine($"Isolating 'MagicModule' as version {version.ShortId}");
            if (previous is not null)
            {
                retired.Add((previous, magic - 1));
            }
        }

        var outcome = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        jobs.Add(manager.StartJob(async job =>
            outcome.SetResult(await MagicJob.RunAsync(magic, () => job.CreateInstance<IMagic>("MagicModule.Magic"), everyoneStarted.Task))));
        outcomes.Add(outcome.Task);
        Console.WriteLine($"Job {i + 1} started on version {version.ShortId}, expecting {magic}");
    }

    everyoneStarted.SetResult();
    var passed = Report(await Task.WhenAll(outcomes));
    await Task.WhenAll(jobs.Select(job => job.Completion));

    var collected = true;
    foreach (var (version, magic) in retired)
    {
        var state = await version.UnloadCompletion.WaitAsync(TimeSpan.FromSeconds(60));
        Console.WriteLine($"Version {version.ShortId} (magic {magic}) was retired, unloaded and {state.ToString().ToLowerInvariant()}");
        collected &= state == ModuleVersionState.Collected;
    }

    Console.WriteLine($"Version {manager.CurrentVersion.ShortId} (magic {1000 + arguments.Jobs - 1}) is current; {manager.Versions.Count} versions in all");
    return passed && collected;
}

// --upgrade: the same jobs, but each is told when newer code is current and hands its state over (Erlang's
// code_change), so all of them finish on the newest code, and the old versions are collected while they still run.
static async Task<bool> RunWithUpgradesAsync(MagicModuleWriter writer, string folder, SampleArguments arguments)
{
    using var loggerFactory = LoggerFactory.Create(logging => logging
        .AddSimpleConsole(console => console.SingleLine = true)
        .SetMinimumLevel(arguments.Verbose ? LogLevel.Debug : LogLevel.Warning));
    await using var manager = new ModuletManager(new ModuletOptions { ModulesPath = folder }, loggerFactory);
    writer.Write(1000, upgradable: true);

    var jobs = new List<UpgradableJob<MagicWait>>();
    var versions = new List<ModuleVersion>();
    for (var i = 0; i < arguments.Jobs; i++)
    {
        if (i > 0)
        {
            writer.Write(1000 + i, upgradable: true);
        }

        var version = manager.Refresh();
        if (!versions.Contains(version))
        {
            versions.Add(version);
            Console.WriteLine($"Isolating 'MagicModule' as version {version.ShortId} (magic {1000 + i})");
        }

        jobs.Add(manager.StartUpgradableJob("MagicModule.Waiter", new MagicWait(i + 1, []), new JobOptions { Upgrade = UpgradePolicy.WhenIdle }));
        Console.WriteLine($"Job {i + 1} started on version {version.ShortId}");
    }

    // Every job hands off to the newest version as soon as it is current; the versions they leave are collected.
    var newest = versions[^1];
    var collected = true;
    foreach (var old in versions.Take(versions.Count - 1))
    {
        var state = await old.UnloadCompletion.WaitAsync(TimeSpan.FromSeconds(60));
        Console.WriteLine($"Version {old.ShortId} was {state.ToString().ToLowerInvariant()} while its jobs went on, on newer code");
        collected &= state == ModuleVersionState.Collected;
    }

    MagicWaits.Release();
    var passed = true;
    foreach (var job in jobs)
    {
        await job;
        var wait = await MagicWaits.WhenFinished(jobs.IndexOf(job) + 1);
        var onNewest = wait.FinishedWith == 1000 + arguments.Jobs - 1 && job.Current.Version == newest;
        Console.WriteLine($"Job {wait.Job}: {(onNewest ? "Passed" : "Failed")}. Ran on {string.Join(" → ", wait.Ran)}, finished with magic {wait.FinishedWith}");
        passed &= onNewest;
    }

    return passed && collected;
}

static async Task<bool> RunWithoutModuletsAsync(MagicModuleWriter writer, string folder, int jobCount)
{
    // What a host does without Modulets: resolve the module from its folder into the default context, where an
    // assembly, once loaded, stays for the life of the process.
    AssemblyLoadContext.Default.Resolving += (context, name) =>
        name.Name == "MagicModule" ? context.LoadFromAssemblyPath(Path.Combine(folder, "MagicModule.dll")) : null;

    var everyoneStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var jobs = new List<Task<string>>();
    for (var i = 0; i < jobCount; i++)
    {
        var magic = 1000 + i;
        if (i > 0)
        {
            writer.Write(magic);
        }

        var number = i + 1;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        jobs.Add(Task.Run(() => MagicJob.RunAsync(
            magic,
            () =>
            {
                var imported = (IMagic)Activator.CreateInstance(Type.GetType("MagicModule.Magic, MagicModule", throwOnError: true)!)!;
                started.SetResult();
                return imported;
            },
            everyoneStarted.Task)));
        await started.Task;
        Console.WriteLine($"Job {number} started without isolation, expecting {magic}");
    }

    everyoneStarted.SetResult();
    return Report(await Task.WhenAll(jobs));
}

// Each job's verdict, in the order the jobs started; true when every job passed.
static bool Report(string[] verdicts)
{
    for (var i = 0; i < verdicts.Length; i++)
    {
        Console.WriteLine($"Job {i + 1}: {verdicts[i]}");
    }

    return verdicts.All(verdict => verdict.StartsWith("Passed", StringComparison.Ordinal));
}
