using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Modulets;

/// <summary>
/// Disposes the meters and activity listeners whose callbacks are a version's code, when the version unloads: its code
/// can no longer run, and <see cref="Meter"/>'s list of all meters and <see cref="ActivitySource"/>'s list of all
/// listeners are static, so one a module forgot to dispose would keep its version loaded for ever. Neither list has a
/// public API to read, so this reads them by reflection, and skips what another runtime version lacks.
/// </summary>
internal static class DiagnosticsObjects
{
    public static void DisposeFor(VersionMembership version)
    {
        foreach (var meter in MetersCalling(version))
        {
            meter.Dispose();
        }

        foreach (var listener in ListenersCalling(version))
        {
            listener.Dispose();
        }
    }

    /// <summary>Describes what <see cref="DisposeFor"/> would dispose, for a leak report.</summary>
    public static IEnumerable<string> Describe(VersionMembership version) =>
        MetersCalling(version).Select(meter => $"the meter '{meter.Name}', whose observable instruments call the version's code")
            .Concat(ListenersCalling(version).Select(_ => "an ActivityListener whose callbacks are the version's code"));

    private static List<Meter> MetersCalling(VersionMembership version)
    {
        if (RuntimeInternals.Field(typeof(Meter), "s_allMeters", null) is not List<Meter> all)
        {
            return [];
        }

        Meter[] meters;
        lock (all)
        {
            meters = [.. all];
        }

        return [.. meters.Where(meter => Instruments(meter).Any(instrument => version.Owns(RuntimeInternals.Field(instrument, "_callback") as Delegate)))];
    }

    private static Instrument[] Instruments(Meter meter)
    {
        if (RuntimeInternals.Field(meter, "_instruments") is not List<Instrument> instruments)
        {
            return [];
        }

        lock (instruments)
        {
            return [.. instruments];
        }
    }

    private static List<ActivityListener> ListenersCalling(VersionMembership version)
    {
        var all = RuntimeInternals.Field(typeof(ActivitySource), "s_allListeners", null);
        if ((all is null ? null : RuntimeInternals.Field(all, "_volatileArray")) is not ActivityListener[] listeners)
        {
            return [];
        }

        return [.. listeners.Where(listener =>
            ((Delegate?[])[listener.ShouldListenTo, listener.Sample, listener.SampleUsingParentId, listener.ActivityStarted, listener.ActivityStopped, listener.ExceptionRecorder])
                .Any(version.Owns))];
    }
}
