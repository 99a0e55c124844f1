namespace Modulets;

/// <summary>
/// Native libraries can only be loaded from a file, so each version's are copied to a folder named by their content
/// hash: a version never loads a file that an update rewrote, and two builds of one library load side by side.
/// </summary>
internal static class NativeLibraryCache
{
    private static readonly string s_root = Path.Combine(Path.GetTempPath(), "modulets-native");

    public static string Materialize(NativeLibraryImage library)
    {
        var folder = Path.Combine(s_root, library.ContentHash);
        var path = Path.Combine(folder, library.FileName);
        if (File.Exists(path) && new FileInfo(path).Length == library.Image.Length)
        {
            return path;
        }

        Directory.CreateDirectory(folder);
        var staging = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var stream = File.Create(staging))
        {
            stream.Write(library.Image);
        }

        try
        {
            File.Move(staging, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another version (or process) materialized the same content first.
            File.Delete(staging);
        }

        return path;
    }
}
