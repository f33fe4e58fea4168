using System.Text.Json;
using SkinCancer.Studio.Core.Export;
using SkinCancer.Studio.Core.Imaging;

namespace SkinCancer.Studio.Export.Tests;

/// <summary>
/// The studio's resize, preprocess.js's copy of it (run in Node) and Pillow's Image.resize(BILINEAR) give the same bytes
/// on random images of many shapes: shrinking by integer and fractional factors, enlarging, thin strips, 1×1.
/// </summary>
public sealed class StretchResizeTests
{
    private static readonly (int Width, int Height, int OutWidth, int OutHeight)[] Cases =
    [
        (500, 375, 224, 224), (375, 500, 224, 224), (180, 240, 224, 224), (320, 213, 224, 224), (448, 448, 224, 224),
        (225, 223, 224, 224), (1000, 31, 224, 224), (1, 1, 224, 224), (3, 7, 224, 224), (100, 100, 224, 224),
        (4032, 3024, 224, 224), (517, 389, 37, 51), (224, 224, 224, 224),
    ];

    [Fact]
    public async Task Studio_preprocess_js_and_pillow_resize_to_the_same_bytes()
    {
        var python = await ExternalTools.PythonAsync();
        using var temp = new TempDirectory();
        var random = new Random(11);
        var cases = Cases.Select((c, i) =>
        {
            var input = temp.Combine($"case{i}.rgb");
            var bytes = new byte[c.Width * c.Height * 3];
            random.NextBytes(bytes);
            // Smooth regions as well as noise: rounding differences show on gradients, overflow on saturated areas.
            for (int p = 0; p < bytes.Length / 2; p++) bytes[p] = (byte)(p / 3 % c.Width * 255 / Math.Max(c.Width - 1, 1));
            File.WriteAllBytes(input, bytes);
            return new { input, w = c.Width, h = c.Height, ow = c.OutWidth, oh = c.OutHeight, node = input + ".node", pillow = input + ".pillow" };
        }).ToArray();
        var casesPath = temp.Combine("cases.json");
        await File.WriteAllTextAsync(casesPath, JsonSerializer.Serialize(cases));

        await File.WriteAllTextAsync(temp.Combine("preprocess.mjs"), ExportAssets.Read(ExportAssets.PreprocessJs));
        await File.WriteAllTextAsync(temp.Combine("resize.mjs"), """
            import { resize } from './preprocess.mjs';
            import { readFileSync, writeFileSync } from 'node:fs';
            for (const c of JSON.parse(readFileSync(process.argv[2], 'utf8'))) {
              writeFileSync(c.node, resize(new Uint8Array(readFileSync(c.input)), c.w, c.h, c.ow, c.oh));
            }
            """);
        await ExternalTools.RunAsync("node", temp.Path, "resize.mjs", casesPath);
        await ExternalTools.RunAsync(python, temp.Path, "-c", """
            import json, sys
            from PIL import Image
            for c in json.load(open(sys.argv[1])):
                image = Image.frombytes('RGB', (c['w'], c['h']), open(c['input'], 'rb').read())
                open(c['pillow'], 'wb').write(image.resize((c['ow'], c['oh']), Image.BILINEAR).tobytes())
            """, casesPath);

        foreach (var c in cases)
        {
            var studio = StretchResize.Rgb(File.ReadAllBytes(c.input), c.w, c.h, c.ow, c.oh);
            Assert.True(studio.AsSpan().SequenceEqual(File.ReadAllBytes(c.node)), $"{c.w}×{c.h} → {c.ow}×{c.oh}: preprocess.js differs from the studio");
            Assert.True(studio.AsSpan().SequenceEqual(File.ReadAllBytes(c.pillow)), $"{c.w}×{c.h} → {c.ow}×{c.oh}: Pillow differs from the studio");
        }
    }
}
