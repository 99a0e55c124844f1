namespace Modulets.NuGet.Tests;

/// <summary>The feed tests share one set of packed packages; packing takes seconds, so it is done once.</summary>
[CollectionDefinition(Name)]
public sealed class FeedCollection : ICollectionFixture<FeedModulePackages>
{
    public const string Name = "NuGet feed";
}
