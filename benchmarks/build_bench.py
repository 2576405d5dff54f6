"""Whole builds at scale: gwsite against a plain Material for MkDocs blog of the same stories.

    python benchmarks/build_bench.py --stories 3000 [--covers 0.1] [--no-serve] [--no-baseline]

One deterministic synthetic portal of N stories (`synth.py`, a tenth with a 1600×1200 cover
photo) is built:

- with gwsite, cold (no `.cache/`, no `site/`): stories, listings, ranking, feeds, search, photos;
- with gwsite again after one story was edited (warm caches);
- as the baseline, the same stories as posts of Material's built-in `blog` plugin (with its
  categories) and Material's `search` plugin segmenting Chinese with jieba, the covers as
  images in the posts; cold;
- and, unless `--no-serve`, under `mkdocs serve`: the seconds from saving an edit to a story's
  text to the served page showing it (three times), then the same for a new title.

Each build runs `mkdocs build` in its own process; wall time, CPU time (user + system) and
the peak memory of the largest process (MkDocs or Pagefind, from `wait4`) are measured, and
printed as a Markdown table with ratios to the baseline's cold build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import generate  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}

BLOG_YML = """\
site_name: 青州市关心下一代工作委员会（{n} 篇，Material 博客）
site_url: https://www.qzggw.example.cn/
docs_dir: docs
theme:
  name: material
  language: zh
  font: false
plugins:
  - search:
      lang: zh
  - blog:
      blog_dir: blog
      post_date_format: long
"""


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float


def timed_build(site: Path) -> Run:
    """`mkdocs build` in its own process; rusage from wait4 covers it and the children it waited for."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build"], cwd=site, env=ENV,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(stderr.decode(errors="replace"))
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def story_page_bytes(portal: Path) -> tuple[int, int]:
    """Mean and largest size of the built story pages (news/<yyyy>/<mm>/<slug>/index.html)."""
    sizes = [p.stat().st_size for p in (portal / "site" / "news").glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html")]
    return (sum(sizes) // len(sizes), max(sizes)) if sizes else (0, 0)


def first(meta: dict, *keys: str) -> object:
    """A front-matter value under its English or Chinese key."""
    return next((meta[key] for key in keys if key in meta), None)


def as_blog(portal: Path, dest: Path) -> Path:
    """The same stories as Material blog posts: date, categories, title as heading, cover in the body."""
    if dest.exists():
        shutil.rmtree(dest)
    posts = dest / "docs" / "blog" / "posts"
    posts.mkdir(parents=True)
    (dest / "docs" / "index.md").write_text("# 首页\n\n合成的测试网站。\n", encoding="utf-8")
    (dest / "docs" / "blog" / "index.md").write_text("# 新闻动态\n", encoding="utf-8")
    if (portal / "content" / "images").is_dir():
        shutil.copytree(portal / "content" / "images", dest / "docs" / "images")
    n = 0
    for path in sorted((portal / "content" / "news").rglob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---", 2)
        meta = yaml.safe_load(front)
        cover = first(meta, "cover", "封面")
        date = str(first(meta, "date", "日期"))
        date = f"{date}:00" if len(date) == 16 else date  # a YAML timestamp needs the seconds
        lines = ["---", f"date: {date}", "categories:", f"  - {first(meta, 'category', '栏目')}"]
        if meta.get("draft"):
            lines.append("draft: true")
        lines += ["---", "", f"# {first(meta, 'title', '标题')}", ""]
        if cover:
            lines += [f"![](../../images/{Path(cover).name})", ""]
        (posts / path.name).write_text("\n".join(lines) + body, encoding="utf-8")
        n += 1
    (dest / "mkdocs.yml").write_text(BLOG_YML.format(n=n), encoding="utf-8")
    return dest


def edit_one(portal: Path, marker: str) -> Path:
    published = [p for p in sorted((portal / "content" / "news").rglob("*.md"))
                 if "draft: true" not in p.read_text(encoding="utf-8")]
    story = published[len(marker) % 7]
    story.write_text(story.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
    return story


def retitle(portal: Path, marker: str) -> Path:
    """Give a published story a new title: a front-matter edit, which every listing shows."""
    published = [p for p in sorted((portal / "content" / "news").rglob("*.md"))
                 if "draft: true" not in p.read_text(encoding="utf-8")]
    story = published[11]
    lines = story.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(("title:", "标题:")))
    lines[at] = f"{lines[at].split(':', 1)[0]}: {marker}"
    story.write_text("\n".join(lines), encoding="utf-8")
    return story


def story_url(portal: Path, story: Path) -> str:
    """The served URL of a story, read from what the last build wrote."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from gwsite.content.story import story_url as url_of
    from gwsite.content.values import path_slug

    text = story.read_text(encoding="utf-8")
    date = yaml.safe_load(text.split("---", 2)[1])
    date = dt.date.fromisoformat(str(date.get("date", date.get("日期")))[:10])
    return url_of(date, path_slug(story.relative_to(portal / "content").as_posix()))


def serve_latency(portal: Path, port: int = 8711, edits: int = 3) -> tuple[float, list[float], float]:
    """Seconds for `mkdocs serve` to start, each of `edits` save-to-visible delays of an edit to a
    story's text, and the delay of a new title (which the listings, the unit page and the
    neighbouring stories show too)."""
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=portal,
                              env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"

    def fetch(url: str) -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8", errors="replace")
        except OSError:
            return ""

    try:
        start = time.perf_counter()
        while not fetch(base):
            if time.perf_counter() - start > 1800 or server.poll() is not None:
                sys.exit("mkdocs serve 没有启动")
            time.sleep(0.2)
        started = time.perf_counter() - start
        def visible(edit, marker: str) -> float:
            time.sleep(2)
            story = edit(portal, marker)
            saved = time.perf_counter()
            url = base + story_url(portal, story)
            while marker not in fetch(url):
                if time.perf_counter() - saved > 600:
                    sys.exit("mkdocs serve 十分钟内没有显示改动")
                time.sleep(0.05)
            return time.perf_counter() - saved

        delays = [visible(edit_one, f"编辑标记{i}号{time.time_ns()}") for i in range(edits)]
        return started, delays, visible(retitle, f"改过的标题{time.time_ns()}")
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=3000)
    parser.add_argument("--covers", type=float, default=0.1, help="share of stories with a cover photo")
    parser.add_argument("--no-baseline", action="store_true", help="skip the Material blog build")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve measurement")
    parser.add_argument("--photo-cache", type=Path, default=Path(tempfile.gettempdir()) / "gwsite-bench-photos")
    args = parser.parse_args()
    n = args.stories

    with tempfile.TemporaryDirectory() as tmp:
        portal = generate(Path(tmp) / "gwsite", n, covers=int(n * args.covers), photo_size=(1600, 1200),
                          photo_cache=args.photo_cache)
        rows: list[tuple[str, Run]] = [("gwsite 冷构建（无缓存）", timed_build(portal))]
        page_bytes = story_page_bytes(portal)
        edit_one(portal, "改动一篇稿件")
        rows.append(("gwsite 改动一篇后重新构建", timed_build(portal)))
        serve = None if args.no_serve else serve_latency(portal)
        baseline = None
        if not args.no_baseline:
            blog = as_blog(portal, Path(tmp) / "blog")
            baseline = timed_build(blog)
            rows.insert(0, ("基线：Material 博客插件 + search（jieba）冷构建", baseline))

    print(f"\n{n} 篇稿件（其中 {int(n * args.covers)} 篇有 1600×1200 封面照片）\n")
    print("| 构建 | 用时（秒） | CPU 时间（秒） | 内存峰值（MB） | 用时与基线之比 |")
    print("|---|---:|---:|---:|---:|")
    for name, run in rows:
        ratio = f"{run.wall / baseline.wall:.3f}" if baseline else "—"
        print(f"| {name} | {run.wall:.1f} | {run.cpu:.1f} | {run.peak_mb:.0f} | {ratio} |")
    print(f"\n稿件页 HTML：平均 {page_bytes[0] / 1024:.1f} KiB，最大 {page_bytes[1] / 1024:.1f} KiB。")
    if serve:
        delays = "、".join(f"{delay:.1f}" for delay in serve[1])
        print(f"\n`mkdocs serve`：启动到首页可访问 {serve[0]:.1f} 秒；保存对正文的改动到页面显示改动，依次 {delays} 秒；"
              f"改标题（列表页、单位页和相邻稿件随之更新）{serve[2]:.1f} 秒。")


if __name__ == "__main__":
    main()
