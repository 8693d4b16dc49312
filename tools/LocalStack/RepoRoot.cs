namespace Tracking.LocalStack;

/// <summary>The repository root is the folder holding PackageTracking.slnx.</summary>
public static class RepoRoot
{
    public const string Marker = "PackageTracking.slnx";

    public static string? Find(params string[] startDirectories)
    {
        foreach (var start in startDirectories)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, Marker))) return dir.FullName;
            }
        }
        return null;
    }

    public static string? Find() => Find(Environment.CurrentDirectory, AppContext.BaseDirectory);
}
