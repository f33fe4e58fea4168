namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>
/// Copies a stream but stops once it passes a byte limit, so a lying length header cannot fill the disk. Every byte
/// written also comes out of the upload's <see cref="UnpackBudget"/>, and a cancelled request stops the copy.
/// </summary>
public static class BoundedCopy
{
    public static bool TryCopy(Stream source, Stream target, long maxBytes, UnpackBudget? budget = null, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            total += read;
            if (total > maxBytes) return false;
            budget?.Take(read);
            target.Write(buffer, 0, read);
        }
        return true;
    }

    public static async Task<bool> TryCopyAsync(Stream source, Stream target, long maxBytes, UnpackBudget? budget, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes) return false;
            budget?.Take(read);
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return true;
    }
}
