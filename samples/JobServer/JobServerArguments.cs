using System.Globalization;

namespace JobServer;

/// <summary>The sample's command line.</summary>
internal sealed record JobServerArguments(int Jobs, TimeSpan ShipAfter, TimeSpan ReplyWithin, bool ExitWhenDone, bool Verbose, int? WebPort)
{
    public const string Usage = "usage: dotnet run --project samples/JobServer -- [--jobs N] [--ship-after SECONDS] [--reply-within SECONDS] [--exit-when-done] [--verbose] [--web [PORT]]";

    /// <summary>The port <c>--web</c> serves the dashboard on when none is given.</summary>
    public const int DefaultWebPort = 5080;

    public TimeSpan GiveUpAfter => ReplyWithin * 2;

    public static JobServerArguments? Parse(string[] args)
    {
        var parsed = new JobServerArguments(200, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(60), ExitWhenDone: false, Verbose: false, WebPort: null);
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
                case "--web" when int.TryParse(next, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535:
                    parsed = parsed with { WebPort = port };
                    i++;
                    break;
                case "--web":
                    parsed = parsed with { WebPort = DefaultWebPort };
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
