using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Modulets.Benchmarks;

/// <summary>Every scenario in a few minutes on two cores: in-process, one warm-up and three short iterations. Ratios stay meaningful; absolute figures are rougher.</summary>
internal sealed class QuickConfig : ManualConfig
{
    public QuickConfig()
    {
        Add(DefaultConfig.Instance);
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithIterationTime(TimeInterval.FromMilliseconds(250))
            .WithId("Quick"));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
