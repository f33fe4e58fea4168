using SixLabors.ImageSharp.PixelFormats;
using SkinCancer.Studio.Core.Export;
using SkinCancer.Studio.Core.Imaging;

namespace SkinCancer.Studio.Export.Tests;

public sealed class ViewTransformsTests
{
    [Theory]
    [InlineData(0), InlineData(1), InlineData(2), InlineData(3), InlineData(4), InlineData(5), InlineData(6), InlineData(7)]
    public void Export_transforms_rearrange_pixels_exactly_like_the_studio_views(int view)
    {
        const int size = 9;
        using var image = new SixLabors.ImageSharp.Image<Rgb24>(size, size);
        for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++) image[x, y] = new Rgb24((byte)x, (byte)y, (byte)(x * size + y));

        using var expected = ImageViews.Apply(image, view);
        var actual = ViewTransforms.Apply(view, Hwc(image), size, 3);
        Assert.Equal(Hwc(expected), actual);
    }

    private static float[] Hwc(SixLabors.ImageSharp.Image<Rgb24> image)
    {
        var pixels = new Rgb24[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        return pixels.SelectMany(p => new float[] { p.R, p.G, p.B }).ToArray();
    }
}
