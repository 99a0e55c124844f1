namespace Modulets.Testing.Tests;

/// <summary>The example's contract: the test assembly plays the host, so its types are shared with the module.</summary>
public interface IGreeter
{
    string Greet(string name);
}
