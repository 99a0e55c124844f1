namespace Modulets;

/// <summary>Runs independent clean-up steps so that one that fails never keeps the others from running.</summary>
internal static class CleanUpSteps
{
    /// <exception cref="AggregateException">One or more steps failed; every step has run.</exception>
    public static void RunAll(params IEnumerable<Action> steps)
    {
        List<Exception>? failures = null;
        foreach (var step in steps)
        {
            try
            {
                step();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                (failures ??= []).Add(e);
            }
        }

        if (failures is not null)
        {
            throw new AggregateException("Some of the clean-ups of an unloading version failed; the others ran.", failures);
        }
    }
}
