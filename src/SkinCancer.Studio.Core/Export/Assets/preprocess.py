"""preprocess.py: the SkinCancer Studio's preprocessing in Pillow + NumPy, so an exported model predicts in your
program what it predicts in the studio.

    from preprocess import to_input
    session = onnxruntime.InferenceSession('model.onnx')
    probabilities = session.run(None, {'image': to_input('photo.jpg')})[0][0]   # in the order of metadata.json's labels

First frame, EXIF orientation applied, no colour management (Pillow ignores ICC profiles), transparency over black,
then Pillow's bilinear resize, which is the studio's resize to the byte. Pillow decodes JPEG with libjpeg-turbo, whose
pixels the studio reproduces byte for byte (any chroma subsampling, baseline or progressive): the input is the studio's.
"""
import numpy as np
from PIL import Image, ImageOps

INPUT_SIZE = 224


def to_input(path_or_file, size=INPUT_SIZE):
    """The model's input for one image: float32 [1, size, size, 3], RGB values 0-255."""
    with Image.open(path_or_file) as image:
        image.seek(0)
        rgba = np.asarray(ImageOps.exif_transpose(image).convert("RGBA"), dtype=np.uint32)
    # Colour c at opacity a becomes round(c * a / 255): the pixel drawn over black, rounded as the studio rounds it.
    rgb = Image.fromarray(((rgba[..., :3] * rgba[..., 3:] + 127) // 255).astype(np.uint8), "RGB")
    if rgb.size != (size, size):
        rgb = rgb.resize((size, size), Image.BILINEAR)
    return np.asarray(rgb, dtype=np.float32)[np.newaxis]
