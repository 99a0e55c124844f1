using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace Modulets.Analyzers;

/// <summary>
/// Fixes MODL005 on a method or local function: <c>async void</c> becomes <c>async Task</c>. Not on a lambda (its
/// delegate type decides), an override or an interface implementation (whose signature is not theirs to change).
/// The callers then have a task to await.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AsyncVoidCodeFix))]
[Shared]
public sealed class AsyncVoidCodeFix : CodeFixProvider
{
    private const string Title = "Return a Task";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("MODL005");

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var declaration = root?.FindToken(context.Span.Start).Parent?.AncestorsAndSelf()
            .TakeWhile(node => node is not AnonymousFunctionExpressionSyntax)
            .FirstOrDefault(node => node is MethodDeclarationSyntax or LocalFunctionStatementSyntax);
        if (declaration is null || ReturnType(declaration) is not { } returnType)
        {
            return;
        }

        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (declaration is MethodDeclarationSyntax && model?.GetDeclaredSymbol(declaration, context.CancellationToken) is IMethodSymbol method && !IsItsOwn(method))
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(Title, cancellationToken => ReturnATaskAsync(context.Document, returnType, cancellationToken), equivalenceKey: Title),
            context.Diagnostics);
    }

    private static TypeSyntax? ReturnType(SyntaxNode node) => node switch
    {
        MethodDeclarationSyntax method => method.ReturnType,
        LocalFunctionStatementSyntax local => local.ReturnType,
        _ => null,
    };

    private static bool IsItsOwn(IMethodSymbol method) =>
        !method.IsOverride
        && method.ExplicitInterfaceImplementations.IsEmpty
        && !method.ContainingType.AllInterfaces.SelectMany(i => i.GetMembers(method.Name))
            .Any(member => SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method));

    private static async Task<Document> ReturnATaskAsync(Document document, TypeSyntax returnType, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var task = SyntaxFactory.ParseTypeName("System.Threading.Tasks.Task")
            .WithTriviaFrom(returnType)
            .WithAdditionalAnnotations(Simplifier.Annotation);
        return document.WithSyntaxRoot(root!.ReplaceNode(returnType, task));
    }
}
