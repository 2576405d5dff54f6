"""The CPU one photo costs the first time a build meets it: every rendition, through the real pipeline.

    python benchmarks/photo_cost.py [--count 8] [--photo-cache /tmp/gwsite-bench-photos]

Two kinds of photo, as correspondents send them:

- a phone photo: 4000×3000 JPEG of about 3 MB at quality 95, with camera and GPS tags, every fourth
  one stored sideways (EXIF orientation 6), drawn by `photos.py`;
- the same photo as WeChat passes it on without 原图: 1280×960 (the long side at 1280 px), JPEG
  quality 75, no EXIF, about 0.2 MB.

Each photo is processed alone on one thread (`process_all(workers=1)`) into an empty cache with the
default settings (480, 960 and 1600 px, each as WebP and JPEG); the CPU time is the process's
(`time.process_time`, all threads), so it is what the photo costs whatever the number of cores.
The table gives the median and the range over `--count` photos, and the bytes the cache keeps.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageOps

sys.path.insert(0, str(Path(__file__).resolve().parent))
from photos import write_photo  # noqa: E402

from gwsite.imaging.cache import ImageCache  # noqa: E402
from gwsite.imaging.process import process_all  # noqa: E402
from gwsite.imaging.records import ImageSettings  # noqa: E402


def phone_photos(folder: Path, count: int) -> list[Path]:
    """4000×3000 phone photos, drawn once and kept in `folder` (a photo takes a second to draw)."""
    return [path if path.is_file() else write_photo(path, 7000 + i, (4000, 3000), quality=95)
            for i, path in enumerate(folder / f"phone-4000x3000-q95-{i:02d}.jpg" for i in range(count))]


def wechat_copy(phone: Path, folder: Path) -> Path:
    """The photo as WeChat forwards it: turned upright, long side 1280 px, quality 75, no EXIF."""
    target = folder / f"wechat-{phone.stem.rsplit('-', 1)[-1]}.jpg"
    if not target.is_file():
        with Image.open(phone) as image:
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((1280, 1280), Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            upright.save(buffer, "JPEG", quality=75)
        target.write_bytes(buffer.getvalue())
    return target


def cost(paths: list[Path]) -> tuple[list[float], list[float], list[int]]:
    """CPU seconds, wall seconds and cached bytes of each photo, processed alone into an empty cache."""
    cpu, wall, kept = [], [], []
    settings = ImageSettings()
    for path in paths:
        with tempfile.TemporaryDirectory() as tmp:
            cache = ImageCache(Path(tmp) / "images", settings)
            started, started_cpu = time.perf_counter(), time.process_time()
            outcome = process_all([path], cache, workers=1)[path]
            cpu.append(time.process_time() - started_cpu)
            wall.append(time.perf_counter() - started)
            assert outcome.processed is not None and cache.rendered == 1, outcome.error
            kept.append(sum(p.stat().st_size for p in cache.entry(outcome.processed.key).iterdir()))
    return cpu, wall, kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=8)
    parser.add_argument("--photo-cache", type=Path, default=Path(tempfile.gettempdir()) / "gwsite-bench-photos")
    args = parser.parse_args()
    folder = args.photo_cache / "cost"
    folder.mkdir(parents=True, exist_ok=True)
    phones = phone_photos(folder, args.count)
    kinds = {"手机照片 4000×3000，JPEG 质量 95": phones,
             "微信压缩图 1280×960，JPEG 质量 75": [wechat_copy(p, folder) for p in phones]}
    cost(phones[:1])  # warm up: imports, Pillow's codecs
    print(f"\n每种 {args.count} 张，逐张单线程处理（480、960、1600 像素各一份 WebP 和 JPEG）\n")
    print("| 照片 | 原图大小（MB） | 每张 CPU 时间（秒，中位数） | 范围（秒） | 每张缓存占用（KB） |")
    print("|---|---:|---:|---:|---:|")
    for name, paths in kinds.items():
        cpu, _, kept = cost(paths)
        size = statistics.median(p.stat().st_size for p in paths) / 1e6
        print(f"| {name} | {size:.2f} | {statistics.median(cpu):.3f} | {min(cpu):.3f}–{max(cpu):.3f} | "
              f"{statistics.median(kept) / 1024:.0f} |")


if __name__ == "__main__":
    main()
