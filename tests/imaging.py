"""Images for the tests, made with Pillow: phone photos with EXIF and GPS, CMYK, alpha, bombs.

Every photo carries the same identifying tags, so a test can look for them in any output.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageDraw

MAKE = "GwTestMake"
MODEL = "GwTestModel"
TAKEN = "2024:03:15 10:00:00"
SECRETS = (MAKE.encode(), MODEL.encode(), TAKEN.encode())  # bytes no output may contain

RED = (220, 20, 20)


def exif(orientation: int = 1) -> Image.Exif:
    """Camera tags, the time the photo was taken, and where: what must never reach the site."""
    tags = Image.Exif()
    tags[0x010F] = MAKE  # Make
    tags[0x0110] = MODEL  # Model
    tags[0x0132] = TAKEN  # DateTime
    tags[0x0112] = orientation
    gps = tags.get_ifd(0x8825)
    gps[1], gps[2] = "N", (39.0, 54.0, 27.6)  # latitude
    gps[3], gps[4] = "E", (116.0, 23.0, 50.4)  # longitude
    return tags


def scene(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """A picture with a red mark in its top-left corner, so orientation can be checked."""
    width, height = size
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width // 4, height // 4), fill=RED)
    draw.ellipse((width // 2, height // 3, width * 3 // 4, height * 2 // 3), fill=(30, 90, 200))
    return image.convert(mode) if mode != "RGB" else image


def phone_photo(path: Path, size: tuple[int, int] = (400, 300), orientation: int = 1, fmt: str = "JPEG") -> Path:
    """A photo as a phone stores it: pixels as the sensor saw them, turned by the EXIF tag."""
    scene(size).save(path, fmt, exif=exif(orientation).tobytes(), quality=90)
    return path


def cmyk_jpeg(path: Path, size: tuple[int, int] = (200, 150)) -> Path:
    """A print shop's export: CMYK, pure red (no cyan, full magenta and yellow)."""
    Image.new("CMYK", size, (0, 255, 255, 0)).save(path, "JPEG", quality=95, exif=exif().tobytes())
    return path


def rgba_png(path: Path, size: tuple[int, int] = (200, 150), alpha: int = 128) -> Path:
    image = scene(size).convert("RGBA")
    image.putalpha(alpha)
    image.save(path, "PNG")
    return path


def palette_png(path: Path, size: tuple[int, int] = (200, 150)) -> Path:
    """An 8-bit palette PNG with a transparent colour, like a saved chart or logo."""
    image = scene(size).convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
    image.save(path, "PNG", transparency=0)
    return path


def gray16_png(path: Path, size: tuple[int, int] = (120, 90), value: int = 32768) -> Path:
    """A 16-bit greyscale scan at mid grey."""
    Image.new("I;16", size, value).save(path, "PNG")
    return path


def animated_gif(path: Path, frames: int = 3, size: tuple[int, int] = (120, 90)) -> Path:
    images = [Image.new("RGB", size, colour) for colour in ((200, 0, 0), (0, 200, 0), (0, 0, 200))[:frames]]
    images[0].save(path, "GIF", save_all=True, append_images=images[1:], duration=200, loop=0)
    return path


def heic_photo(path: Path, size: tuple[int, int] = (320, 240)) -> Path:
    import pillow_heif

    pillow_heif.register_heif_opener()
    scene(size).save(path, "HEIF", exif=exif().tobytes(), quality=80)
    return path


def truncated_jpeg(path: Path, size: tuple[int, int] = (800, 600)) -> Path:
    """A photo whose copy stopped half-way."""
    buffer = io.BytesIO()
    scene(size).save(buffer, "JPEG", quality=90)
    data = buffer.getvalue()
    path.write_bytes(data[: len(data) // 2])
    return path


def many_scans_jpeg(extra: int = 2000, size: tuple[int, int] = (512, 512)) -> bytes:
    """A valid progressive JPEG whose last scan is repeated `extra` times: each is decoded again."""
    buffer = io.BytesIO()
    scene(size).save(buffer, "JPEG", progressive=True, quality=90)
    data = buffer.getvalue()
    end = data.rindex(b"\xff\xd9")
    last_scan = data[data.rindex(b"\xff\xda"):end]
    return data[:end] + last_scan * extra + b"\xff\xd9"


def bomb_png(path: Path, side: int = 16000) -> Path:
    """A valid greyscale PNG of side×side black pixels: a few hundred KB that decode to side² bytes."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    compressor = zlib.compressobj(9)
    row = b"\x00" * (side + 1)  # filter byte, then the row
    parts = [compressor.compress(row * 256) for _ in range(side // 256)]
    parts.append(compressor.compress(row * (side % 256)))
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"".join(parts))
                     + chunk(b"IEND", b""))
    return path
