using System.Diagnostics;

namespace Modulets.Cli.Dashboard;

/// <summary>Opens a URL in the desktop's browser, where there is a desktop (on Linux: a display); elsewhere it does nothing.</summary>
internal static class BrowserLauncher
{
    public static bool TryOpen(Uri url, out string? problem)
    {
        problem = null;
        ProcessStartInfo start;
        if (OperatingSystem.IsWindows())
        {
            start = new ProcessStartInfo(url.AbsoluteUri) { UseShellExecute = true };
        }
        else if (OperatingSystem.IsMacOS())
        {
            start = new ProcessStartInfo("open", [url.AbsoluteUri]);
        }
        else if (Environment.GetEnvironmentVariable("DISPLAY") is { Length: > 0 } || Environment.GetEnvironmentVariable("WAYLAND_DISPLAY") is { Length: > 0 })
        {
            start = new ProcessStartInfo("xdg-open", [url.AbsoluteUri]);
        }
        else
        {
            return false; // no desktop: the printed URL is for a browser elsewhere (an SSH tunnel, say)
        }

        try
        {
            start.RedirectStandardOutput = !start.UseShellExecute;
            start.RedirectStandardError = !start.UseShellExecute;
            using var process = Process.Start(start);
            return process is not null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            problem = e.Message;
            return false;
        }
    }
}
