namespace Modulets.Fuzzing;

/// <summary>
/// A modules folder read as a version, as a server does when it finds new content: the input replaces one file (an
/// assembly, a native library or a <c>.deps.json</c>). The folder is either read or rejected with a
/// <see cref="ModuleLoadException"/> that gives a reason; anything else escaping the reader is a finding.
/// </summary>
internal sealed class FolderReadTarget(string folder, string file)
{
    private readonly IsolationRules _rules = new IsolationPolicy().Rules;

    public void Run(Stream input)
    {
        using (var target = File.Create(Path.Combine(folder, file)))
        {
            input.CopyTo(target);
        }

        try
        {
            ModuleSnapshotReader.Read(new ModuleContent(folder), _rules);
        }
        catch (ModuleLoadException e) when (!string.IsNullOrWhiteSpace(e.Message))
        {
            // Rejected, with its reason: what a server logs.
        }
    }
}
