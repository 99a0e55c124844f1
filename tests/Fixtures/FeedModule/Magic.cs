using Modulets.TestContracts;
using Newtonsoft.Json;

namespace FeedModule;

/// <summary>Returns a number made of its package version (1.1.0 gives 1100), computed through its Json.NET dependency.</summary>
public sealed class Magic : IMagic
{
    public int GetMagic()
    {
        var version = typeof(Magic).Assembly.GetName().Version!;
        return JsonConvert.DeserializeObject<int>($"{(version.Major * 1000) + (version.Minor * 100) + version.Build}");
    }
}
