using System.Diagnostics.Tracing;

namespace Modulets;

/// <summary>
/// Listens, in-process, to the runtime's own <c>AssemblyUnload</c> events: the third signal (after the weak references to
/// the context and to its assemblies) that a version's code is really gone. Events carry names only, so each is
/// claimed by the oldest unloading version that has an assembly of that name.
/// </summary>
internal sealed class AssemblyUnloadEvents : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords LoaderKeyword = (EventKeywords)0x8;
    private const int MaxUnclaimed = 1024;
    private static readonly Lazy<AssemblyUnloadEvents> s_instance = new(Create);

    private readonly Lock _gate = new();
    private readonly LinkedList<(DateTime At, string Name)> _unclaimed = new();
    private volatile bool _enabled;

    public static AssemblyUnloadEvents Instance => s_instance.Value;

    /// <summary>Gets whether the runtime reports unload events in this process (event sources can be disabled).</summary>
    public bool IsAvailable => _enabled;

    /// <summary>Claims one unload event, seen since <paramref name="since"/>, for each name, and removes the names it found events for.</summary>
    public void Claim(List<string> names, DateTime since)
    {
        lock (_gate)
        {
            names.RemoveAll(name =>
            {
                for (var node = _unclaimed.First; node is not null; node = node.Next)
                {
                    if (node.Value.At >= since && string.Equals(node.Value.Name, name, StringComparison.OrdinalIgnoreCase))
                    {
                        _unclaimed.Remove(node);
                        return true;
                    }
                }

                return false;
            });
        }
    }

    private static AssemblyUnloadEvents Create()
    {
        // Enabling the runtime's events starts the thread that dispatches them, in the execution context of the caller,
        // for the life of the process: never let it be a job's flow, which holds the job's load context.
        using (ExecutionContext.SuppressFlow())
        {
            return new AssemblyUnloadEvents();
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Informational, LoaderKeyword);
            _enabled = true;
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName != "AssemblyUnload_V1" || eventData.PayloadNames is null)
        {
            return;
        }

        var index = eventData.PayloadNames.IndexOf("FullyQualifiedAssemblyName");
        if (index < 0 || eventData.Payload?[index] is not string fullName)
        {
            return;
        }

        var name = fullName.Split(',', 2)[0].Trim();
        lock (_gate)
        {
            _unclaimed.AddLast((eventData.TimeStamp.ToUniversalTime(), name));
            if (_unclaimed.Count > MaxUnclaimed)
            {
                _unclaimed.RemoveFirst();
            }
        }
    }
}
