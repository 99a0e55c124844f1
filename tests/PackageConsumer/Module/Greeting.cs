using PackageConsumer.Contracts;

namespace PackageConsumer.Module;

/// <summary>The module's implementation of the contract the app casts to.</summary>
public sealed class Greeting : IGreeting
{
    public string Greet(string name) => $"Hello, {name}, from {typeof(Greeting).Assembly.GetName().Name} {typeof(Greeting).Assembly.GetName().Version}";
}
