"""Photos in a real build: 100 phone photos of 4000×3000, processed cold, then from the cache.

    python benchmarks/images_bench.py [--photos 100] [--stories 120] [--runs 1]

One synthetic portal (`synth.py`) is built three ways, each with `mkdocs build` in its own
process: without any cover (the baseline), with a cover photo on each of the first
`--photos` stories and an empty image cache (cold), and again with the cache (warm). The
time spent on images is what the plugin reports (`图片：… 用时 … 秒`); the table gives each
build's wall time and image time, and their ratios to the baseline and to the cold build.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import generate  # noqa: E402

IMAGE_LINE = re.compile(r"图片：(\d+) 张，新处理 (\d+) 张，用时 ([\d.]+) 秒")


def build(site: Path, clear_cache: bool) -> tuple[float, float, int]:
    """One `mkdocs build`: wall seconds, seconds on images, images processed (not from the cache)."""
    if clear_cache:
        shutil.rmtree(site / ".cache", ignore_errors=True)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=site, capture_output=True,
                            text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    wall = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(result.stderr)
    match = IMAGE_LINE.search(result.stderr)
    return wall, float(match.group(3)) if match else 0.0, int(match.group(2)) if match else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--stories", type=int, default=120)  # about 3% are drafts, without covers
    parser.add_argument("--runs", type=int, default=1, help="repeat each build, keep the fastest")
    parser.add_argument("--photo-cache", type=Path, default=Path(tempfile.gettempdir()) / "gwsite-bench-photos")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        bare = generate(Path(tmp) / "bare", args.stories)
        print(f"生成 {args.photos} 张 4000×3000 照片（首次较慢，之后取自 {args.photo_cache}）…", file=sys.stderr)
        photos = generate(Path(tmp) / "photos", args.stories, covers=args.photos, photo_cache=args.photo_cache)
        source_mb = sum(p.stat().st_size for p in (photos / "content/images").iterdir()) / 1e6

        rows = {}
        for name, site, clear in (("baseline", bare, True), ("cold", photos, True), ("warm", photos, False)):
            best = None
            for _ in range(args.runs):
                if name == "warm":
                    build(site, False)  # make sure the cache is filled by a build of its own
                result = build(site, clear)
                best = result if best is None or result[0] < best[0] else best
            rows[name] = best

    base, cold, warm = rows["baseline"][0], rows["cold"], rows["warm"]
    print(f"\n{args.stories} 篇稿件，其中 {args.photos} 篇有 4000×3000 封面照片（共 {source_mb:.0f} MB）\n")
    print("| 构建 | 用时（秒） | 与无图基线之比 | 其中图片（秒） | 新处理图片 | 图片用时与冷构建之比 |")
    print("|---|---:|---:|---:|---:|---:|")
    print(f"| 基线：同样的稿件，没有照片 | {base:.2f} | 1.00 | — | — | — |")
    print(f"| 冷构建：图片缓存为空 | {cold[0]:.2f} | {cold[0] / base:.2f} | {cold[1]:.2f} | {cold[2]} | 1.000 |")
    print(f"| 热构建：图片都在缓存中 | {warm[0]:.2f} | {warm[0] / base:.2f} | {warm[1]:.2f} | {warm[2]} | "
          f"{warm[1] / cold[1]:.3f} |")


if __name__ == "__main__":
    main()
