"""Deterministic synthetic phone photos: a street scene with sky, buildings, a red banner and people.

    python benchmarks/photos.py DEST --count 100 [--width 4000 --height 3000] [--seed 1]

They stand in for what correspondents send: large JPEGs with sensor-like noise, turned by an
EXIF tag (every fourth one is stored sideways, orientation 6), with camera, time and GPS tags.
The benchmark processes them; the sample portal's covers were made with `--width 1600`.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter


def scene(seed: int, size: tuple[int, int]) -> Image.Image:
    """One photo-like picture: smooth areas, edges and fine noise, like a real street photo."""
    rng = random.Random(seed)
    width, height = size
    horizon = int(height * rng.uniform(0.45, 0.6))
    sky_top = (rng.randint(60, 120), rng.randint(120, 170), rng.randint(200, 240))
    sky = Image.linear_gradient("L").resize((width, horizon))
    image = Image.new("RGB", size, (120, 115, 105))
    image.paste(Image.merge("RGB", [sky.point(lambda v, c=c: c + (235 - c) * v // 255) for c in sky_top]), (0, 0))
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(3, 6)):  # clouds
        x, y, r = rng.randint(0, width), rng.randint(0, horizon // 2), rng.randint(width // 20, width // 8)
        draw.ellipse((x - r, y - r // 3, x + r, y + r // 3), fill=(245, 245, 248))
    x = 0
    while x < width:  # buildings with rows of windows
        w, h = rng.randint(width // 10, width // 4), rng.randint(horizon // 4, horizon * 3 // 4)
        shade = rng.randint(150, 215)
        draw.rectangle((x, horizon - h, x + w, horizon), fill=(shade, shade - 10, shade - 25))
        for wy in range(horizon - h + height // 60, horizon - height // 40, height // 25):
            for wx in range(x + width // 100, x + w - width // 80, width // 40):
                draw.rectangle((wx, wy, wx + width // 120, wy + height // 60), fill=(70, 90, 110))
        x += w + rng.randint(0, width // 30)
    banner_y = horizon - horizon // 3
    draw.rectangle((width // 6, banner_y, width * 5 // 6, banner_y + height // 14), fill=(200, 20, 30))
    for _ in range(rng.randint(8, 20)):  # people
        px = rng.randint(0, width)
        py = rng.randint(horizon + height // 20, height - height // 20)
        scale = (py - horizon) / (height - horizon) + 0.4
        body, head = int(height * 0.09 * scale), int(height * 0.025 * scale)
        colour = rng.choice([(30, 40, 90), (200, 40, 40), (240, 240, 240), (40, 40, 40), (60, 120, 60)])
        draw.rectangle((px - body // 4, py - body, px + body // 4, py), fill=colour)
        draw.ellipse((px - head, py - body - 2 * head, px + head, py - body), fill=(230, 190, 160))
    image = image.filter(ImageFilter.GaussianBlur(max(1, width // 1600)))
    noise = Image.effect_noise(size, 24).convert("RGB")
    return Image.blend(image, noise, 0.12)


def camera_tags(seed: int, orientation: int) -> Image.Exif:
    tags = Image.Exif()
    tags[0x010F], tags[0x0110] = "Huawei", "P60"
    tags[0x0132] = f"2025:0{1 + seed % 9}:1{seed % 10} 09:{seed % 60:02d}:00"
    tags[0x0112] = orientation
    gps = tags.get_ifd(0x8825)
    gps[1], gps[2] = "N", (36.0, 41.0, float(seed % 60))
    gps[3], gps[4] = "E", (118.0, 28.0, float(seed % 60))
    return tags


def write_photo(path: Path, seed: int, size: tuple[int, int], quality: int = 92) -> Path:
    """A photo as a phone stores it: every fourth one sideways with orientation 6."""
    orientation = 6 if seed % 4 == 3 else 1
    image = scene(seed, size)
    if orientation == 6:
        image = image.transpose(Image.Transpose.ROTATE_90)  # the sensor's view; the tag turns it back
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=quality, exif=camera_tags(seed, orientation).tobytes())
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--width", type=int, default=4000)
    parser.add_argument("--height", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for i in range(args.count):
        write_photo(args.dest / f"photo-{i:03d}.jpg", args.seed * 1000 + i, (args.width, args.height))


if __name__ == "__main__":
    main()
