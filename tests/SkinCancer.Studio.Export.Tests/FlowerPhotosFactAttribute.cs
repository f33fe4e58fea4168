namespace SkinCancer.Studio.Export.Tests;

/// <summary>Runs where ../shared/datasets/flowers-small is at hand (CI, the developers' machines): real photos of mixed sizes.</summary>
public sealed class FlowerPhotosFactAttribute : FactAttribute
{
    public static string Folder => Path.Combine(RepositoryPaths.Root, "..", "shared", "datasets", "flowers-small");

    public FlowerPhotosFactAttribute()
    {
        if (!Directory.Exists(Folder)) Skip = "no real photos: ../shared/datasets/flowers-small is absent";
    }
}
