using System.Text.Json;
using Modulets.Control;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Modulets.Cli;

/// <summary>Writes a command's result: JSON for scripts (<c>--json</c>), tables for people.</summary>
internal sealed class Output(bool json)
{
    private static readonly JsonSerializerOptions s_indented = new(ControlJson.Options) { WriteIndented = true };

    public bool IsJson { get; } = json;

    /// <summary>Gets the console people read; as wide as it needs to be when the output goes to a file or a pipe.</summary>
    public IAnsiConsole Console { get; } = CreateConsole();

    public static void Json<T>(T value) => System.Console.Out.WriteLine(JsonSerializer.Serialize(value, s_indented));

    public static void JsonLine<T>(T value) => System.Console.Out.WriteLine(JsonSerializer.Serialize(value, ControlJson.Options));

    public void Write(IRenderable renderable) => Console.Write(renderable);

    public void Line(string markup) => Console.MarkupLine(markup);

    public static void Error(string message) => System.Console.Error.WriteLine(message);

    private static IAnsiConsole CreateConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Out) });
        if (System.Console.IsOutputRedirected)
        {
            console.Profile.Width = 240;
        }

        return console;
    }
}
