using System.Diagnostics;
using Modulets.TestContracts;
using Modulets.TestUtilities;

namespace Modulets.Fuzzing;

/// <summary>
/// A running manager takes the input as one file of its modules folder, refreshes, and starts a job that calls the
/// module's code. The input may become a version, whose job may fault or run forever (module code is trusted code, and
/// what it does is its own), or be rejected. What must hold for every input is the host's side: the refresh returns,
/// a watchdog job started before the first input keeps answering, and no exception goes unobserved.
/// </summary>
internal sealed class LoadedVersionTarget
{
    private static readonly TimeSpan s_answerWithin = TimeSpan.FromSeconds(10);

    private readonly string _file;
    private readonly TestManager _test;
    private string? _unobserved;
    private long _beats;

    public LoadedVersionTarget(string folder, string file)
    {
        _file = Path.Combine(folder, file);
        _test = new TestManager(folder);
        TaskScheduler.UnobservedTaskException += (_, e) => _unobserved ??= e.Exception.ToString();
        _test.Manager.StartJob(async (_, token) =>
        {
            while (!token.IsCancellationRequested)
            {
                Interlocked.Increment(ref _beats);
                await Task.Delay(1, CancellationToken.None);
            }
        });
    }

    public void Run(Stream input)
    {
        var beats = Interlocked.Read(ref _beats);
        using (var target = File.Create(_file))
        {
            input.CopyTo(target);
        }

        _test.Manager.Refresh();
        using var stop = new CancellationTokenSource();
        var job = _test.Manager.StartJob(job => Task.FromResult(job.CreateInstance<IMagic>(TestModules.MagicType).GetMagic()), stop.Token);
        if (!((IAsyncResult)job.Completion).AsyncWaitHandle.WaitOne(s_answerWithin))
        {
            stop.Cancel(); // module code that runs forever is the module's own; the host only has to stay up beside it
        }

        var waited = Stopwatch.StartNew();
        while (Interlocked.Read(ref _beats) == beats)
        {
            if (waited.Elapsed > s_answerWithin)
            {
                throw new TimeoutException("The watchdog job stopped answering.");
            }

            Thread.Sleep(1);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        if (_unobserved is { } unobserved)
        {
            throw new InvalidOperationException($"An exception went unobserved: {unobserved}");
        }
    }
}
