namespace MagicNumber;

/// <summary>The sample's command line: <c>[--jobs N] [--no-isolation | --upgrade] [--verbose]</c>.</summary>
internal sealed record SampleArguments(int Jobs, bool NoIsolation, bool Verbose, bool Upgrade = false)
{
    public const string Usage = "usage: dotnet run --project samples/MagicNumber -- [--jobs N] [--no-isolation | --upgrade] [--verbose]";

    public static SampleArguments? Parse(string[] args)
    {
        var parsed = new SampleArguments(3, false, false);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--jobs" when i + 1 < args.Length && int.TryParse(args[i + 1], out var jobs) && jobs > 0:
                    parsed = parsed with { Jobs = jobs };
                    i++;
                    break;
                case "--no-isolation":
                    parsed = parsed with { NoIsolation = true };
                    break;
                case "--upgrade":
                    parsed = parsed with { Upgrade = true };
                    break;
                case "--verbose":
                    parsed = parsed with { Verbose = true };
                    break;
                default:
                    return null;
            }
        }

        return parsed.NoIsolation && parsed.Upgrade ? null : parsed;
    }
}
