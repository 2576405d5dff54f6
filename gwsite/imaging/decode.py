"""Opening a photo safely and decoding it to upright sRGB pixels, and what decoding costs in memory.

A phone photo comes in as a 4000×3000 JPEG or HEIC of several MB, turned by an EXIF tag and
carrying GPS coordinates; a print shop's export is CMYK; a screenshot is a PNG with an alpha
channel. Each is refused from its header when it must not be decoded (too large, too many
pixels, a JPEG of thousands of scans, not an image at all), and otherwise decoded to its
first frame, oriented, in sRGB, without any metadata.
"""

from __future__ import annotations

import io
import math
import re
import struct
import warnings

from PIL import Image, ImageCms, UnidentifiedImageError

from .records import ImageError, ImageSettings

# Our own pixel limit is checked from the header; Pillow's warning would only repeat it.
warnings.simplefilter("ignore", Image.DecompressionBombWarning)
Image.init()
_DECODERS = tuple(name for name in ("JPEG", "MPO", "PNG", "GIF", "WEBP", "HEIF", "AVIF", "BMP", "TIFF")
                  if name in Image.OPEN)  # AVIF from Pillow 11.2 on, HEIF from pillow-heif
# Formats whose extra frames are an animation. An MPO's second frame is a depth map or a
# preview, and a phone's HEIC may hold several images of one shot: neither is worth a warning.
_ANIMATED = ("GIF", "PNG", "WEBP", "AVIF")
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


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
    _refuse_file(data, name, settings)
    image = _open(data, name, settings)
    _refuse_header(image, data, name, settings)
    return image


def _refuse_file(data: bytes, name: str, settings: ImageSettings) -> None:
    """Refuse from the file alone: too large, or markup that could carry a script."""
    if len(data) > settings.max_megabytes * 1_000_000:
        raise ImageError(f"图片文件有 {_megabytes(len(data))} MB，超过 {settings.max_megabytes:g} MB 的上限；"
                         "请在手机或电脑上缩小后再放入（新闻照片一般 5 MB 以内足够）")
    if name.lower().endswith((".svg", ".svgz")) or _looks_like_markup(data[:2048]):
        raise ImageError("SVG 等矢量图或网页文件可能带有脚本，网站不接受；请另存为 JPG 或 PNG 图片")


def _open(data: bytes, name: str, settings: ImageSettings) -> Image.Image:
    """Pillow's lazy open, which reads the header only, in the formats a site takes."""
    try:
        return Image.open(io.BytesIO(data), formats=_DECODERS)
    except Image.DecompressionBombError:  # beyond Pillow's own hard limit, twice MAX_IMAGE_PIXELS
        limit = min(settings.max_megapixels, 2 * (Image.MAX_IMAGE_PIXELS or 0) / 1_000_000 or settings.max_megapixels)
        raise ImageError(f"图片像素过多，超过 {limit:.0f} 百万像素的上限；"
                         "这样的文件可能是恶意构造的，请换一张正常拍摄的照片") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ImageError(f"“{name}”的内容不是可识别的图片（可能是改了扩展名的其他文件，或已损坏）；"
                         "请放入 JPG、PNG 或手机拍摄的 HEIC 照片") from None


def _refuse_header(image: Image.Image, data: bytes, name: str, settings: ImageSettings) -> None:
    """Refuse from the header: no pixels, too many, or a JPEG too slow to decode."""
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
        _draft(image, orientation, max_width)
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


def _draft(image: Image.Image, orientation: int, max_width: int) -> None:
    """Have libjpeg decode at the smallest scale (1/2, 1/4, 1/8) still giving `max_width` upright."""
    width, height = image.size
    upright_width = height if orientation in (5, 6, 7, 8) else width
    if upright_width > max_width:
        scale = max_width / upright_width
        image.draft(image.mode if image.mode in ("RGB", "L") else None,
                    (math.ceil(width * scale), math.ceil(height * scale)))


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


# -- Memory --------------------------------------------------------------------------------


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


def cost_of(data: bytes, name: str, settings: ImageSettings, max_width: int) -> int:
    """What processing `data` holds in memory at its peak: its bytes, and its decoding's."""
    try:
        image = open_image(data, name, settings)
    except ImageError:
        return len(data)  # refused from its header: never decoded
    return len(data) + decode_cost(image, max_width)
