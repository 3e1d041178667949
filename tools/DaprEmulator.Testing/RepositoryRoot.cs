namespace DaprEmulator.Testing;

/// <summary>
/// The repository the tests or benchmarks were built from: the nearest folder above their binaries that holds a
/// solution file, so that they can load the repository's own resources (its <c>components/</c>, its run files).
/// </summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    /// <summary>A path inside the repository, written with <c>/</c> whatever the platform.</summary>
    public static string PathOf(string relative) =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, relative.Replace('/', System.IO.Path.DirectorySeparatorChar)));

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (dir.EnumerateFiles("*.sln").Any())
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds a solution file: the repository root was not found.");
    }
}
