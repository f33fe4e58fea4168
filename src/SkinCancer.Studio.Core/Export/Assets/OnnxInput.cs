// OnnxInput.cs: the SkinCancer Studio's preprocessing in C#, for the ONNX export. Needs SixLabors.ImageSharp 2.1.13,
// BitMiracle.LibJpeg.NET 1.5.324, Microsoft.ML.OnnxRuntime, and StretchResize.cs, LibjpegDecoding.cs,
// ChromaUpsampling.cs and YccToRgb.cs (beside this file: the studio's own resize and JPEG decoding). Use:
//
//   using var session = new InferenceSession("model.onnx");
//   using var results = session.Run([NamedOnnxValue.CreateFromTensor("image", OnnxInput.FromFile("photo.jpg"))]);
//   var probabilities = results[0].AsEnumerable<float>().ToArray();   // in the order of metadata.json's labels
using Microsoft.ML.OnnxRuntime.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SkinCancer.Studio.Core.Imaging;

public static class OnnxInput
{
    public const int Size = 224;

    /// <summary>The model's input for one image: float32 [1, 224, 224, 3], RGB values 0-255.</summary>
    public static DenseTensor<float> FromFile(string path)
    {
        // JPEG decoded as libjpeg-turbo does, other formats by ImageSharp; first frame, EXIF orientation applied, no
        // colour management.
        var bytes = File.ReadAllBytes(path);
        using var image = LibjpegDecoding.TryDecode(bytes, Configuration.Default) ?? Image.Load<Rgba32>(bytes);
        image.Mutate(x => x.AutoOrient());
        var rgb = new byte[image.Width * image.Height * 3];
        int i = 0;
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                foreach (var p in rows.GetRowSpan(y))
                {
                    // Transparency over black: colour c at opacity a becomes round(c * a / 255).
                    rgb[i++] = (byte)((p.R * p.A + 127) / 255);
                    rgb[i++] = (byte)((p.G * p.A + 127) / 255);
                    rgb[i++] = (byte)((p.B * p.A + 127) / 255);
                }
            }
        });
        var pixels = image.Width == Size && image.Height == Size ? rgb : StretchResize.Rgb(rgb, image.Width, image.Height, Size, Size);
        return new DenseTensor<float>(Array.ConvertAll(pixels, v => (float)v), [1, Size, Size, 3]);
    }
}
