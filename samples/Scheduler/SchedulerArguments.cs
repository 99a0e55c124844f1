using System.Globalization;

namespace Scheduler;

/// <summary>The sample's command line.</summary>
internal sealed record SchedulerArguments(TimeSpan Run, TimeSpan ShipAfter, string? Postgres)
{
    public const string Usage = "usage: dotnet run --project samples/Scheduler -- [--seconds N] [--ship-after SECONDS] [--postgres CONNECTION]";

    public static SchedulerArguments? Parse(string[] args)
    {
        var parsed = new SchedulerArguments(TimeSpan.FromSeconds(14), TimeSpan.FromSeconds(5), Postgres: null);
        for (var i = 0; i < args.Length; i++)
        {
            var next = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--seconds" when double.TryParse(next, CultureInfo.InvariantCulture, out var seconds) && seconds > 0:
                    parsed = parsed with { Run = TimeSpan.FromSeconds(seconds) };
                    i++;
                    break;
                case "--ship-after" when double.TryParse(next, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0:
                    parsed = parsed with { ShipAfter = TimeSpan.FromSeconds(seconds) };
                    i++;
                    break;
                case "--postgres" when next is not null:
                    parsed = parsed with { Postgres = next };
                    i++;
                    break;
                default:
                    return null;
            }
        }

        return parsed.ShipAfter < parsed.Run ? parsed : null;
    }
}
