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

/// <summary>Fixes MODL005 on a method or local function: <c>async void</c> becomes <c>async Task</c> (not on overrides and interface implementations, whose signature is not theirs to change).</summary>
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
        var node = root?.FindToken(context.Span.Start).Parent;
        var returnType = node?.AncestorsAndSelf().Select(ReturnType).FirstOrDefault(type => type is not null);
        if (returnType is null || node!.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault() is { } method && !IsItsOwn(method))
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

    private static bool IsItsOwn(MethodDeclarationSyntax method) =>
        !method.Modifiers.Any(SyntaxKind.OverrideKeyword) && method.ExplicitInterfaceSpecifier is null;

    private static async Task<Document> ReturnATaskAsync(Document document, TypeSyntax returnType, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var task = SyntaxFactory.ParseTypeName("System.Threading.Tasks.Task")
            .WithTriviaFrom(returnType)
            .WithAdditionalAnnotations(Simplifier.Annotation);
        return document.WithSyntaxRoot(root!.ReplaceNode(returnType, task));
    }
}
