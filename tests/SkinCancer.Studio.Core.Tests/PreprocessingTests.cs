using SixLabors.ImageSharp.PixelFormats;
using SkinCancer.Studio.Core.Imaging;

namespace SkinCancer.Studio.Core.Tests;

public sealed class PreprocessingTests
{
    [Fact]
    public void A_solid_image_becomes_planar_bgr_minus_the_channel_means()
    {
        using var image = SyntheticImages.Solid(300, 150, new Rgb24(200, 100, 50));
        var tensor = new float[Preprocessing.TensorLength];
        Preprocessing.BytesToBackboneTensor(SyntheticImages.Png(image), tensor);

        int n = Preprocessing.PixelCount;
        Assert.All(tensor[..n], v => Assert.Equal(50 - 103.062624f, v, 3));
        Assert.All(tensor[n..(2 * n)], v => Assert.Equal(100 - 115.902882f, v, 3));
        Assert.All(tensor[(2 * n)..], v => Assert.Equal(200 - 123.151631f, v, 3));
    }

    [Fact]
    public void Resizing_stretches_to_224_without_keeping_the_aspect_ratio()
    {
        // Left half black, right half white: after a stretch the edge stays in the middle column.
        using var image = SyntheticImages.Solid(448, 100, new Rgb24(0, 0, 0));
        for (int y = 0; y < 100; y++)
        {
            for (int x = 224; x < 448; x++) image[x, y] = new Rgb24(255, 255, 255);
        }
        using var resized = Preprocessing.ResizeToInput(image);
        Assert.Equal((224, 224), (resized.Width, resized.Height));
        Assert.Equal(0, resized[50, 112].R);
        Assert.Equal(255, resized[170, 112].R);
        Assert.Equal(0, resized[50, 0].R);
        Assert.Equal(255, resized[170, 223].R);
    }

    [Fact]
    public void The_eight_views_are_the_exact_flips_and_rotations()
    {
        // One marked pixel off every axis of symmetry tells all eight views apart.
        const int m = 223;
        using var image = SyntheticImages.Solid(224, 224, new Rgb24(0, 0, 0));
        image[10, 3] = new Rgb24(255, 0, 0);
        var expected = new Func<int, int, (int X, int Y)>[]
        {
            (x, y) => (x, y),
            (x, y) => (m - x, y),
            (x, y) => (m - y, x),
            (x, y) => (m - x, m - y),
            (x, y) => (y, m - x),
            (x, y) => (x, m - y),
            (x, y) => (y, x),
            (x, y) => (m - y, m - x),
        };
        for (int view = 0; view < 8; view++)
        {
            using var viewed = ImageViews.Apply(image, view);
            var (x, y) = expected[view](10, 3);
            Assert.True(viewed[x, y].R == 255, $"view {ImageViews.All[view].Name}: marked pixel expected at ({x},{y})");
            Assert.Equal(1, CountRed(viewed));
        }
    }

    private static int CountRed(SixLabors.ImageSharp.Image<Rgb24> image)
    {
        int count = 0;
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                if (image[x, y].R == 255) count++;
            }
        }
        return count;
    }
}
