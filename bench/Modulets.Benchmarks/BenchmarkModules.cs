using System.Runtime.Loader;
using Modulets.TestContracts;
using Modulets.TestUtilities;

namespace Modulets.Benchmarks;

/// <summary>The module builds and folders the benchmarks use, and the raw-runtime baselines they are compared with.</summary>
internal static class BenchmarkModules
{
    public const string MagicType = TestModules.MagicType;

    /// <summary>Two different builds of the same small module, to swap between.</summary>
    public static CompiledModule[] Builds { get; } = [TestModules.Magic(1), TestModules.Magic(2)];

    public static ModuletManager Manager(string folder, UpdateDetection detection = UpdateDetection.Manual) =>
        new(new ModuletOptions { ModulesPath = folder, UpdateDetection = detection });

    /// <summary>What a host without Modulets does: a collectible context, the assembly loaded from its bytes, one call, unload.</summary>
    public static (int Magic, WeakReference Context) RawLoadAndCall(byte[] image)
    {
        var context = new AssemblyLoadContext("raw", isCollectible: true);
        using var stream = new MemoryStream(image, writable: false);
        var magic = (IMagic)Activator.CreateInstance(context.LoadFromStream(stream).GetType(MagicType)!)!;
        var result = magic.GetMagic();
        context.Unload();
        return (result, new WeakReference(context));
    }

    /// <summary>Collects until the condition holds, at most <paramref name="rounds"/> times.</summary>
    public static bool CollectUntil(Func<bool> condition, int rounds = 100)
    {
        for (var round = 0; round < rounds && !condition(); round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return condition();
    }
}
