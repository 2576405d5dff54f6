"""What the image pipeline takes and gives: its settings, the record of a processed photo, a refusal.

Nothing here knows MkDocs or stories: a file goes in, a `Processed` record (or an `ImageError`
with a Chinese message) comes out, and the encoded files wait in a cache folder keyed by the
image's bytes and the settings (`ImageSettings.digest`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Iterable

import PIL

# Imported (and registered with Pillow, for `decode`) here, where its version joins the settings' digest.
try:
    import pillow_heif
except ImportError:  # pragma: no cover - a dependency; without it HEIC is refused as "not an image"
    pillow_heif = None
else:
    pillow_heif.register_heif_opener()

PIPELINE_VERSION = 3  # raise when the processing changes, so that no cached output survives
OUTPUT_DIR = "assets/gwsite/img"  # processed images in the built site, named by their cache key



class ImageError(Exception):
    """An image the site cannot use; `str()` is the Chinese explanation for the correspondent."""


@dataclass(frozen=True)
class ImageSettings:
    widths: tuple[int, ...] = (480, 960, 1600)
    jpeg_quality: int = 82
    webp_quality: int = 80
    max_megabytes: float = 30
    max_megapixels: float = 120

    @property
    def digest(self) -> str:
        """Everything the output bytes depend on, besides the image itself."""
        heif = pillow_heif.__version__ if pillow_heif else "-"
        text = f"{PIPELINE_VERSION}|{PIL.__version__}|{heif}|{self!r}"
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Processed:
    """One source image's renditions, ready in the cache under `key`."""

    key: str
    sizes: tuple[tuple[int, int], ...]  # (width, height) of each rendition, narrowest first
    alpha: bool = False  # the WebP renditions keep a transparent background
    notes: tuple[str, ...] = ()  # warnings for the correspondent, e.g. an animation's first frame
    copy: str | None = None  # file name of the same-format copy, for images used outside pages

    @property
    def width(self) -> int:
        return self.sizes[-1][0]

    @property
    def height(self) -> int:
        return self.sizes[-1][1]

    def url(self, width: int, ext: str) -> str:
        """The rendition's path in the built site."""
        return f"{OUTPUT_DIR}/{self.key[:20]}-{width}.{ext}"

    @property
    def largest(self) -> str:
        """The widest JPEG: the fallback `src`, the Open Graph image and the feed enclosure."""
        return self.url(self.width, "jpg")

    @property
    def smallest(self) -> str:
        """The narrowest JPEG: a thumbnail, e.g. in search results."""
        return self.url(self.sizes[0][0], "jpg")

    def files(self) -> Iterable[tuple[str, str]]:
        """(name in the cache entry, path in the built site) of every rendition."""
        for width, _ in self.sizes:
            for ext in ("webp", "jpg"):
                yield f"{width}.{ext}", self.url(width, ext)


@dataclass
class Outcome:
    """What became of one source file: processed, or refused with the reason."""

    processed: Processed | None = None
    error: str | None = None
    notes: tuple[str, ...] = ()

