using System.Reflection;
using System.Runtime.Loader;

namespace Modulets;

/// <summary>
/// Resolves shared assemblies from the default load context. A shared assembly that only the modules folder has is
/// loaded into the default context once, from the first version that needs it, and every later version shares that copy.
/// </summary>
internal static class SharedAssemblies
{
    private static readonly Lock s_gate = new();

    public static Assembly Resolve(AssemblyName name, ModuleAssemblyImage image)
    {
        try
        {
            return AssemblyLoadContext.Default.LoadFromAssemblyName(name);
        }
        catch (FileNotFoundException)
        {
            lock (s_gate)
            {
                var loaded = AssemblyLoadContext.Default.Assemblies
                    .FirstOrDefault(a => string.Equals(a.GetName().Name, image.Name, StringComparison.OrdinalIgnoreCase));
                if (loaded is not null)
                {
                    return loaded;
                }

                using var assembly = image.OpenImage();
                using var symbols = image.OpenSymbols();
                return AssemblyLoadContext.Default.LoadFromStream(assembly, symbols);
            }
        }
    }
}
