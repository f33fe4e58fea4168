namespace SkinCancer.Studio.Tests;

internal sealed class TempWorkspace : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("studio-tests-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}
