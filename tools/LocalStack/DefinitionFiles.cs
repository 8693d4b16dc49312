namespace Tracking.LocalStack;

/// <summary>src/Contracts/Definitions/*.json, copied next to every assembly that references Contracts.</summary>
public static class DefinitionFiles
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Definitions");
    public static string TablePath => Path.Combine(Directory, "table.json");
    public static string ApiPath => Path.Combine(Directory, "openapi.json");
}
