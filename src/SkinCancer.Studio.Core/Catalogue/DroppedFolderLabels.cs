namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>
/// The label of a dropped file is the first folder level under what was dropped, as the CLI reads a folder: a dropped
/// "train/" holding "benign/" and "malignant/" gives those two classes, and dropping the class folders themselves gives
/// the same. So one shared top folder is stripped while every path starts with it and at least one path has subfolders
/// below it. A loose file beside the class folders ("train/LICENSE.txt") then has no folder left and is skipped as "not
/// inside a class folder", as the CLI skips it, instead of keeping "train" as the only class. A folder holding only files
/// ("benign/a.jpg") is not stripped: its name is the label. The browser script applies the same rule.
/// </summary>
public static class DroppedFolderLabels
{
    /// <summary>Maps each path ("train/benign/a.jpg") to its labelled path ("benign/a.jpg").</summary>
    public static IReadOnlyList<string> Assign(IReadOnlyList<string> paths)
    {
        var split = paths.Select(p => p.Replace('\\', '/').TrimStart('/').Split('/')).ToArray();
        while (split.Length > 0
               && split.All(s => s.Length >= 2)
               && split.Any(s => s.Length >= 3)
               && split.Select(s => s[0]).Distinct(StringComparer.Ordinal).Count() == 1)
        {
            split = split.Select(s => s[1..]).ToArray();
        }
        return split.Select(s => string.Join('/', s)).ToArray();
    }
}
