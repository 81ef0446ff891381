"""Small previews of receipt photos: a JPEG of at most THUMB_PX on its longer side, made from
the stored original the first time a page asks for it and kept beside it in the storage
(`<name>.thumb.jpg`, deleted with the original: config.receipts.delete_file_after_commit).

Pillow decodes (the well-kept imaging library for Python; JPEGs are decoded at a reduced
scale). An image it cannot read, or one larger than MAX_PIXELS (a decompression bomb, or a
200-megapixel photo), gets no thumbnail: the original is served instead.
"""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

THUMB_PX = 320
MAX_PIXELS = 40_000_000
SUFFIX = ".thumb.jpg"


def name_for(stored: str) -> str:
    return stored + SUFFIX


def ensure(stored: str) -> str | None:
    """The storage name of the original's thumbnail, made now if it does not exist yet; None
    when none can be made."""
    name = name_for(stored)
    if default_storage.exists(name):
        return name
    try:
        with default_storage.open(stored, "rb") as source, Image.open(source) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                return None
            image.draft("RGB", (THUMB_PX * 2, THUMB_PX * 2))
            shown = ImageOps.exif_transpose(image)
            shown.thumbnail((THUMB_PX, THUMB_PX))
            out = io.BytesIO()
            shown.convert("RGB").save(out, "JPEG", quality=80, optimize=True)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):  # not an image Pillow can read
        return None
    saved = default_storage.save(name, ContentFile(out.getvalue()))
    if saved != name:  # another request made it meanwhile: keep that one
        default_storage.delete(saved)
    return name
