"""The one image of a news item: checked on its content, bounded, and stored re-encoded.

Security: the type is decided by Pillow reading the file, never by its name or the browser's
content type. The pixel count is checked from the header before any pixel is decoded (a small
file can claim a huge image), and the image is re-encoded, so what is stored and served is a
plain picture without the uploader's metadata (camera, GPS) or anything appended to it.
"""

from __future__ import annotations

import io
import warnings

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_IMAGE_MB = 5
MAX_IMAGE_BYTES = MAX_IMAGE_MB * 1024 * 1024
MAX_SIDE = 4000
MIN_SIDE = 16
# Pillow format → (extension, content type) of what we store and serve.
FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png")}
CONTENT_TYPES = dict(FORMATS.values())


class ImageRefused(ValueError):
    """The upload is not an image we take; the message says what to do, in Dutch."""


def image_checked(upload: UploadedFile) -> ContentFile:
    """The upload re-encoded as a JPEG or PNG file, or ImageRefused saying why not."""
    if upload.size is None or upload.size > MAX_IMAGE_BYTES:
        raise ImageRefused(_("De afbeelding is groter dan %(mb)s MB.") % {"mb": MAX_IMAGE_MB})
    if upload.size == 0:
        raise ImageRefused(_("Het bestand is leeg."))
    upload.seek(0)
    data = upload.read(MAX_IMAGE_BYTES + 1)
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                fmt = image.format
                width, height = image.size
                if fmt not in FORMATS:
                    raise ImageRefused(_("Upload een afbeelding in JPEG- of PNG-formaat."))
                if max(width, height) > MAX_SIDE or min(width, height) < MIN_SIDE:
                    raise ImageRefused(_(
                        "De afbeelding is %(width)s × %(height)s pixels. Gebruik een afbeelding "
                        "van %(min)s tot %(max)s pixels breed en hoog."
                    ) % {"width": width, "height": height, "min": MIN_SIDE, "max": MAX_SIDE})
                image.load()
                clean = _reencoded(image, fmt)
    except ImageRefused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning, SyntaxError) as exc:
        raise ImageRefused(_("Upload een afbeelding in JPEG- of PNG-formaat.")) from exc
    extension = FORMATS[fmt][0]
    return ContentFile(clean, name=f"image.{extension}")


def _reencoded(image: Image.Image, fmt: str) -> bytes:
    # Turn the picture the way the camera meant it, then drop every metadata block.
    image = ImageOps.exif_transpose(image)
    out = io.BytesIO()
    if fmt == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, format="JPEG", quality=85, optimize=True)
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def image_content_type(name: str) -> str | None:
    """The content type of a stored image, from the extension we gave it."""
    return CONTENT_TYPES.get(name.rsplit(".", 1)[-1].lower())
