using Microsoft.CodeAnalysis;

namespace Modulets.Analyzers;

/// <summary>The Modulets diagnostics. Ids are stable; each has a page in docs/analyzers/ with the leak it prevents and the fix.</summary>
internal static class Descriptors
{
    private const string Unloading = "Modulets.Unloading";
    private const string Contracts = "Modulets.Contracts";

    public static readonly DiagnosticDescriptor ProcessWideEvent = Rule(
        "MODL001",
        Unloading,
        "Process-wide event subscribed and never unsubscribed",
        "'{0}' is subscribed here and never unsubscribed in '{1}': the event is process-wide, so its handler keeps this module's version loaded for ever",
        "Unsubscribe when the job ends (ModuletJob.Current.Ended.Register(() => ... -= handler)) or in the Dispose of a service of the version; a lambda cannot be unsubscribed, so keep the handler in a method or a field.");

    public static readonly DiagnosticDescriptor UnstoppableThread = Rule(
        "MODL002",
        Unloading,
        "Thread that nothing stops",
        "The thread started here reads no cancellation token: while it runs, this module's version cannot unload",
        "Have the thread's work return when the job ends (ModuletJob.Current.Ended) or is cancelled (job.Cancellation), or run it as a child the job waits for (job.Spawn).");

    public static readonly DiagnosticDescriptor UndisposedTimer = Rule(
        "MODL003",
        Unloading,
        "Timer that is never disposed",
        "The {0} created here is never disposed: while it is scheduled, the runtime's timer queue keeps its callback, and with it this module's version, alive",
        "Dispose the timer when the job ends (ModuletJob.Current.Ended.Register(timer.Dispose)), with a using declaration, or in the Dispose of the object that owns it. A timer no one references at all stops when the garbage collector finalizes it: a bug of its own.");

    public static readonly DiagnosticDescriptor EndlessTask = Rule(
        "MODL004",
        Unloading,
        "Endless or long-running task without cancellation",
        "The task started here {0} and its work reads no cancellation token: while it runs, this module's version cannot unload",
        "Loop on a token that fires when the job ends or is cancelled (while (!ModuletJob.Current.Ended.IsCancellationRequested)), or start the work with job.Spawn so the job waits for it. A token given to Task.Run only keeps the task from starting.");

    public static readonly DiagnosticDescriptor AsyncVoid = Rule(
        "MODL005",
        Unloading,
        "async void in module code",
        "'{0}' is async void: nothing can await it, so the job may end (and its version unload) while it runs, and an exception it throws crashes the host",
        "Return a Task and await it from the job.");

    public static readonly DiagnosticDescriptor UndisposedTelemetry = Rule(
        "MODL006",
        Unloading,
        "ActivityListener, or Meter with observable instruments, that is never disposed",
        "The {0} created here is never disposed: the framework's static lists of meters and listeners keep it, and its callbacks into this module, until the version unloads",
        "Dispose it when the job ends or in the Dispose of a service of the version. Modulets disposes the ones whose callbacks are the version's at unload, but until then the host's listeners keep calling into a retired version.");

    public static readonly DiagnosticDescriptor TypeDescriptorRegistration = Rule(
        "MODL007",
        Unloading,
        "TypeDescriptor registration that is never removed",
        "TypeDescriptor.{0} registers in TypeDescriptor's process-wide tables and '{1}' never calls RemoveProvider: a registration for a host type that names this module's types keeps the version loaded",
        "Keep the provider that TypeDescriptor.AddAttributes/AddProvider returns or takes, and remove it with TypeDescriptor.RemoveProvider when the job ends (ModuletJob.Current.Ended).");

    public static readonly DiagnosticDescriptor CopiedContract = Rule(
        "MODL008",
        Contracts,
        "Contract assembly copied into the module",
        "The contract assembly '{0}' is copied into the module's output: reference it with Private=\"false\" and ExcludeAssets=\"runtime\", so that the host's copy is the only one",
        "A contract's types must come from the host. A copy in the modules folder is shared only when it matches the host's; built against a newer contract, it makes the update rejected, and isolated by a white list, it makes the host's casts fail.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor HostStaticTypeCache = Rule(
        "MODL101",
        Unloading,
        "Host static cache keyed or valued by types",
        "The static '{0}' is a collection of '{1}': a module type put in it keeps that module's version loaded for ever",
        "Use ConditionalWeakTable<,> (its keys do not keep types alive), or remove the version's entries when it unloads (ModuletManager.VersionStateChanged).");

    public static readonly DiagnosticDescriptor JobWritesHostStatic = Rule(
        "MODL102",
        Unloading,
        "Job code stores into a host static field",
        "This job stores into the static '{0}': what it puts there (a module object, a delegate, a type) outlives the job and keeps its version loaded",
        "Return results from the job as contract types or copies, and keep them in the host's own objects, not in statics.");

    private static DiagnosticDescriptor Rule(string id, string category, string title, string message, string description) =>
        new(id, title, message, category, DiagnosticSeverity.Warning, isEnabledByDefault: true, Described(id, description));

    /// <summary>A rule reported once the whole compilation is seen (not live in the editor).</summary>
    private static DiagnosticDescriptor Rule(string id, string category, string title, string message, string description, string tag) =>
        new(id, title, message, category, DiagnosticSeverity.Warning, isEnabledByDefault: true, Described(id, description), helpLinkUri: null, tag);

    private static string Described(string id, string description) => $"{description} See docs/analyzers/{id}.md in the Modulets repository.";
}
