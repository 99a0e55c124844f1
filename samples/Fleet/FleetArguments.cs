using System.Globalization;

namespace Fleet;

/// <summary>
/// The sample's command line. Without <c>--postgres</c>: the whole story in one process. With it, one part per
/// process, on a shared PostgreSQL and a shared feed folder: <c>server NAME</c>, <c>enqueue N</c>, <c>publish VERSION</c>.
/// </summary>
internal sealed record FleetArguments(int Seconds, string? Postgres, string? Feed, string? Command, string? Value)
{
    public const string Usage = """
        usage: dotnet run --project samples/Fleet -- [--seconds N]
               dotnet run --project samples/Fleet -- --postgres CONNECTION --feed DIR (server NAME | enqueue COUNT | publish 1.0.0|1.1.0)
        """;

    public static FleetArguments? Parse(string[] args)
    {
        var parsed = new FleetArguments(16, null, null, null, null);
        for (var i = 0; i < args.Length; i++)
        {
            var next = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--seconds" when int.TryParse(next, CultureInfo.InvariantCulture, out var seconds) && seconds >= 6:
                    parsed = parsed with { Seconds = seconds };
                    i++;
                    break;
                case "--postgres" when next is not null:
                    parsed = parsed with { Postgres = next };
                    i++;
                    break;
                case "--feed" when next is not null:
                    parsed = parsed with { Feed = Path.GetFullPath(next) };
                    i++;
                    break;
                case "server" or "enqueue" or "publish" when next is not null && parsed.Command is null:
                    parsed = parsed with { Command = args[i], Value = next };
                    i++;
                    break;
                default:
                    return null;
            }
        }

        var separate = parsed.Postgres is not null;
        return separate == (parsed.Command is not null) && (!separate || parsed.Feed is not null || parsed.Command == "enqueue") ? parsed : null;
    }
}
