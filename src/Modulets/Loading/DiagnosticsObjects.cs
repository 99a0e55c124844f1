using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace Modulets;

/// <summary>
/// Disposes the meters and activity listeners whose callbacks are a version's code, when the version unloads: its code
/// can no longer run, and <see cref="Meter"/>'s list of all meters and <see cref="ActivitySource"/>'s list of all
/// listeners are static, so one a module forgot to dispose would keep its version loaded for ever. Neither list has a
/// public API to read, so this reads them by reflection, and skips what another runtime version lacks.
/// </summary>
internal static class DiagnosticsObjects
{
    private const BindingFlags AnyField = BindingFlags.Static | BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    public static void DisposeFor(IReadOnlyCollection<Assembly> unloading)
    {
        var assemblies = unloading.ToHashSet();
        foreach (var meter in MetersCalling(assemblies))
        {
            meter.Dispose();
        }

        foreach (var listener in ListenersCalling(assemblies))
        {
            listener.Dispose();
        }
    }

    /// <summary>Describes what <see cref="DisposeFor"/> would dispose, for a leak report.</summary>
    public static IEnumerable<string> Describe(IReadOnlyCollection<Assembly> version)
    {
        var assemblies = version.ToHashSet();
        return MetersCalling(assemblies).Select(meter => $"the meter '{meter.Name}', whose observable instruments call the version's code")
            .Concat(ListenersCalling(assemblies).Select(_ => "an ActivityListener whose callbacks are the version's code"));
    }

    private static List<Meter> MetersCalling(HashSet<Assembly> assemblies)
    {
        if (typeof(Meter).GetField("s_allMeters", AnyField)?.GetValue(null) is not List<Meter> all)
        {
            return [];
        }

        Meter[] meters;
        lock (all)
        {
            meters = [.. all];
        }

        return [.. meters.Where(meter => Instruments(meter).Any(instrument => Calls(instrument.GetType().GetField("_callback", AnyField)?.GetValue(instrument) as Delegate, assemblies)))];
    }

    private static Instrument[] Instruments(Meter meter)
    {
        if (typeof(Meter).GetField("_instruments", AnyField)?.GetValue(meter) is not List<Instrument> instruments)
        {
            return [];
        }

        lock (instruments)
        {
            return [.. instruments];
        }
    }

    private static List<ActivityListener> ListenersCalling(HashSet<Assembly> assemblies)
    {
        var all = typeof(ActivitySource).GetField("s_allListeners", AnyField)?.GetValue(null);
        if (all?.GetType().GetField("_volatileArray", AnyField)?.GetValue(all) is not ActivityListener[] listeners)
        {
            return [];
        }

        return [.. listeners.Where(listener =>
            Calls(listener.ShouldListenTo, assemblies) || Calls(listener.Sample, assemblies) || Calls(listener.SampleUsingParentId, assemblies)
            || Calls(listener.ActivityStarted, assemblies) || Calls(listener.ActivityStopped, assemblies) || Calls(listener.ExceptionRecorder, assemblies))];
    }

    private static bool Calls(Delegate? callback, HashSet<Assembly> assemblies) =>
        callback?.GetInvocationList().Any(handler =>
            (handler.Method.DeclaringType is { } type && assemblies.Contains(type.Assembly))
            || (handler.Target is { } target && assemblies.Contains(target.GetType().Assembly))) ?? false;
}
