using System.IO.Enumeration;

namespace Modulets;

/// <summary>An assembly simple name, or a pattern of one with <c>*</c> wildcards, matched without regard to case.</summary>
internal sealed class AssemblyNamePattern
{
    private AssemblyNamePattern(string pattern) => Pattern = pattern;

    public string Pattern { get; }

    public static AssemblyNamePattern Parse(string pattern, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern, parameterName);
        foreach (var c in pattern)
        {
            if (!char.IsLetterOrDigit(c) && c is not ('.' or '_' or '-' or '*'))
            {
                throw new ArgumentException(
                    $"'{pattern}' is not an assembly name pattern: use a simple assembly name such as 'Jobs.Contracts', with '*' as the only wildcard (for example 'Jobs.*').",
                    parameterName);
            }
        }

        return new AssemblyNamePattern(pattern);
    }

    public bool IsMatch(string assemblyName) => FileSystemName.MatchesSimpleExpression(Pattern, assemblyName, ignoreCase: true);

    public bool IsSamePattern(string pattern) => string.Equals(Pattern, pattern, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Pattern;
}
