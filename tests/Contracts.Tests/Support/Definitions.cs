using System.Text.Json;

namespace Tracking.Contracts.Tests.Support;

/// <summary>
/// The deployable definitions as infra/ and the local stack read them: from src/Contracts/Definitions in the repository,
/// falling back to the copy Contracts.csproj places in the output directory.
/// </summary>
internal static class Definitions
{
    public static JsonDocument Load(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Contracts", "Definitions", fileName);
            if (File.Exists(candidate)) return JsonDocument.Parse(File.ReadAllText(candidate));
        }
        return JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Definitions", fileName)));
    }
}
