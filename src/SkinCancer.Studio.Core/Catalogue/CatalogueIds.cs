namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>
/// Ids of projects, runs, test sets and evaluations are 32 lowercase hex digits. They become folder names, so anything
/// else (a path, "..", an encoded slash) is refused before it reaches the file system.
/// </summary>
public static class CatalogueIds
{
    public static string New() => Guid.NewGuid().ToString("N");

    public static bool IsValid(string? id) => id is { Length: 32 } && id.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    public static string Require(string? id) =>
        IsValid(id) ? id! : throw new ArgumentException($"not a valid id: '{id}'", nameof(id));
}
