using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Modulets.Tests.Diagnostics;

public class TelemetryTests
{
    [Fact]
    public async Task Meter_ReportsJobsVersionsAndDurationsTaggedWithTheSource()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        var source = Path.GetFullPath(folder.Path);
        var measurements = new ConcurrentQueue<(string Instrument, double Value, string? State, string? Version)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ModuletsTelemetry.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
        using var test = new TestManager(folder.Path);

        await test.Manager.StartJob(_ => Task.CompletedTask);
        var failing = test.Manager.StartJob(_ => throw new InvalidOperationException("bug"));
        await failing.Completion.ContinueWith(_ => { }, TaskScheduler.Default);
        folder.Write(TestModules.Magic(2));
        test.Manager.Refresh();
        (await Collect.UntilAsync(() => failing.Version.State == ModuleVersionState.Collected)).Should().BeTrue();
        listener.RecordObservableInstruments();

        Sum("modulets.jobs.started").Should().Be(2);
        Sum("modulets.jobs.failed").Should().Be(1);
        measurements.Where(m => m.Instrument is "modulets.jobs.started" or "modulets.jobs.failed").Should().OnlyContain(m => m.Version == failing.Version.Id, "job counts are tagged with their version, so a candidate's failures can be told from the stable version's");
        Sum("modulets.jobs.active").Should().Be(0);
        measurements.Should().Contain(m => m.Instrument == "modulets.versions" && m.State == "Current" && m.Value == 1);
        measurements.Should().Contain(m => m.Instrument == "modulets.versions" && m.State == "Collected" && m.Value == 1);
        measurements.Count(m => m.Instrument == "modulets.version.load.duration").Should().Be(2);
        measurements.Should().ContainSingle(m => m.Instrument == "modulets.version.collection.duration").Which.Value.Should().BeGreaterThanOrEqualTo(0);

        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? tagSource = null;
            string? state = null;
            string? version = null;
            foreach (var tag in tags)
            {
                tagSource = tag.Key == "modulets.source" ? tag.Value as string : tagSource;
                state = tag.Key == "modulets.version.state" ? tag.Value as string : state;
                version = tag.Key == "modulets.version.id" ? tag.Value as string : version;
            }

            if (tagSource == source)
            {
                measurements.Enqueue((instrument.Name, value, state, version));
            }
        }

        double Sum(string instrument) => measurements.Where(m => m.Instrument == instrument).Sum(m => m.Value);
    }

    [Fact]
    public async Task JobsActive_ReadByAListenerThatAttachesWhileJobsRun_IsTheNumberRunning()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        var source = Path.GetFullPath(folder.Path);
        using var test = new TestManager(folder.Path);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var jobs = Enumerable.Range(0, 3).Select(_ => test.Manager.StartJob(_ => gate.Task)).ToList();
        long? active = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ModuletsTelemetry.Name && instrument.Name == "modulets.jobs.active")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "modulets.source" && tag.Value as string == source)
                {
                    active = value;
                }
            }
        });
        listener.Start();

        listener.RecordObservableInstruments();

        active.Should().Be(3);
        gate.SetResult();
        await Task.WhenAll(jobs.Select(job => job.Completion));
    }

    [Fact]
    public async Task ActivitySource_TracesEachJobUnderTheCallersSpanWithItsVersion()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        using var recorder = new ActivityRecorder(ModuletsTelemetry.Name, "Modulets.Tests");
        var stopped = recorder.Stopped;
        using var caller = new ActivitySource("Modulets.Tests");

        ModuletJob failing;
        Activity? inJob = null;
        ActivityTraceId trace;
        using (var parent = caller.StartActivity("request"))
        {
            trace = parent!.TraceId;
            await test.Manager.StartJob(_ =>
            {
                inJob = Activity.Current;
                return Task.CompletedTask;
            });
            failing = test.Manager.StartJob(_ => throw new InvalidOperationException("bug"));
            Activity.Current.Should().BeSameAs(parent, "starting a job leaves the caller's span current");
        }

        await failing.Completion.ContinueWith(_ => { }, TaskScheduler.Default);
        var jobs = stopped.Where(a => a.OperationName == "modulets.job" && a.TraceId == trace).ToList();
        jobs.Should().HaveCount(2);
        jobs.Should().OnlyContain(a => (string?)a.GetTagItem("modulets.version.id") == test.Manager.CurrentVersion.Id && a.Parent!.OperationName == "request");
        jobs.Should().ContainSingle(a => a.Status == ActivityStatusCode.Error);
        inJob!.OperationName.Should().Be("modulets.job");
    }
}
