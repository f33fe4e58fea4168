namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>
/// The bytes one upload may still write to staging, uploaded files and inflated zip entries together: a small zip that
/// inflates to gigabytes stops here, whatever each entry's own limit.
/// </summary>
public sealed class UnpackBudget(long bytes, string whenSpent)
{
    private long _left = bytes;

    public void Take(long count)
    {
        if (Interlocked.Add(ref _left, -count) < 0) throw new UploadLimitException(whenSpent);
    }
}
