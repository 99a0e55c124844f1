namespace Modulets.Analyzers.Tests;

public sealed class UndisposedOwnerAnalyzerTests
{
    [Fact]
    public Task TimersListenersAndObservableMetersNoOneDisposes_AreReported() => Verify.AnalyzerAsync<UndisposedOwnerAnalyzer>("""
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
                s_meter.CreateObservableGauge("jobs.queued", () => 1);
                {|MODL006:new Meter("Inline")|}.CreateObservableCounter("jobs.done", () => 2);
            }

            private sealed class Nested
            {
                private readonly Timer _timer = {|MODL003:new Timer(_ => { })|};
            }
        }
        """);

    [Fact]
    public Task WhatIsDisposedInAUsingOrByItsOwner_OrHandedOn_OrHasNoCallbacks_IsNotReported() => Verify.AnalyzerAsync<UndisposedOwnerAnalyzer>("""
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Diagnostics.Metrics;
        using System.Threading;
        using System.Threading.Tasks;
        public sealed class Job : IDisposable
        {
            private static readonly ActivitySource s_source = new("Jobs");
            private static readonly Meter s_plain = new("Jobs.Plain");
            private readonly Meter _meter = new("Jobs");
            private readonly List<Timer> _timers = new();
            private Timer? _timer;

            public async Task Run(CancellationToken cancellation)
            {
                _timer = new Timer(_ => { }, null, 0, 100);
                _meter.CreateObservableGauge("jobs.queued", () => 1);
                s_plain.CreateCounter<int>("jobs.done").Add(1);
                using var periodic = new PeriodicTimer(TimeSpan.FromSeconds(1));
                var local = new Timer(_ => { });
                cancellation.Register(() => local.Dispose());
                var kept = new Timer(_ => { });
                _timers.Add(kept);
                await periodic.WaitForNextTickAsync(cancellation);
            }

            public static Timer Create()
            {
                var timer = new Timer(_ => { });
                return timer;
            }

            public void Dispose()
            {
                _timer?.Dispose();
                _meter.Dispose();
                _timers.ForEach(t => t.Dispose());
            }
        }
        """);
}
