using System.Globalization;
using System.Resources;
using Microsoft.Data.Sqlite;
using Modulets.TestContracts;

namespace SqliteModule;

/// <summary>Reports the SQLite version of its native library and a greeting from its (satellite) resources.</summary>
public sealed class Probe : IProbe
{
    private static readonly ResourceManager s_strings = new("SqliteModule.Strings", typeof(Probe).Assembly);

    public string Describe()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "select sqlite_version()";
        return $"sqlite {command.ExecuteScalar()}; {s_strings.GetString("Greeting", CultureInfo.CurrentUICulture)}";
    }
}
