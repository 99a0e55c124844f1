using System.Reflection;

namespace Modulets;

/// <summary>Reads what module code really threw, behind the wrappers of reflection.</summary>
internal static class Exceptions
{
    /// <summary>Gets the exception a constructor or method called by reflection threw, or <paramref name="exception"/> itself.</summary>
    public static Exception Unwrap(Exception exception) =>
        exception is TargetInvocationException { InnerException: { } inner } ? inner : exception;

    /// <summary>Describes an exception by its type and message, with its innermost cause when it has one.</summary>
    public static string Describe(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return ReferenceEquals(innermost, exception)
            ? $"{exception.GetType().Name}: {exception.Message}"
            : $"{exception.GetType().Name}: {exception.Message} ({innermost.GetType().Name}: {innermost.Message})";
    }
}
