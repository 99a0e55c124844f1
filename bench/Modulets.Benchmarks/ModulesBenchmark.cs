using BenchmarkDotNet.Attributes;
using Modulets.TestUtilities;

namespace Modulets.Benchmarks;

/// <summary>
/// A scenario over a modules folder holding the first build, with a manager on it unless the scenario makes its own
/// (<see cref="Detection"/> is then <see langword="null"/>).
/// </summary>
public abstract class ModulesBenchmark
{
    protected ModulesFolder Folder { get; private set; } = null!;

    protected string ModuleFile => Folder[BenchmarkModules.Builds[0].FileName];

    protected ModuletManager Manager { get; private set; } = null!;

    protected virtual UpdateDetection? Detection => UpdateDetection.Manual;

    [GlobalSetup]
    public virtual void Setup()
    {
        Folder = ModulesFolder.With(BenchmarkModules.Builds[0]);
        if (Detection is { } detection)
        {
            Manager = BenchmarkModules.Manager(Folder.Path, detection);
        }
    }

    [GlobalCleanup]
    public virtual void Cleanup()
    {
        Manager?.Dispose();
        Folder.Dispose();
    }
}
