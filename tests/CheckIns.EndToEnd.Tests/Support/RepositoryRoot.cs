namespace CheckIns.EndToEnd.Tests.Support;

/// <summary>The repository, found by walking up from the test binaries to the solution file.</summary>
internal static class RepositoryRoot
{
    public static string PathOf(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CheckIns.Dapr.sln")))
            {
                return Path.Combine(dir.FullName, relative.Replace('/', Path.DirectorySeparatorChar));
            }
        }

        throw new InvalidOperationException("The repository root (CheckIns.Dapr.sln) was not found above the test binaries.");
    }
}
