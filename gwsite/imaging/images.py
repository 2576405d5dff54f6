"""Photos that just work: every image is re-encoded from its decoded pixels with Pillow.

A phone photo comes in as a 4000×3000 JPEG or HEIC of several MB, turned by an EXIF tag
and carrying GPS coordinates; a print shop's export is CMYK; a screenshot is a PNG with
an alpha channel. Each comes out oriented, in sRGB, without any metadata, at a few widths,
as WebP with a JPEG fallback. Nothing here knows MkDocs or stories: a file goes in, a
`Processed` record (or an `ImageError` with a Chinese message) comes out, and the encoded
files wait in a cache folder keyed by the image's bytes and the settings.
"""

from __future__ import annotations

import atexit
import ctypes
import functools
import hashlib
import io
import json
import math
import os
import platform
import re
import shutil
import struct
import tempfile
import threading
import time
import warnings
from collections import deque
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import PIL
from PIL import Image, ImageCms, UnidentifiedImageError

from ..files import DISK_ERRORS, file_stamp, remove_leftovers, write_atomically
from ..integrity import Verifier, digest_file

try:
    import pillow_heif
except ImportError:  # pragma: no cover - a dependency; without it HEIC is refused as "not an image"
    pillow_heif = None
else:
    pillow_heif.register_heif_opener()

# Our own pixel limit is checked from the header; Pillow's warning would only repeat it.
warnings.simplefilter("ignore", Image.DecompressionBombWarning)

PIPELINE_VERSION = 3  # raise when the processing changes, so that no cached output survives
OUTPUT_DIR = "assets/gwsite/img"  # processed images in the built site, named by their cache key

# File name endings treated as photos: everything MkDocs would otherwise copy byte for byte.
RASTER_SUFFIXES = frozenset({".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".gif", ".webp", ".heic", ".heif",
                             ".avif", ".bmp", ".tif", ".tiff"})
# What a browser shows: an image only referenced from outside any page (a logo in mkdocs.yml)
# keeps its own path and format; others (HEIC, TIFF, BMP) only exist as processed renditions.
_COPY_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".jpe": "JPEG", ".jfif": "JPEG", ".png": "PNG", ".gif": "GIF",
                 ".webp": "WEBP"}
Image.init()
_DECODERS = tuple(name for name in ("JPEG", "MPO", "PNG", "GIF", "WEBP", "HEIF", "AVIF", "BMP", "TIFF")
                  if name in Image.OPEN)  # AVIF from Pillow 11.2 on, HEIF from pillow-heif
# Formats whose extra frames are an animation. An MPO's second frame is a depth map or a
# preview, and a phone's HEIC may hold several images of one shot: neither is worth a warning.
_ANIMATED = ("GIF", "PNG", "WEBP", "AVIF")
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


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


# -- Reading --------------------------------------------------------------------------


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}"


def _looks_like_markup(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<?xml", b"<svg", b"<!doctype", b"<html", b"<!--")) or b"<svg" in text[:1024]


# A progressive JPEG is decoded once more for each of its scans: libjpeg's own encoder writes 10 and
# optimisers a few dozen, while a crafted file can hold 20,000 in 3 MB (110 s to decode), so the
# scans are counted from the markers before anything is decoded.
MAX_JPEG_SCANS = 100
# Inside a scan's entropy-coded data a 0xFF byte is followed by 0x00 (a stuffed byte), a restart
# marker (0xD0–0xD7) or more 0xFF fill: anything else is the marker that ends the scan.
_END_OF_SCAN = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")


def jpeg_scans(data: bytes, limit: int) -> int:
    """How many scans (SOS segments) the first image of a JPEG holds, counting up to `limit` + 1.

    Walks the marker segments by their lengths and skips each scan's entropy-coded data to the
    next marker: nothing is decoded, so a file of any number of scans costs one pass over its bytes.
    """
    if not data.startswith(b"\xff\xd8"):
        return 0
    position, scans, size = 2, 0, len(data)
    while position + 1 < size:
        if data[position] != 0xFF:  # bytes between segments, which libjpeg skips too
            position = data.find(b"\xff", position)
            if position < 0:
                break
            continue
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
            continue
        if marker == 0xD9:  # end of image: what follows (an MPO's next image) is not decoded
            break
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            position += 2
            continue
        if position + 4 > size:
            break
        position += 2 + int.from_bytes(data[position + 2:position + 4], "big")
        if marker == 0xDA:
            scans += 1
            if scans > limit:
                break
            end = _END_OF_SCAN.search(data, position)
            if end is None:
                break
            position = end.start()
    return scans


def open_image(data: bytes, name: str, settings: ImageSettings) -> Image.Image:
    """Open an image from its bytes, reading only its header; refuse what must not be decoded."""
    if len(data) > settings.max_megabytes * 1_000_000:
        raise ImageError(f"图片文件有 {_megabytes(len(data))} MB，超过 {settings.max_megabytes:g} MB 的上限；"
                         "请在手机或电脑上缩小后再放入（新闻照片一般 5 MB 以内足够）")
    if name.lower().endswith((".svg", ".svgz")) or _looks_like_markup(data[:2048]):
        raise ImageError("SVG 等矢量图或网页文件可能带有脚本，网站不接受；请另存为 JPG 或 PNG 图片")
    try:
        image = Image.open(io.BytesIO(data), formats=_DECODERS)
    except Image.DecompressionBombError:  # beyond Pillow's own hard limit, twice MAX_IMAGE_PIXELS
        limit = min(settings.max_megapixels, 2 * (Image.MAX_IMAGE_PIXELS or 0) / 1_000_000 or settings.max_megapixels)
        raise ImageError(f"图片像素过多，超过 {limit:.0f} 百万像素的上限；"
                         "这样的文件可能是恶意构造的，请换一张正常拍摄的照片") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ImageError(f"“{name}”的内容不是可识别的图片（可能是改了扩展名的其他文件，或已损坏）；"
                         "请放入 JPG、PNG 或手机拍摄的 HEIC 照片") from None
    width, height = image.size
    if width < 1 or height < 1:
        raise ImageError("图片尺寸为 0，文件已损坏；请重新导出这张照片")
    if width * height > settings.max_megapixels * 1_000_000:
        raise ImageError(f"图片尺寸为 {width}×{height}（{width * height / 1_000_000:.0f} 百万像素），"
                         f"超过 {settings.max_megapixels:g} 百万像素的上限；这样的文件可能是恶意构造的，"
                         "请换一张正常拍摄的照片，或缩小后再放入")
    if image.format in ("JPEG", "MPO") and jpeg_scans(data, MAX_JPEG_SCANS) > MAX_JPEG_SCANS:
        raise ImageError(f"“{name}”分成了超过 {MAX_JPEG_SCANS} 遍渐进扫描（正常的照片约 10 遍），解码会极慢，"
                         "这样的文件可能是恶意构造的；请用看图软件另存为普通 JPEG，或换一张正常拍摄的照片")
    return image


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(0x0112, 1))
    except Exception:  # a broken EXIF block: treat the photo as upright
        return 1


def decode(image: Image.Image, max_width: int) -> tuple[Image.Image, list[str]]:
    """Decode an opened image: first frame, upright, sRGB, RGB or RGBA, no metadata.

    A JPEG is decoded at the smallest scale that still gives `max_width` (libjpeg's DCT
    scaling), so a 4000×3000 photo never needs its full 36 MB of pixels.
    """
    notes = []
    frames = getattr(image, "n_frames", 1)
    if frames > 1 and image.format in _ANIMATED:
        notes.append(f"是 {frames} 帧的动图，网站只显示第一帧；需要动画时请改用视频")
    orientation = _orientation(image)
    if image.format in ("JPEG", "MPO") and max_width:
        width, height = image.size
        upright_width = height if orientation in (5, 6, 7, 8) else width
        if upright_width > max_width:
            scale = max_width / upright_width
            image.draft(image.mode if image.mode in ("RGB", "L") else None,
                        (math.ceil(width * scale), math.ceil(height * scale)))
    try:
        image.load()
        icc = image.info.get("icc_profile")
        image = _to_rgb(image, icc)
        if orientation != 1:
            image = _rotate(image, orientation)
    except Image.DecompressionBombError:
        raise ImageError("图片解码后的像素过多，这样的文件可能是恶意构造的，请换一张正常拍摄的照片") from None
    except (OSError, SyntaxError, ValueError, EOFError, struct.error, ZeroDivisionError):
        raise ImageError("图片文件不完整或已损坏（可能没有传完）；请从手机或相机重新导出、重新拷贝这张照片") from None
    image.info = {}
    return image, notes


def _rotate(image: Image.Image, orientation: int) -> Image.Image:
    method = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
              5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
              8: Image.Transpose.ROTATE_90}.get(orientation)
    return image.transpose(method) if method is not None else image


def _to_rgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Any mode to sRGB 'RGB', or 'RGBA' when some pixel is not fully opaque."""
    mode = image.mode
    if mode.startswith("I;16"):
        image = image.convert("I").point(lambda v: v / 257).convert("L")
    elif mode in ("I", "F"):
        low, high = image.getextrema()
        image = image.convert("F").point(lambda v: (v - low) * 255 / ((high - low) or 1)).convert("L")
    elif mode == "1":
        image = image.convert("L")
    alpha = None
    if image.has_transparency_data:
        if image.mode != "RGBA":  # converting to its own mode would copy it: 4 bytes a pixel more at the peak
            image = image.convert("RGBA")
        alpha = image.getchannel("A")
        if alpha.getextrema()[0] == 255:
            alpha = None  # a screenshot saved with an alpha channel that is opaque everywhere
        image = image.convert("RGB")
    if icc and image.mode in ("RGB", "CMYK", "L"):
        image = _profile_to_srgb(image, icc)
    if image.mode != "RGB":
        image = image.convert("RGB")
    if alpha is not None:
        image.putalpha(alpha)
    return image


def _profile_to_srgb(image: Image.Image, icc: bytes) -> Image.Image:
    """Apply an embedded colour profile (Display P3, Adobe RGB, a print shop's CMYK), ending in sRGB."""
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if image.mode == "RGB" and "srgb" in ImageCms.getProfileDescription(profile).lower():
            return image
        return ImageCms.profileToProfile(image, profile, _SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image  # a broken profile: the plain conversion is still a usable picture


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


# -- Memory ----------------------------------------------------------------------------------

# What decoding may hold at once, over all the images decoded side by side: with the build's own
# 200–300 MB a build stays under 1.5 GB whatever its photos are. One image that needs more (up to
# the megapixel limit) is decoded alone.
DECODE_BUDGET = 1_000_000_000


def decode_cost(image: Image.Image, max_width: int) -> int:
    """The bytes decoding an opened image to `max_width` holds at its peak, from its header alone:
    the pixels at the scale they are decoded at, times the copies the conversions make (measured:
    6 bytes a pixel for RGB, 10 for 16-bit grey and for RGBA), with a margin."""
    width, height = image.size
    if image.format in ("JPEG", "MPO"):
        # `decode` asks libjpeg for a reduction by 2, 4 or 8 down to the upright width: assume the smaller side is it.
        ratio = min(width, height) // max_width if max_width else 1
        reduce = next((scale for scale in (8, 4, 2) if ratio >= scale), 1)
        cost = math.ceil(width / reduce) * math.ceil(height / reduce) * 12
        if image.info.get("progressive") or image.info.get("progression"):
            cost += width * height * 8  # libjpeg keeps every coefficient of a progressive JPEG
        return cost
    mode = image.mode
    if mode in ("RGBA", "LA", "PA", "P", "La", "RGBa") or "transparency" in image.info:
        per_pixel = 12
    elif mode.startswith(("I", "F")):
        per_pixel = 12
    else:
        per_pixel = 8
    if image.format in ("HEIF", "AVIF"):
        per_pixel += 4  # the decoder's own buffer
    return width * height * per_pixel


class Budget:
    """A weighted semaphore: jobs reserve what they will hold and wait, first come first served,
    until it fits beside the others' reservations; a job larger than the whole budget runs alone."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.used = 0
        self.peak = 0  # the most reserved at once, for tests
        self.queue: deque[object] = deque()
        self.changed = threading.Condition()

    @contextmanager
    def reserve(self, cost: int) -> Iterator[None]:
        ticket = object()
        with self.changed:
            self.queue.append(ticket)
            self.changed.wait_for(lambda: self.queue[0] is ticket
                                  and (self.used == 0 or self.used + cost <= self.total))
            self.queue.popleft()
            self.used += cost
            self.peak = max(self.peak, self.used)
            self.changed.notify_all()
        try:
            yield
        finally:
            with self.changed:
                self.used -= cost
                self.changed.notify_all()


@functools.cache
def _free_large_blocks_at_once() -> None:
    """Make glibc hand freed blocks of a megabyte or more straight back to the system.

    glibc gives each thread a heap of its own that keeps what it freed, and raises its threshold
    for mapping large blocks separately as they are freed: each worker thread would keep the
    largest image it ever decoded, and a budget that lets one image at a time be decoded would
    still end with one image's memory per thread (measured: 495 MB instead of 186 for four
    16-megapixel PNGs on four threads). Fixing the threshold maps every large block on its own.
    """
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return
    try:
        ctypes.CDLL(None).mallopt(-3, 1 << 20)  # M_MMAP_THRESHOLD, 1 MB
    except (OSError, AttributeError):
        pass


def cost_of(data: bytes, name: str, settings: ImageSettings, max_width: int) -> int:
    """What processing `data` holds in memory at its peak: its bytes, and its decoding's."""
    try:
        image = open_image(data, name, settings)
    except ImageError:
        return len(data)  # refused from its header: never decoded
    return len(data) + decode_cost(image, max_width)


# -- The cache ----------------------------------------------------------------------------


@dataclass
class Outcome:
    """What became of one source file: processed, or refused with the reason."""

    processed: Processed | None = None
    error: str | None = None
    notes: tuple[str, ...] = ()


@dataclass
class ImageCache:
    """Processed images under `.cache/gwsite/images/`, keyed by the bytes and the settings.

    A source file's content hash is remembered by path, size and modification time, so an
    unchanged tree is recognised from `stat` alone. Refusals are cached too: a broken
    photo is not decoded again on every rebuild of `mkdocs serve`.
    """

    folder: Path
    settings: ImageSettings = field(default_factory=ImageSettings)
    verifier: Verifier = field(default_factory=Verifier)  # checks each rendition before reuse

    def __post_init__(self) -> None:
        self.rendered = 0  # images processed (not taken from the cache) by this object's runs
        self.broken = 0  # entries found damaged (and processed again) by this object's runs
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            probe = tempfile.mkdtemp(prefix=".tmp-", dir=self.folder)
            os.rmdir(probe)
        except OSError:  # a read-only checkout: process into a folder of this run only
            self.folder = Path(tempfile.mkdtemp(prefix="gwsite-images-"))
            atexit.register(shutil.rmtree, self.folder, True)
        self.hashes: dict[str, list] = {}
        self.hashes_changed = False
        try:
            stored = json.loads((self.folder / "sources.json").read_text(encoding="utf-8"))
            if stored["sha256"] == _hashes_digest(stored["hashes"]):  # a garbled digest would name another photo
                self.hashes = stored["hashes"]
        except (OSError, ValueError, KeyError, TypeError):
            self.hashes = {}

    def content_hash(self, path: Path) -> str:
        stamp = file_stamp(path)
        known = self.hashes.get(str(path))
        if stamp is not None and known is not None and known[:2] == list(stamp):
            return known[2]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()  # OSError for a photo gone since
        if stamp is not None:
            self.hashes[str(path)] = [*stamp, digest]
        self.hashes_changed = True
        return digest

    def key(self, path: Path) -> str:
        return hashlib.sha256(f"{self.content_hash(path)}|{self.settings.digest}".encode()).hexdigest()

    def entry(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def load(self, key: str, want_copy: bool, verify: bool = True) -> Outcome | None:
        """The cached outcome under `key`; None when there is none, or (with `verify`, for a build that
        publishes the renditions) when a rendition is not exactly as it was written."""
        try:
            meta = json.loads((self.entry(key) / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if meta.get("error"):
            return Outcome(error=meta["error"])
        if want_copy and not meta.get("copy"):
            return None
        try:
            processed = Processed(key, tuple(tuple(size) for size in meta["sizes"]), meta["alpha"],
                                  tuple(meta["notes"]), meta.get("copy"))
            digests = meta["digests"]
            names = [name for name, _ in processed.files()] + ([processed.copy] if processed.copy else [])
            whole = not verify or all(self.verifier.check(self.entry(key) / name, digests[name]) for name in names)
        except (KeyError, TypeError, ValueError):
            whole = False
        if not whole:  # a rendition missing, truncated or garbled: process the photo again
            self.broken += 1
            return None
        return Outcome(processed, notes=processed.notes)

    def save(self, key: str, outcome: Outcome, staging: Path | None) -> None:
        """Move a finished entry into place at once, so a killed build never leaves half an entry."""
        meta: dict = {"error": outcome.error}
        if outcome.processed is not None:
            p = outcome.processed
            meta.update(sizes=[list(size) for size in p.sizes], alpha=p.alpha, notes=list(p.notes), copy=p.copy)
        target = self.entry(key)
        staging = staging or Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.folder))
        digests = {path.name: digest_file(path) for path in sorted(staging.iterdir())}
        meta["digests"] = digests
        for name, digest in digests.items():
            if digest is not None:
                self.verifier.written(target / name, digest)
        (staging / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            shutil.rmtree(target, ignore_errors=True)
        try:
            os.replace(staging, target)
        except OSError:  # another build finished the same entry first
            shutil.rmtree(staging, ignore_errors=True)

    def prune(self, keep: set[str], days: float = 30) -> int:
        """Remove entries this build did not use and that were written more than `days` ago:
        photos since replaced or deleted. Recent ones stay, for another branch or an undo."""
        cutoff = time.time() - days * 86400
        removed = 0
        for meta in self.folder.glob("??/*/meta.json"):
            entry = meta.parent
            try:
                if entry.name not in keep and meta.stat().st_mtime < cutoff:
                    shutil.rmtree(entry)
                    removed += 1
            except OSError:
                continue
        remove_leftovers(self.folder, (".tmp-", ".sources.", "sources."))  # "sources.": older versions' name
        return removed

    def flush(self) -> None:
        if not self.hashes_changed:
            return
        stored = {"sha256": _hashes_digest(self.hashes), "hashes": self.hashes}
        write_atomically(self.folder / "sources.json",
                         json.dumps(stored, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        self.hashes_changed = False


def _hashes_digest(hashes: dict) -> str:
    return hashlib.sha256(json.dumps(hashes, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def process_all(paths: Iterable[Path], cache: ImageCache, copies: frozenset[Path] = frozenset(),
                progress: Callable[[int, int], None] | None = None, workers: int | None = None,
                encode: bool = True, budget: int | None = None) -> dict[Path, Outcome]:
    """Every image in `paths`, from the cache or processed on all cores.

    `copies` are the images that also need a same-format copy at their own path. With
    `encode=False` images missing from the cache are only checked (`gwsite check`).
    Pillow releases the GIL while it decodes, resizes and encodes, so threads suffice; how many
    images are decoded at once is bounded by the memory they need (`budget`, `DECODE_BUDGET`).
    """
    memory = Budget(budget or DECODE_BUDGET)
    _free_large_blocks_at_once()
    outcomes: dict[Path, Outcome] = {}
    todo: dict[str, list[Path]] = {}
    for path in sorted(set(paths)):
        try:
            key = cache.key(path)
        except OSError as exc:
            outcomes[path] = Outcome(error=f"无法读取图片文件（{exc.strerror}）")
            continue
        found = cache.load(key, want_copy=encode and path in copies, verify=encode)
        if found is not None:
            outcomes[path] = found
        else:
            todo.setdefault(key, []).append(path)

    def work(key: str, path: Path) -> Outcome:
        copy_format = _COPY_FORMATS.get(path.suffix.lower()) if any(p in copies for p in todo[key]) else None
        try:
            size = path.stat().st_size
            with memory.reserve(size):  # the file's bytes, until its header tells what decoding needs
                data = path.read_bytes()
                max_width = max(cache.settings.widths) if encode else min(cache.settings.widths)
                cost = cost_of(data, path.name, cache.settings, max_width)
            with memory.reserve(cost):
                if not encode:
                    return Outcome(notes=tuple(verify(data, path.name, cache.settings)))
                staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=cache.folder))
                try:
                    result = render(data, path.name, cache.settings, staging, copy_format)
                except BaseException:
                    shutil.rmtree(staging, ignore_errors=True)
                    raise
            processed = Processed(key, result.sizes, result.alpha, result.notes, result.copy)
            outcome = Outcome(processed, notes=processed.notes)
        except ImageError as error:
            outcome, staging = Outcome(error=str(error)), None
        except OSError as exc:
            if exc.errno in DISK_ERRORS or (exc.errno is not None and exc.filename != str(path)):
                raise  # writing the cache failed (a full disk): the build stops and says why
            return Outcome(error=f"无法读取图片文件（{exc.strerror}）")
        except MemoryError:
            return Outcome(error="图片太大，处理时内存不足；请缩小后再放入")
        if encode or outcome.error:
            cache.save(key, outcome, staging)
        return outcome

    workers = workers or min(os.cpu_count() or 1, 8)
    done = 0
    if progress and todo:
        progress(0, len(todo))
    with ThreadPoolExecutor(max(1, min(workers, len(todo)))) as pool:
        futures = {pool.submit(work, key, paths_[0]): key for key, paths_ in todo.items()}
        for future in as_completed(futures):
            outcome = future.result()
            for path in todo[futures[future]]:
                outcomes[path] = outcome
            done += 1
            if progress:
                progress(done, len(todo))
    if encode:
        cache.rendered += len(todo)
    try:
        cache.flush()
    except OSError:
        pass
    return outcomes
