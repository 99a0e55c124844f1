using System.Runtime.Loader;
using McMaster.NETCore.Plugins;
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

    /// <summary>
    /// A McMaster.NETCore.Plugins loader as a careful user would configure it for updates: unloadable, sharing the
    /// contract, and loading in memory. With its default (the file mapped), overwriting the module while it is loaded
    /// crashed the benchmark process with SIGBUS.
    /// </summary>
    public static PluginLoader McMasterLoader(string file) =>
        PluginLoader.CreateFromAssemblyFile(file, isUnloadable: true, sharedTypes: [typeof(IMagic)], config => config.LoadInMemory = true);

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
