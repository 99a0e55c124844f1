using Modulets.Control;

namespace Modulets.AspNetCore;

/// <summary>
/// Counts each manager's running jobs per version once a second and keeps a sample each time the counts changed, for
/// the last hour: the running jobs of the dashboard's timeline and of <c>modulets watch</c>. Listeners hear each new
/// sample as it is taken. The oldest sample kept gives the counts when the hour began.
/// </summary>
internal sealed class JobCountHistory : IDisposable
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_kept = TimeSpan.FromHours(1);

    private readonly IReadOnlyList<ModuletManager> _managers;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, LinkedList<JobCountSample>> _samples;
    private readonly Lock _sampling = new();
    private readonly ITimer _timer;

    public JobCountHistory(ModuletManagerRegistry registry, TimeProvider time)
    {
        _managers = [.. registry.Managers];
        _time = time;
        _samples = _managers.ToDictionary(manager => manager.Name, _ => new LinkedList<JobCountSample>());
        Sample();
        _timer = time.CreateTimer(_ => Sample(), null, s_interval, s_interval);
    }

    /// <summary>Told of each sample taken: the manager's name, and the sample.</summary>
    public event Action<string, JobCountSample>? Sampled;

    /// <summary>Gets the time on the clock the samples are taken by.</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Gets a manager's samples, oldest first.</summary>
    public IReadOnlyList<JobCountSample> For(string manager)
    {
        lock (_sampling)
        {
            return _samples.TryGetValue(manager, out var samples) ? [.. samples] : [];
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        if (!_sampling.TryEnter())
        {
            return; // the previous round is still counting: this one would tell nothing new
        }

        try
        {
            var now = _time.GetUtcNow();
            foreach (var manager in _managers)
            {
                if (Count(manager) is not { } jobs)
                {
                    continue;
                }

                var samples = _samples[manager.Name];
                if (samples.Last?.Value.Jobs is { } last && SameCounts(last, jobs))
                {
                    continue;
                }

                var sample = new JobCountSample(now, jobs);
                samples.AddLast(sample);
                while (samples.First!.Next is { } second && second.Value.At < now - s_kept)
                {
                    samples.RemoveFirst();
                }

                Sampled?.Invoke(manager.Name, sample);
            }
        }
        finally
        {
            _sampling.Exit();
        }
    }

    private static Dictionary<string, int>? Count(ModuletManager manager)
    {
        try
        {
            var jobs = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var version in manager.Versions)
            {
                if (version.ActiveJobs is > 0 and var count)
                {
                    jobs[version.Id] = count;
                }
            }

            return jobs;
        }
        catch (ObjectDisposedException)
        {
            return null; // the host is stopping
        }
    }

    private static bool SameCounts(IReadOnlyDictionary<string, int> last, Dictionary<string, int> now) =>
        last.Count == now.Count && now.All(pair => last.TryGetValue(pair.Key, out var count) && count == pair.Value);
}
