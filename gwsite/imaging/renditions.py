"""A decoded photo's renditions: its widths, each encoded as WebP with a JPEG fallback.

Every image is re-encoded from its decoded pixels, so nothing of the source file (EXIF, GPS,
a colour profile) reaches the site; an image used outside any page also gets a copy in its own
format.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from .decode import decode, open_image
from .records import ImageSettings, Processed

def target_widths(width: int, widths: tuple[int, ...]) -> list[int]:
    """The renditions' widths for an image `width` pixels wide: never enlarged, no near-duplicates."""
    largest = min(width, max(widths))
    chosen = [largest]
    for candidate in sorted((w for w in widths if w < largest), reverse=True):
        if candidate < chosen[-1] * 0.9:  # within 10% of a wider one it saves nothing
            chosen.append(candidate)
    return sorted(chosen)


def _resized(image: Image.Image, width: int) -> Image.Image:
    if width == image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _flatten(image: Image.Image) -> Image.Image:
    """A transparent image on white, for formats without alpha."""
    if image.mode != "RGBA":
        return image
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.getchannel("A"))
    return background


def _encode(image: Image.Image, fmt: str, settings: ImageSettings) -> bytes:
    buffer = io.BytesIO()
    if fmt == "WEBP":
        # Effort 2 of 6: a third of the time of libwebp's default 4, for files 3–7% larger.
        image.save(buffer, "WEBP", quality=settings.webp_quality, method=2)
    elif fmt == "JPEG":
        # Baseline, not progressive: the JPEGs are the fallback behind WebP, the share image and the
        # feed enclosure, where drawing in passes helps no one; 2% larger, in 40% of the time.
        _flatten(image).save(buffer, "JPEG", quality=settings.jpeg_quality, optimize=True)
    elif fmt == "PNG":
        image.save(buffer, "PNG", optimize=True)
    elif fmt == "GIF":
        image.save(buffer, "GIF")
    return buffer.getvalue()


def render(data: bytes, name: str, settings: ImageSettings, folder: Path, copy_format: str | None = None) -> Processed:
    """Decode `data` and write every rendition into `folder` (created); `Processed` without its key."""
    image, notes = decode(open_image(data, name, settings), max(settings.widths))
    folder.mkdir(parents=True, exist_ok=True)
    sizes = []
    current = image
    for width in reversed(target_widths(image.width, settings.widths)):  # widest first: each from the last
        current = _resized(current, width)
        sizes.append(current.size)
        (folder / f"{width}.webp").write_bytes(_encode(current, "WEBP", settings))
        (folder / f"{width}.jpg").write_bytes(_encode(current, "JPEG", settings))
    copy = None
    if copy_format is not None:
        source = image if copy_format in ("PNG", "WEBP", "GIF") else _flatten(image)
        copy = f"copy.{copy_format.lower()}"
        (folder / copy).write_bytes(_encode(_resized(source, min(source.width, max(settings.widths))),
                                            copy_format, settings))
    return Processed("", tuple(reversed(sizes)), image.mode == "RGBA", tuple(notes), copy)


def verify(data: bytes, name: str, settings: ImageSettings) -> list[str]:
    """The checks of `render` without encoding anything: what `gwsite check` needs. Returns its notes."""
    image = open_image(data, name, settings)
    _, notes = decode(image, min(settings.widths))
    return notes
