"""Time `gwsite tally` on a deterministic synthetic portal (default 10,000 stories).

    python benchmarks/tally_bench.py [--stories 10000] [--runs 3]

Reports the best of `--runs` wall times for: the baseline (a bare Python process that
only parses every story's front-matter with PyYAML's C loader: the floor for any tool
that reads this content), `gwsite tally` with no cache (first run, or after the registry
changed), with a warm cache, and with a warm cache after one story was edited; each also
as a ratio to the baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import generate  # noqa: E402

BASELINE = """\
import sys, pathlib, yaml
for path in sorted(pathlib.Path("content/news").rglob("*.md")):
    text = path.read_text(encoding="utf-8")
    yaml.load(text.split("---", 2)[1], Loader=yaml.CSafeLoader)
"""


def timed(command: list[str], cwd: Path, before=None) -> float:
    if before:
        before()
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def best(runs: int, command: list[str], cwd: Path, before=None) -> float:
    return min(timed(command, cwd, before) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    gwsite = str(Path(sys.executable).parent / "gwsite")
    with tempfile.TemporaryDirectory() as folder:
        site = generate(Path(folder) / "portal", args.stories)
        tally = [gwsite, "tally", "--year", "2025", "--format", "json"]
        cache = site / ".cache"
        edited = sorted((site / "content/news").rglob("*.md"))[args.stories // 2]

        def clear() -> None:
            shutil.rmtree(cache, ignore_errors=True)

        def touch() -> None:
            edited.write_text(edited.read_text(encoding="utf-8") + "\n补充一段。\n", encoding="utf-8")

        baseline = best(args.runs, [sys.executable, "-c", BASELINE], site)
        cold = best(args.runs, tally, site, clear)
        timed(tally, site)
        warm = best(args.runs, tally, site)
        one_edit = best(args.runs, tally, site, touch)

    rows = [
        ("基线：只解析全部 front-matter（PyYAML C 解析器）", baseline),
        ("gwsite tally，无缓存（首次运行或名录改动后）", cold),
        ("gwsite tally，有缓存", warm),
        ("gwsite tally，有缓存、改动一篇稿件后", one_edit),
    ]
    print(f"| {args.stories} 篇稿件 | 用时（秒，{args.runs} 次取最快） | 与基线之比 |")
    print("|---|---:|---:|")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.2f} | {seconds / baseline:.2f} |")


if __name__ == "__main__":
    main()
