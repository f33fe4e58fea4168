using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace SkinCancer.Studio.Core.Imaging;

/// <summary>
/// The eight symmetries of a square (the dihedral group D4): identity, flips and 90° rotations. They are the
/// augmentation views and the test-time views; view 0 is the image as it is. Each is exact (no resampling).
/// </summary>
public static class ImageViews
{
    public static readonly IReadOnlyList<(string Name, RotateMode Rotate, FlipMode Flip)> All =
    [
        ("identity", RotateMode.None, FlipMode.None),
        ("flip-horizontal", RotateMode.None, FlipMode.Horizontal),
        ("rotate-90", RotateMode.Rotate90, FlipMode.None),
        ("rotate-180", RotateMode.Rotate180, FlipMode.None),
        ("rotate-270", RotateMode.Rotate270, FlipMode.None),
        ("flip-vertical", RotateMode.None, FlipMode.Vertical),
        ("transpose", RotateMode.Rotate90, FlipMode.Horizontal),
        ("anti-transpose", RotateMode.Rotate270, FlipMode.Horizontal),
    ];

    public static readonly int[] IdentityOnly = [0];

    /// <summary>Not a view: the pseudo-view under which an image's <see cref="ImageFingerprint"/> is cached beside its features.</summary>
    public const int Fingerprint = -1;
    public static readonly int[] Dihedral = [0, 1, 2, 3, 4, 5, 6, 7];

    /// <summary>A new image holding view <paramref name="view"/> of <paramref name="image"/>.</summary>
    public static Image<Rgb24> Apply(Image<Rgb24> image, int view)
    {
        var (_, rotate, flip) = All[view];
        return view == 0 ? image.Clone() : image.Clone(x => x.RotateFlip(rotate, flip));
    }
}
