namespace Modulets.Analyzers.Tests;

public sealed class UndisposedOwnerAnalyzerTests
{
    [Fact]
    public Task TimersMetersAndListenersNoOneDisposes_AreReported() => Verify.AnalyzerAsync<UndisposedOwnerAnalyzer>("""
        using System.Diagnostics;
        using System.Diagnostics.Metrics;
        using System.Threading;
        public sealed class Job
        {
            private static Timer? s_timer;
            private static readonly Meter s_meter = {|MODL006:new Meter("Jobs")|};

            public void Run()
            {
                s_timer = {|MODL003:new Timer(_ => { }, null, 0, 100)|};
                _ = {|MODL003:new System.Timers.Timer(100)|};
                ActivitySource.AddActivityListener({|MODL006:new ActivityListener { ShouldListenTo = _ => true }|});
                var source = {|MODL006:new ActivitySource("Jobs")|};
                source.StartActivity("run");
            }
        }
        """);

    [Fact]
    public Task WhatIsDisposedInAUsingOrByItsOwner_OrHandedOn_IsNotReported() => Verify.AnalyzerAsync<UndisposedOwnerAnalyzer>("""
        using System;
        using System.Diagnostics.Metrics;
        using System.Threading;
        using System.Threading.Tasks;
        public sealed class Job : IDisposable
        {
            private readonly Meter _meter = new("Jobs");
            private Timer? _timer;

            public async Task Run(CancellationToken cancellation)
            {
                _timer = new Timer(_ => { }, null, 0, 100);
                using var periodic = new PeriodicTimer(TimeSpan.FromSeconds(1));
                var local = new Timer(_ => { });
                cancellation.Register(() => local.Dispose());
                await periodic.WaitForNextTickAsync(cancellation);
            }

            public static Timer Create() => new(_ => { });

            public void Dispose()
            {
                _timer?.Dispose();
                _meter.Dispose();
            }
        }
        """);
}
