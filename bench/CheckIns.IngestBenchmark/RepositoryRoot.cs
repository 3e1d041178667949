namespace CheckIns.IngestBenchmark;

/// <summary>The repository's root, found from the build output by its solution file.</summary>
internal static class RepositoryRoot
{
    public static string PathOf(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CheckIns.Dapr.sln")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }

        throw new InvalidOperationException("CheckIns.Dapr.sln was not found above " + AppContext.BaseDirectory);
    }
}
