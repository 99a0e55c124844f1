namespace Modulets.TestContracts;

/// <summary>The contract of the magic-number modules: each version returns its own number.</summary>
public interface IMagic
{
    int GetMagic();
}
