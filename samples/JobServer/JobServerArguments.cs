using System.Globalization;

namespace JobServer;

/// <summary>The sample's command line.</summary>
internal sealed record JobServerArguments(int Jobs, TimeSpan ShipAfter, TimeSpan ReplyWithin, bool ExitWhenDone, bool Verbose)
{
    public const string Usage = "usage: dotnet run --project samples/JobServer -- [--jobs N] [--ship-after SECONDS] [--reply-within SECONDS] [--exit-when-done] [--verbose]";

    public TimeSpan GiveUpAfter => ReplyWithin * 2;

    public static JobServerArguments? Parse(string[] args)
    {
        var parsed = new JobServerArguments(200, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(60), ExitWhenDone: false, Verbose: false);
        for (var i = 0; i < args.Length; i++)
        {
            var next = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--jobs" when int.TryParse(next, CultureInfo.InvariantCulture, out var jobs) && jobs > 0:
                    parsed = parsed with { Jobs = jobs };
                    i++;
                    break;
                case "--ship-after" when double.TryParse(next, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0:
                    parsed = parsed with { ShipAfter = TimeSpan.FromSeconds(seconds) };
                    i++;
                    break;
                case "--reply-within" when double.TryParse(next, CultureInfo.InvariantCulture, out var seconds) && seconds > 0:
                    parsed = parsed with { ReplyWithin = TimeSpan.FromSeconds(seconds) };
                    i++;
                    break;
                case "--exit-when-done":
                    parsed = parsed with { ExitWhenDone = true };
                    break;
                case "--verbose":
                    parsed = parsed with { Verbose = true };
                    break;
                default:
                    return null;
            }
        }

        return parsed;
    }
}
