using System.Globalization;

namespace Modulets.Rehearsal;

/// <summary>The rehearsal's size: servers, jobs, and how long the jobs are enqueued over.</summary>
internal sealed record RehearsalOptions(int Workers, int Jobs, TimeSpan EnqueueWindow, string Output)
{
    public const string Usage = "usage: bash bench/fleet-rehearsal.sh [--quick] [--workers N] [--jobs N] [--seconds N] [--out DIR]";

    /// <summary>The package versions, in the order they are published; the third one fails half its jobs.</summary>
    public static readonly string[] Versions = ["1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0"];

    public const string BadVersion = "1.2.0";

    public static RehearsalOptions? Parse(string[] args)
    {
        var options = new RehearsalOptions(6, 3000, TimeSpan.FromSeconds(180), Path.Combine("artifacts", "rehearsal"));
        for (var i = 0; i < args.Length; i++)
        {
            var next = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--quick":
                    options = options with { Workers = 3, Jobs = 600, EnqueueWindow = TimeSpan.FromSeconds(60) };
                    break;
                case "--workers" when int.TryParse(next, CultureInfo.InvariantCulture, out var workers) && workers > 0:
                    options = options with { Workers = workers };
                    i++;
                    break;
                case "--jobs" when int.TryParse(next, CultureInfo.InvariantCulture, out var jobs) && jobs > 0:
                    options = options with { Jobs = jobs };
                    i++;
                    break;
                case "--seconds" when int.TryParse(next, CultureInfo.InvariantCulture, out var seconds) && seconds > 0:
                    options = options with { EnqueueWindow = TimeSpan.FromSeconds(seconds) };
                    i++;
                    break;
                case "--out" when next is not null:
                    options = options with { Output = next };
                    i++;
                    break;
                default:
                    return null;
            }
        }

        return options;
    }
}
