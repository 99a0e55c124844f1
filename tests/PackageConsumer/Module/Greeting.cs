namespace PackageConsumer.Module;

/// <summary>What the consumer's job calls; it knows no contract, so the host calls it by reflection.</summary>
public sealed class Greeting
{
    public string Greet(string name) => $"Hello, {name}, from {typeof(Greeting).Assembly.GetName().Name} {typeof(Greeting).Assembly.GetName().Version}";
}
