namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>Copies a stream but stops once it passes a byte limit, so a lying length header cannot fill the disk.</summary>
public static class BoundedCopy
{
    public static bool TryCopy(Stream source, Stream target, long maxBytes)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            total += read;
            if (total > maxBytes) return false;
            target.Write(buffer, 0, read);
        }
        return true;
    }

    public static async Task<bool> TryCopyAsync(Stream source, Stream target, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes) return false;
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return true;
    }
}
