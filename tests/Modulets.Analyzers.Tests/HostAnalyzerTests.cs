namespace Modulets.Analyzers.Tests;

public sealed class HostAnalyzerTests
{
    [Fact]
    public Task StaticCollectionsOfTypes_AreReported_ButNotWeakTablesOrOtherCollections() => Verify.AnalyzerAsync<HostStaticTypeCacheAnalyzer>(
        """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Frozen;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using System.Reflection;
        using System.Runtime.CompilerServices;
        public sealed class Caches
        {
            private static readonly ConcurrentDictionary<Type, string> {|MODL101:s_names|} = new();
            private static readonly Dictionary<string, MethodInfo> {|MODL101:s_methods|} = new();
            private static readonly List<Assembly> {|MODL101:s_assemblies|} = new();
            private static readonly Dictionary<(Type, Type), Delegate> {|MODL101:s_converters|} = new();
            private static readonly Dictionary<string, List<Type>> {|MODL101:s_byName|} = new();
            private static HashSet<Type> {|MODL101:Seen|} { get; } = new();
            private static readonly ConditionalWeakTable<Type, string> s_weak = new();
            private static readonly ImmutableArray<Assembly> s_known = ImmutableArray<Assembly>.Empty;
            private static readonly FrozenSet<Type> s_primitives = new[] { typeof(int) }.ToFrozenSet();
            private static List<Type> Computed => new();
            private static readonly Dictionary<string, int> s_counts = new();
            private readonly Dictionary<Type, string> _perInstance = new();
        }
        """,
        role: "Host");

    [Fact]
    public Task JobBodiesStoringIntoStatics_AreReported() => Verify.AnalyzerAsync<JobWritesHostStaticAnalyzer>(
        """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Modulets;
        public static class Host
        {
            private static readonly List<object> s_results = new();
            private static object? s_last;
            private static object? s_boxed;
            private static int s_count;

            public static void Run(ModuletManager manager)
            {
                manager.StartJob(job =>
                {
                    var result = job.CreateInstance<object>("Jobs.Work");
                    {|MODL102:s_results.Add(result)|};
                    {|MODL102:s_last = result|};
                    s_count = 1;
                    s_boxed = 42;
                    s_last = null;
                    return Task.CompletedTask;
                });
                s_last = null;
            }
        }
        """,
        role: "Host");
}
