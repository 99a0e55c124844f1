namespace Modulets.TestContracts;

/// <summary>A contract for modules that report something about the world they run in.</summary>
public interface IProbe
{
    string Describe();
}
