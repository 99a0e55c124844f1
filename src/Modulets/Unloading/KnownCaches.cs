using System.Reflection;

namespace Modulets;

/// <summary>
/// The process-wide caches of the framework that fill with a version's types as module code uses the framework, and
/// that no hot-reload handler empties: emptied of the version's entries when it unloads, and named in the leak report
/// when an entry is still there. Each names its library, its cache, and what to do when it still holds a version.
/// </summary>
internal static class KnownCaches
{
    private const string ReportFix = "Modulets empties it when a version unloads; an entry that comes back is added by code still running on the version";

    private static readonly KnownCache[] s_caches =
    [
        .. Fields(
            "System.ComponentModel.Annotations",
            "System.ComponentModel.DataAnnotations",
            "DataAnnotations' attribute store (ValidationAttributeStore), which Validator and Options' ValidateDataAnnotations (and Polly's options validation) fill",
            null,
            ("ValidationAttributeStore", "<Instance>k__BackingField"),
            ("AssociatedMetadataTypeTypeDescriptor+TypeDescriptorCache", "s_metadataTypeCache"),
            ("AssociatedMetadataTypeTypeDescriptor+TypeDescriptorCache", "s_typeMemberCache"),
            ("AssociatedMetadataTypeTypeDescriptor+TypeDescriptorCache", "s_validatedMetadataTypeCache")),
        .. Fields(
            "System.ComponentModel.TypeConverter",
            "System.ComponentModel",
            "TypeDescriptor's tables of types, members and converters",
            ComponentModelCaches.ReadLock,
            ("TypeDescriptor", "s_defaultProviderInitialized"),
            ("ReflectTypeDescriptionProvider", "s_propertyCache"),
            ("ReflectTypeDescriptionProvider", "s_eventCache"),
            ("ReflectTypeDescriptionProvider", "s_attributeCache"),
            ("ReflectTypeDescriptionProvider", "s_extendedPropertyCache"),
            ("ReflectTypeDescriptionProvider", "s_editorTables"),
            ("ReflectTypeDescriptionProvider", "s_intrinsicTypeConverters"),
            ("AttributeCollection", "s_defaultAttributes")),
        .. Fields(
            "System.Linq.Expressions",
            "System",
            "the expression library's caches of delegate types, call instructions and parameters (compiled and interpreted lambdas)",
            null,
            ("Linq.Expressions.Interpreter.CallInstruction", "s_cache"),
            ("Linq.Expressions.Interpreter.InstructionList", "s_loadFields"),
            ("Dynamic.Utils.DelegateHelpers", "s_thunks"),
            ("Dynamic.Utils.TypeExtensions", "s_paramInfoCache"),
            ("Linq.Expressions.Expression", "s_lambdaDelegateCache"),
            ("Linq.Expressions.Expression", "s_lambdaFactories"),
            ("Linq.Expressions.Compiler.DelegateHelpers", "_DelegateCache"),
            ("Runtime.CompilerServices.CallSite", "s_siteCtors")),
        .. Fields(
            "System.Private.Xml",
            "System.Xml.Serialization",
            "XmlSerializer's caches of generated serializers, which file a collection of module types (List<ModuleType>) under the framework's own assembly",
            null,
            ("XmlSerializer", "s_cache"),
            ("XmlSerializer", "s_xmlSerializerTable"),
            ("DynamicAssemblies", "s_nameToAssemblyMap"),
            ("DynamicAssemblies", "s_assemblyToNameMap"),
            ("DynamicAssemblies", "s_tableIsTypeDynamic"),
            ("ReflectionXmlSerializationReader", "s_setMemberValueDelegateCache")),
    ];

    /// <summary>
    /// TypeDescriptor's registrations (<c>AddProvider</c>, <c>CreateAssociation</c>): those for the version's own types
    /// (DataAnnotations registers some as it validates) go with the version; a provider a module registered for a host
    /// type is the module's to remove (analyzer MODL007), so it is named, never removed.
    /// </summary>
    private static readonly KnownCache[] s_registrations =
    [
        .. Fields(
            "System.ComponentModel.TypeConverter",
            "System.ComponentModel",
            "TypeDescriptor's registrations (a provider added with TypeDescriptor.AddProvider, or an association); remove them when the job ends (TypeDescriptor.RemoveProvider in ModuletJob.Ended), see MODL007",
            ComponentModelCaches.ReadLock,
            ("TypeDescriptor", "s_providerTypeTable"),
            ("TypeDescriptor", "s_providerTable"),
            ("TypeDescriptor", "s_associationTable")),
    ];

    /// <summary>Empties every known cache of the version's entries; one that fails leaves the others to be emptied, and is reported after them.</summary>
    public static void ClearFor(VersionMembership version) =>
        CleanUpSteps.RunAll(
            s_caches.Select(cache => (Action)(() => CacheScrubber.Remove(cache.Read(), cache.Gate?.Invoke(), version)))
                .Concat(s_registrations.Select(registration => (Action)(() => CacheScrubber.Remove(registration.Read(), registration.Gate?.Invoke(), version, keysOnly: true)))));

    /// <summary>Names the known caches that still hold the version, for a leak report.</summary>
    public static IEnumerable<string> Describe(VersionMembership version) =>
        s_caches.Concat(s_registrations).Select(cache => (cache, Held: CacheScrubber.Count(cache.Read(), version)))
            .Where(found => found.Held > 0)
            .GroupBy(found => found.cache.Description)
            .Select(group => $"{group.Key} ({string.Join(", ", group.Select(found => $"{found.cache.Name}: {found.Held} entries"))}){(s_registrations.Contains(group.First().cache) ? string.Empty : $"; {ReportFix}")}");

    private static IEnumerable<KnownCache> Fields(string assembly, string ns, string description, Func<object?>? gate, params (string Type, string Field)[] fields) =>
        fields.Select(field => new KnownCache(assembly, $"{ns}.{field.Type}", field.Field, description, gate));

    /// <summary>A static field of a framework type that holds a cache, and the lock its owner writes it under when it has one besides the tables' own.</summary>
    private sealed record KnownCache(string Assembly, string Type, string Field, string Description, Func<object?>? Gate)
    {
        public string Name => $"{Type[(Type.LastIndexOf('.') + 1)..]}.{Field}";

        /// <summary>Reads the cache, when the framework is loaded and has it; a framework that is not loaded has no cache to clean, so none is loaded for it.</summary>
        public object? Read() =>
            HostAssemblies.TryGetLoaded(Assembly, out var assembly) && assembly.GetType(Type) is { } type
                ? type.GetField(Field, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)?.GetValue(null)
                : null;
    }
}
