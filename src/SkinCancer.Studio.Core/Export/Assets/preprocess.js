// preprocess.js: the SkinCancer Studio's preprocessing, so a model exported by the studio predicts in your page exactly
// what it predicts in the studio. Use:
//
//   import { toInput } from './preprocess.js';
//   const model = await tf.loadLayersModel(new URL('model.json', document.baseURI).href);
//   const probabilities = await model.predict(await toInput(file)).data();   // in the order of metadata.json's labels
//
// toInput takes a File, Blob, ImageBitmap or <img> and returns a [1, 224, 224, 3] float32 tensor of RGB values 0-255:
// EXIF orientation applied, no colour management, transparency over black, then the studio's stretch resize (a
// triangle filter whose support widens with the reduction, in integer arithmetic: the same bytes as the studio's
// StretchResize.cs and Pillow's Image.resize((224, 224), Image.BILINEAR)). toPixels returns those 224x224 RGB bytes
// without TensorFlow.js (for onnxruntime-web, for instance). Nothing leaves the browser.

export const inputSize = 224;

const precisionBits = 22;

/** The model's input for one image: a tf.Tensor4D [1, size, size, 3] of float32 0-255. `tf` defaults to the global one. */
export async function toInput(source, { tf = globalThis.tf, size = inputSize } = {}) {
  if (!tf) throw new Error('toInput needs TensorFlow.js: load tf.min.js first or pass { tf }');
  const pixels = await toPixels(source, size);
  return tf.tensor4d(Float32Array.from(pixels), [1, size, size, 3], 'float32');
}

/** The image's size x size RGB bytes (row-major, 3 per pixel), as the studio computes them. */
export async function toPixels(source, size = inputSize) {
  const bitmap = await decode(source);
  try {
    const { data, width, height } = overBlack(bitmap);
    const rgb = new Uint8Array(width * height * 3);
    for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
      rgb[i] = data[j];
      rgb[i + 1] = data[j + 1];
      rgb[i + 2] = data[j + 2];
    }
    if (width === size && height === size) return rgb;
    return resize(rgb, width, height, size, size);
  } finally {
    if (bitmap !== source) bitmap.close();
  }
}

// The file's own pixel values (colorSpaceConversion 'none': an ICC profile or gAMA chunk changes nothing, as in the
// studio), upright per EXIF. An <img> is decoded again from its file where the page may read it, for the same reason.
async function decode(source) {
  const options = { colorSpaceConversion: 'none', imageOrientation: 'from-image', premultiplyAlpha: 'default' };
  if (typeof ImageBitmap !== 'undefined' && source instanceof ImageBitmap) return source;
  if (typeof HTMLImageElement !== 'undefined' && source instanceof HTMLImageElement) {
    try {
      const response = await fetch(source.currentSrc || source.src);
      if (response.ok) return await createImageBitmap(await response.blob(), options);
    } catch {
      // A cross-origin image the page may not read as a file: decode the element itself.
    }
    await source.decode();
    return await createImageBitmap(source, options);
  }
  if (source instanceof Blob) return await createImageBitmap(source, options);
  throw new TypeError('toInput takes a File, Blob, ImageBitmap or <img>');
}

// Drawn over opaque black, a pixel of colour c and opacity a becomes round(c * a / 255): the studio's flattening.
function overBlack(bitmap) {
  const { width, height } = bitmap;
  const canvas = typeof OffscreenCanvas !== 'undefined'
    ? new OffscreenCanvas(width, height)
    : Object.assign(document.createElement('canvas'), { width, height });
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.fillStyle = '#000';
  context.fillRect(0, 0, width, height);
  context.drawImage(bitmap, 0, 0);
  return context.getImageData(0, 0, width, height);
}

/** Packed RGB bytes width x height -> outWidth x outHeight: rows first (rounded to bytes), then columns. */
export function resize(rgb, width, height, outWidth, outHeight) {
  const rows = pass(rgb, height, width, outWidth, true);
  return pass(rows, outWidth, height, outHeight, false);
}

// One separable pass: each line (a row, or a column) of lineLength pixels becomes outLength pixels.
function pass(source, lines, lineLength, outLength, horizontal) {
  const { starts, counts, weights, taps } = coefficients(lineLength, outLength);
  const result = new Uint8Array(lines * outLength * 3);
  const step = horizontal ? 3 : lines * 3, lineStep = horizontal ? lineLength * 3 : 3;
  const outStep = horizontal ? 3 : lines * 3, outLineStep = horizontal ? outLength * 3 : 3;
  for (let line = 0; line < lines; line++) {
    for (let o = 0; o < outLength; o++) {
      const first = line * lineStep + starts[o] * step, k = o * taps;
      let r = 1 << (precisionBits - 1), g = r, b = r;
      for (let t = 0; t < counts[o]; t++) {
        const w = weights[k + t], at = first + t * step;
        r += source[at] * w;
        g += source[at + 1] * w;
        b += source[at + 2] * w;
      }
      const target = line * outLineStep + o * outStep;
      result[target] = clip(r);
      result[target + 1] = clip(g);
      result[target + 2] = clip(b);
    }
  }
  return result;
}

function clip(sum) {
  return sum >= (1 << precisionBits) * 256 ? 255 : sum <= 0 ? 0 : sum >> precisionBits;
}

// For each output pixel: the first source pixel, how many it reads, and their integer weights. Double-precision
// operations in the same order as StretchResize.cs, so both languages round to the same integers.
function coefficients(inSize, outSize) {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1.0);
  const support = filterScale;
  const taps = Math.ceil(support) * 2 + 1;
  const starts = new Int32Array(outSize), counts = new Int32Array(outSize), weights = new Int32Array(outSize * taps);
  const w = new Float64Array(taps);
  for (let o = 0; o < outSize; o++) {
    const center = (o + 0.5) * scale;
    const ss = 1.0 / filterScale;
    const min = Math.max(Math.trunc(center - support + 0.5), 0);
    const max = Math.min(Math.trunc(center + support + 0.5), inSize) - min;
    let sum = 0.0;
    for (let x = 0; x < max; x++) {
      w[x] = triangle((x + min - center + 0.5) * ss);
      sum += w[x];
    }
    for (let x = 0; x < max; x++) {
      const normalised = sum !== 0.0 ? w[x] / sum : w[x];
      weights[o * taps + x] = Math.trunc(normalised < 0 ? -0.5 + normalised * (1 << precisionBits) : 0.5 + normalised * (1 << precisionBits));
    }
    starts[o] = min;
    counts[o] = max;
  }
  return { starts, counts, weights, taps };
}

function triangle(x) {
  if (x < 0.0) x = -x;
  return x < 1.0 ? 1.0 - x : 0.0;
}
