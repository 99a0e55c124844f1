using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Modulets.Docs.Snippets;

// The code each analyzer rule's page shows: what the rule reports, and the fix. This project does not run the
// analyzers; their own tests check what each rule reports.

public static class Modl001ProcessWideEvent
{
    public static void Reported()
    {
        #region modl001-reported
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Flush();
        #endregion
    }

    public static void Fixed()
    {
        #region modl001-fixed
        AppDomain.CurrentDomain.ProcessExit += OnExit;
        ModuletJob.Current!.Ended.Register(() => AppDomain.CurrentDomain.ProcessExit -= OnExit);   // fires however the job ends
        #endregion
    }

    private static void Flush()
    {
    }

    private static void OnExit(object? sender, EventArgs e) => Flush();
}

public static class Modl002Thread
{
    public static void Reported()
    {
        #region modl002-reported
        new Thread(() => { while (true) { Poll(); Thread.Sleep(1000); } }) { IsBackground = true }.Start();
        #endregion
    }

    public static void Fixed()
    {
        #region modl002-fixed
        var ended = ModuletJob.Current!.Ended;   // fires when the job ends, however it ends
        new Thread(() => { while (!ended.IsCancellationRequested) { Poll(); Thread.Sleep(1000); } }) { IsBackground = true }.Start();
        // or: await job.Spawn(ct => PollAsync(ct)), a child the job waits for (ct fires when the job is cancelled)
        #endregion
    }

    private static void Poll()
    {
    }
}

public static class Modl003Timer
{
    private static Timer? s_timer;

    public static void Reported()
    {
        #region modl003-reported
        s_timer = new Timer(_ => Tick(), null, 0, 1000);
        #endregion
    }

    public static void Fixed()
    {
        #region modl003-fixed
        s_timer = new Timer(_ => Tick(), null, 0, 1000);
        ModuletJob.Current!.Ended.Register(() => s_timer.Dispose());
        #endregion
    }

    private static void Tick()
    {
    }
}

public static class Modl004EndlessTask
{
    public static void Reported()
    {
        #region modl004-reported
        _ = Task.Run(async () => { while (true) { await PollAsync(); await Task.Delay(1000); } });
        #endregion
    }

    public static void Fixed()
    {
        #region modl004-fixed
        var ended = ModuletJob.Current!.Ended;   // fires when the job ends, however it ends
        _ = Task.Run(async () => { while (!ended.IsCancellationRequested) { await PollAsync(); await Task.Delay(1000); } });
        // or: await job.Spawn(ct => PollLoopAsync(ct)), a child the job waits for
        #endregion
    }

    private static Task PollAsync() => Task.CompletedTask;
}

public sealed class Modl005AsyncVoidReported
{
    #region modl005-reported
    public Task RunAsync(CancellationToken cancellation) { Poll(); return Task.CompletedTask; }
    private async void Poll() { while (true) { await Task.Delay(1000); } }
    #endregion
}

public sealed class Modl005AsyncVoidFixed
{
    #region modl005-fixed
    public Task RunAsync(CancellationToken cancellation) => Poll(cancellation);
    private async Task Poll(CancellationToken cancellation) { while (!cancellation.IsCancellationRequested) { await Task.Delay(1000); } }
    #endregion
}

public sealed class Modl006MeterReported
{
    private static readonly Queue<string> s_queue = new();

    #region modl006-reported
    private static readonly Meter s_meter = new("Jobs.Billing");
    // ... s_meter.CreateObservableGauge("billing.queued", () => s_queue.Count);
    #endregion

    public static ObservableGauge<int> Gauge() => s_meter.CreateObservableGauge("billing.queued", () => s_queue.Count);
}

public sealed class Modl006MeterFixed : IDisposable
{
    private readonly Queue<string> _queue = new();

    #region modl006-fixed
    private readonly Meter _meter = new("Jobs.Billing");   // in a service of the version (IModuletStartup)
    // ... _meter.CreateObservableGauge("billing.queued", () => _queue.Count);
    public void Dispose() => _meter.Dispose();
    #endregion

    public ObservableGauge<int> Gauge() => _meter.CreateObservableGauge("billing.queued", () => _queue.Count);
}

public interface IInvoice;

public sealed class MoneyDescriptionProvider : TypeDescriptionProvider;

public static class Modl007TypeDescriptor
{
    public static void Reported()
    {
        #region modl007-reported
        TypeDescriptor.AddProvider(new MoneyDescriptionProvider(), typeof(IInvoice));
        #endregion
    }

    public static void Fixed()
    {
        #region modl007-fixed
        var provider = new MoneyDescriptionProvider();
        TypeDescriptor.AddProvider(provider, typeof(IInvoice));
        ModuletJob.Current!.Ended.Register(() => TypeDescriptor.RemoveProvider(provider, typeof(IInvoice)));
        #endregion
    }
}

public sealed class Modl101HostStaticTypeCacheReported
{
    #region modl101-reported
    private static readonly ConcurrentDictionary<Type, string> s_names = new();
    #endregion

    public static string NameOf(Type type) => s_names.GetOrAdd(type, static type => type.Name);
}

public sealed class Modl101HostStaticTypeCacheFixed
{
    #region modl101-fixed
    private static readonly ConditionalWeakTable<Type, string> s_names = new();   // its keys do not keep types alive
    #endregion

    public static string NameOf(Type type) => s_names.GetValue(type, static type => type.Name);
}

public interface IReport
{
    string Name { get; }
}

public static class Modl102HeldModuleObject
{
    private static readonly List<IReport> s_made = [];
    private static readonly List<string> s_names = [];

    public static void Reported(ModuletManager manager)
    {
        #region modl102-reported
        manager.StartJob(job => { s_made.Add(job.CreateInstance<IReport>("Jobs.Report")); return Task.CompletedTask; });
        #endregion
    }

    public static void Fixed(ModuletManager manager)
    {
        #region modl102-fixed
        manager.StartJob(job => { s_names.Add(job.CreateInstance<IReport>("Jobs.Report").Name); return Task.CompletedTask; });   // keep a copy, not the object
        #endregion
    }
}
