using Modulets.TestContracts;
using Newtonsoft.Json;

namespace JsonModule;

/// <summary>Reports the Json.NET version it runs with, and uses it.</summary>
public sealed class Probe : IProbe
{
    public string Describe() => $"{typeof(JsonConvert).Assembly.GetName().Version} {JsonConvert.SerializeObject(new { A = 1 })}";
}
