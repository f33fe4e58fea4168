namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>A temporary folder holding the workspace and, beside it, whatever a test must prove stays untouched.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("studio-reliability-").FullName;

    public string Workspace => System.IO.Path.Combine(Path, "workspace");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}
