namespace Modulets.Analyzers.Tests;

/// <summary>
/// The leak proofs, one per rule whose flagged code keeps a version loaded. The fixes stop what the job started when
/// the job ends (<c>ModuletJob.Current.Ended</c>), so they hold for a job that returns normally; the async-void fix
/// makes the job wait for its work, which stops when the job is cancelled.
/// </summary>
public static class LeakProofs
{
    public static TheoryData<LeakProof> All { get; } =
    [
        Module(
            "MODL001",
            """
            public Task RunAsync(CancellationToken cancellation)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => Console.WriteLine("bye");
                return Task.CompletedTask;
            }
            """,
            """
            public Task RunAsync(CancellationToken cancellation)
            {
                AppDomain.CurrentDomain.ProcessExit += OnExit;
                ModuletJob.Current!.Ended.Register(() => AppDomain.CurrentDomain.ProcessExit -= OnExit);
                return Task.CompletedTask;
            }

            private static void OnExit(object? sender, EventArgs e) => Console.WriteLine("bye");
            """),
        Module(
            "MODL002",
            """
            public Task RunAsync(CancellationToken cancellation)
            {
                new Thread(() => { while (true) { Thread.Sleep(20); } }) { IsBackground = true }.Start();
                return Task.CompletedTask;
            }
            """,
            """
            public Task RunAsync(CancellationToken cancellation)
            {
                var ended = ModuletJob.Current!.Ended;
                new Thread(() => { while (!ended.IsCancellationRequested) { Thread.Sleep(20); } }) { IsBackground = true }.Start();
                return Task.CompletedTask;
            }
            """),
        Module(
            "MODL003",
            """
            private static Timer? s_timer;

            public Task RunAsync(CancellationToken cancellation)
            {
                s_timer = new Timer(_ => Tick(), null, 0, 20);
                return Task.CompletedTask;
            }

            private static void Tick() { }
            """,
            """
            private static Timer? s_timer;

            public Task RunAsync(CancellationToken cancellation)
            {
                s_timer = new Timer(_ => Tick(), null, 0, 20);
                ModuletJob.Current!.Ended.Register(() => s_timer.Dispose());
                return Task.CompletedTask;
            }

            private static void Tick() { }
            """),
        Module(
            "MODL004",
            """
            public Task RunAsync(CancellationToken cancellation)
            {
                _ = Task.Run(async () => { while (true) { await Task.Delay(20); } });
                return Task.CompletedTask;
            }
            """,
            """
            public Task RunAsync(CancellationToken cancellation)
            {
                var ended = ModuletJob.Current!.Ended;
                _ = Task.Run(async () => { while (!ended.IsCancellationRequested) { await Task.Delay(20); } });
                return Task.CompletedTask;
            }
            """),
        Module(
            "MODL005",
            """
            public Task RunAsync(CancellationToken cancellation)
            {
                Poll();
                return Task.CompletedTask;
            }

            private static async void Poll()
            {
                while (true) { await Task.Delay(20); }
            }
            """,
            """
            public Task RunAsync(CancellationToken cancellation) => Poll(cancellation);

            private static async Task Poll(CancellationToken cancellation)
            {
                while (!cancellation.IsCancellationRequested) { await Task.Delay(20); }
            }
            """),
        Module(
            "MODL007",
            """
            public Task RunAsync(CancellationToken cancellation)
            {
                TypeDescriptor.AddProvider(new Provider(), typeof(IProofJob));
                return Task.CompletedTask;
            }

            private sealed class Provider : TypeDescriptionProvider { }
            """,
            """
            public Task RunAsync(CancellationToken cancellation)
            {
                var provider = new Provider();
                TypeDescriptor.AddProvider(provider, typeof(IProofJob));
                ModuletJob.Current!.Ended.Register(() => TypeDescriptor.RemoveProvider(provider, typeof(IProofJob)));
                return Task.CompletedTask;
            }

            private sealed class Provider : TypeDescriptionProvider { }
            """),
        Host(
            "MODL101",
            """
            private static readonly ConcurrentDictionary<Type, string> s_names = new();

            public static ModuletJob Start(ModuletManager manager) => manager.StartJob(job =>
            {
                var type = job.GetType("Proof.Job, Proof");
                s_names.TryAdd(type, type.Name);
                return Task.CompletedTask;
            });
            """,
            """
            private static readonly ConditionalWeakTable<Type, string> s_names = new();

            public static ModuletJob Start(ModuletManager manager) => manager.StartJob(job =>
            {
                var type = job.GetType("Proof.Job, Proof");
                s_names.AddOrUpdate(type, type.Name);
                return Task.CompletedTask;
            });
            """),
        Host(
            "MODL102",
            """
            private static readonly List<IProofJob> s_made = new();

            public static ModuletJob Start(ModuletManager manager) => manager.StartJob(job =>
            {
                s_made.Add(job.CreateInstance<IProofJob>("Proof.Job"));
                return Task.CompletedTask;
            });
            """,
            """
            private static readonly List<string> s_made = new();

            public static ModuletJob Start(ModuletManager manager) => manager.StartJob(job =>
            {
                s_made.Add(job.CreateInstance<IProofJob>("Proof.Job").GetType().Name);
                return Task.CompletedTask;
            });
            """),
    ];

    private const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;
        using Modulets;
        using Modulets.Analyzers.Tests;

        """;

    private static LeakProof Module(string id, string flagged, string @fixed) =>
        new(id, "Module", ModuleSource(flagged), ModuleSource(@fixed));

    private static LeakProof Host(string id, string flagged, string @fixed) =>
        new(id, "Host", HostSource(flagged), HostSource(@fixed));

    private static string ModuleSource(string members) => $$"""
        {{Usings}}
        namespace Proof;

        public sealed class Job : IProofJob
        {
        {{members}}
        }
        """;

    private static string HostSource(string members) => $$"""
        {{Usings}}
        namespace ProofHost;

        public static class Host
        {
        {{members}}
        }
        """;
}
