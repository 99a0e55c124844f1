using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Modulets.Analyzers;

/// <summary>Whether a piece of work can be stopped: it uses a cancellation token (or source), as a value, a parameter or a field of its type.</summary>
internal static class Cancellation
{
    public static bool IsObservedBy(IOperation? work)
    {
        switch (work)
        {
            case IDelegateCreationOperation creation:
                return IsObservedBy(creation.Target);
            case IConversionOperation conversion:
                return IsObservedBy(conversion.Operand);
            case IAnonymousFunctionOperation lambda:
                return lambda.Symbol.Parameters.Any(p => IsCancellation(p.Type)) || lambda.Body.Descendants().Any(UsesCancellation);
            case IMethodReferenceOperation reference:
                var method = reference.Method;
                return method.Parameters.Any(p => IsCancellation(p.Type) || p.Type.SpecialType == SpecialType.System_Object)
                    || method.ContainingType.GetMembers().Any(m => m is IFieldSymbol f && IsCancellation(f.Type) || m is IPropertySymbol p && IsCancellation(p.Type));
            default:
                // Work that is not written here (a delegate in a variable) is not judged.
                return true;
        }
    }

    /// <summary>A token or source read from somewhere (a parameter, a local, a field, a property such as <c>job.Ended</c>); <c>CancellationToken.None</c> and <c>default</c> are no token.</summary>
    private static bool UsesCancellation(IOperation operation) => operation switch
    {
        IPropertyReferenceOperation { Property: { Name: "None", IsStatic: true } property } when IsCancellation(property.ContainingType) => false,
        IParameterReferenceOperation or ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation => IsCancellation(operation.Type),
        _ => false,
    };

    private static bool IsCancellation(ITypeSymbol? type) =>
        type is { Name: "CancellationToken" or "CancellationTokenSource", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };
}
