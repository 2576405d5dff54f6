"""Photos in a real build: 100 phone photos of 4000×3000, processed cold, then from the cache.

    python benchmarks/images_bench.py [--photos 100] [--stories 120] [--runs 1]

One synthetic portal (`synth.py`) is built four ways, each with `mkdocs build` in its own
process: without any cover (the baseline), with a cover photo on each of the first
`--photos` stories and an empty `.cache/` (cold), again with the cache (warm), and as a deploy
pipeline builds it: a fresh copy of the sources (new modification times, no `.cache/`) with
`GWSITE_IMAGES_CACHE_DIR` naming the cold build's photo folder, kept between runs (deploy). The
time spent on images is what the plugin reports (`图片：… 用时 … 秒`); the table gives each
build's wall and CPU time (from `wait4`, the build and the processes it waited for), its image
time and the photos it processed, and their ratios to the baseline and to the cold build.
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


def build(site: Path, clear_cache: bool, kept: Path | None = None) -> tuple[float, float, int, float]:
    """One `mkdocs build`: wall seconds, seconds on images, images processed (not from the cache), CPU seconds."""
    if clear_cache:
        shutil.rmtree(site / ".cache", ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GWSITE_IMAGES_CACHE_DIR", None)
    if kept is not None:
        env["GWSITE_IMAGES_CACHE_DIR"] = str(kept)
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=site,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    stderr = process.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(stderr)
    match = IMAGE_LINE.search(stderr)
    return (wall, float(match.group(3)) if match else 0.0, int(match.group(2)) if match else 0,
            usage.ru_utime + usage.ru_stime)


def fresh_checkout(site: Path, dest: Path) -> Path:
    """The sources copied as a deploy pipeline's clone has them: new modification times, no `.cache/`."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(site, dest, ignore=shutil.ignore_patterns("site", ".cache"), copy_function=shutil.copyfile)
    return dest


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
        for name, site, clear in (("baseline", bare, True), ("cold", photos, True), ("warm", photos, False),
                                  ("deploy", photos, False)):
            best = None
            for _ in range(args.runs):
                if name == "warm":
                    build(site, False)  # make sure the cache is filled by a build of its own
                if name == "deploy":
                    kept = Path(tmp) / "kept-images"  # as CI restores it: the cold build's photo folder
                    shutil.rmtree(kept, ignore_errors=True)
                    shutil.copytree(photos / ".cache/gwsite/images", kept)
                    result = build(fresh_checkout(photos, Path(tmp) / "checkout"), False, kept)
                else:
                    result = build(site, clear)
                best = result if best is None or result[0] < best[0] else best
            rows[name] = best

    base, cold = rows["baseline"], rows["cold"]
    print(f"\n{args.stories} 篇稿件，其中 {args.photos} 篇有 4000×3000 封面照片（共 {source_mb:.0f} MB）\n")
    print("| 构建 | 用时（秒） | CPU 时间（秒） | 与无图基线用时之比 | 其中图片（秒） | 新处理图片 | 图片用时与冷构建之比 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(f"| 基线：同样的稿件，没有照片 | {base[0]:.2f} | {base[3]:.1f} | 1.00 | — | — | — |")
    for name, label in (("cold", "冷构建：缓存为空"), ("warm", "热构建：缓存都在"),
                        ("deploy", "部署构建：新检出的源文件，沿用保留的图片缓存")):
        row = rows[name]
        print(f"| {label} | {row[0]:.2f} | {row[3]:.1f} | {row[0] / base[0]:.2f} | {row[1]:.2f} | {row[2]} | "
              f"{row[1] / cold[1]:.3f} |")
    print(f"\n冷构建比基线多用 CPU {cold[3] - base[3]:.1f} 秒，每张照片 {(cold[3] - base[3]) / max(cold[2], 1):.3f} 秒")


if __name__ == "__main__":
    main()
