using System.Text.RegularExpressions;

namespace Modulets;

/// <summary>
/// Tells a problem seen for the first time from the same problem seen again, so that a source of modules logs each
/// problem once (as an error) and its repetitions quietly: a file still being copied fails the same way on every read,
/// with only its sizes changing, and must not flood the log.
/// </summary>
/// <remarks>Runs of digits do not count: "declares 4096 bytes but has 1024" and "declares 4096 bytes but has 2048" are the same problem.</remarks>
public sealed partial class RepeatedProblemFilter
{
    private readonly Lock _gate = new();
    private string? _last;

    /// <summary>Records a problem and tells whether it is the same as the one recorded last.</summary>
    /// <param name="where">What the problem is about, such as the file or the feed.</param>
    /// <param name="problem">The problem as it would be logged.</param>
    /// <returns><see langword="true"/> when it repeats the last problem (log it quietly); <see langword="false"/> when it is new (log it once, loudly).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="problem"/> is <see langword="null"/>.</exception>
    public bool IsRepeat(string? where, string problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var key = where + "\n" + DigitRuns().Replace(problem, "#");
        lock (_gate)
        {
            if (key == _last)
            {
                return true;
            }

            _last = key;
            return false;
        }
    }

    /// <summary>Forgets the last problem, once things are good again: the same problem coming back is new.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _last = null;
        }
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex DigitRuns();
}
