namespace PackageConsumer.Contracts;

/// <summary>What the app asks of the module; the module implements it, the app casts to it.</summary>
public interface IGreeting
{
    string Greet(string name);
}
