"""Bytes a phone downloads before the first search result: Pagefind vs Material's lunr search.

    .venv/bin/python benchmarks/search_bytes.py --stories 10000

Builds one synthetic portal (`synth.py`) with both search designs: Material's `search`
plugin (one JSON index of every page's text, segmented by jieba) and gwsite's Pagefind
index. Then a real Chromium opens a story page, searches for a word in each design and
counts the bytes of every response until the first result is on screen. Bytes are shown
as sent uncompressed and as an nginx with `gzip on` would send them (Pagefind's index
chunks are compressed already). Needs Debian's chromium and the `playwright` package.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from synth import MKDOCS_YML, generate

CHROMIUM = "/usr/bin/chromium"
BOTH = MKDOCS_YML.replace("plugins:\n", "plugins:\n  - search:\n      lang: zh\n")
COMPRESSED_ALREADY = (".pf_index", ".pf_fragment", ".pf_meta", ".pf_filter", ".png", ".jpg", ".webp")


@dataclass
class Downloads:
    files: dict[str, int] = field(default_factory=dict)
    gzipped: dict[str, int] = field(default_factory=dict)

    def add(self, url: str, body: bytes) -> None:
        self.files[url] = len(body)
        compressed = url.split("?")[0].endswith(COMPRESSED_ALREADY)
        self.gzipped[url] = len(body) if compressed else len(gzip.compress(body, 6))

    @property
    def total(self) -> int:
        return sum(self.files.values())

    @property
    def total_gzipped(self) -> int:
        return sum(self.gzipped.values())


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def served_file(root: Path, url: str) -> Path:
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path).lstrip("/")
    file = root / path
    return file / "index.html" if file.is_dir() else file


def measure(browser, root: Path, url: str, search, block: tuple[str, ...]) -> tuple[Downloads, float]:
    """Bytes of every response from opening `url` in a fresh phone-sized browser (no cache)
    until the first result shows, and the seconds from starting the search to that result.
    `block` keeps out the other design's files, which a site with one design would not have."""
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True)
    for pattern in block:
        context.route(pattern, lambda route: route.abort())
    page = context.new_page()
    responses = []

    def record(response) -> None:
        responses.append(response)

    page.on("response", record)
    page.goto(url, wait_until="load")
    began = time.perf_counter()
    search(page)
    elapsed = time.perf_counter() - began
    downloads = Downloads()
    for response in responses:
        # Sizes from the files served: a page navigated away from has no body left to ask for.
        file = served_file(root, response.url)
        if response.ok and file.is_file():
            downloads.add(response.url, file.read_bytes())
    context.close()
    return downloads, elapsed


def kib(n: int) -> str:
    return f"{n / 1024:,.0f} KiB" if n < 10 * 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--query", default="网吧义务监督")
    parser.add_argument("--work", type=Path, default=Path(".cache/bench/search"))
    parser.add_argument("--no-lunr", action="store_true", help="only gwsite's index (the lunr build takes long)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    site = generate(args.work / f"site{args.stories}", args.stories)
    if not args.no_lunr:
        (site / "mkdocs.yml").write_text(BOTH.format(n=args.stories), encoding="utf-8")
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=site, check=True)
    indexes = "gwsite's index" if args.no_lunr else "both indexes"
    print(f"built {args.stories} stories with {indexes} in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    built = site / "site"
    lunr_index = built / "search" / "search_index.json"
    shard_names = {p.parent.name for p in (built / "pagefind").glob("*/pagefind-entry.json")}
    pagefind_dir = built / "pagefind"
    pagefind_total = sum(p.stat().st_size for p in pagefind_dir.rglob("*") if p.is_file())

    # The search page of the first story that holds the query, so both designs have a hit.
    story = next(p for p in sorted(built.glob("news/*/*/*/index.html")) if args.query in p.read_text("utf-8"))
    story_url = "/" + story.parent.relative_to(built).as_posix() + "/"
    server, origin = serve(built)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])

            def pagefind(page) -> None:
                # The header's search button on a phone opens the search page; type the query there.
                page.click(".gw-header-search button")
                page.fill(".pagefind-ui__search-input", args.query)
                page.wait_for_selector(".pagefind-ui__result-link", timeout=120_000)

            def lunr(page) -> None:
                page.click("label.md-header__button[for=__search]")
                page.fill("input.md-search__input", args.query)
                page.wait_for_selector(".md-search-result__item", timeout=600_000)

            def every_year(page) -> None:
                # What a reader downloads who asks for all years at once (the search page's link).
                page.goto(f"{origin}/search/?scope=all&q={urllib.parse.quote(args.query)}")
                page.wait_for_selector(".pagefind-ui__result-link", timeout=120_000)

            no_lunr = ("**/search/search_index.json", "**/javascripts/workers/search.*")
            pf, pf_time = measure(browser, built, origin + story_url, pagefind, block=no_lunr)
            pf_all, pf_all_time = measure(browser, built, origin + story_url, every_year, block=no_lunr)
            lr = lr_time = None
            if not args.no_lunr:
                lr, lr_time = measure(browser, built, origin + story_url, lunr, block=("**/pagefind/**",))
            browser.close()
    finally:
        server.shutdown()

    def searched(downloads: Downloads) -> int:
        return len({name for url in downloads.files for name in shard_names if f"/pagefind/{name}/" in url})

    print(f"## 站内搜索：第一条结果出现前浏览器下载的字节数（{args.stories} 篇稿件，查询“{args.query}”）\n")
    print("| 方案 | 下载（未压缩） | 下载（gzip 后） | 请求数 | 本机回环上出结果用时 | 索引在磁盘上的总大小 |")
    print("|---|---:|---:|---:|---:|---:|")
    print(f"| gwsite：Pagefind，先搜最近几年（{searched(pf)} 片，共 {len(shard_names)} 片） | {kib(pf.total)} "
          f"| {kib(pf.total_gzipped)} | {len(pf.files)} | {pf_time:.1f} s | {kib(pagefind_total)} |")
    print(f"| gwsite：Pagefind，搜索全部年份（{searched(pf_all)} 片） | {kib(pf_all.total)} | {kib(pf_all.total_gzipped)} "
          f"| {len(pf_all.files)} | {pf_all_time:.1f} s | {kib(pagefind_total)} |")
    if lr is not None:
        lunr_size = lunr_index.stat().st_size
        lunr_gzip = len(gzip.compress(lunr_index.read_bytes(), 6))
        print(f"| Material 自带 lunr 搜索（jieba 分词） | {kib(lr.total)} | {kib(lr.total_gzipped)} | {len(lr.files)} "
              f"| {lr_time:.1f} s | {kib(lunr_size)}（gzip 后 {kib(lunr_gzip)}） |")
        print(f"\n比值（lunr ÷ Pagefind，gzip 后）：{lr.total_gzipped / pf.total_gzipped:.0f} 倍")
    print("\nPagefind 的下载明细：\n")
    for url, size in sorted(pf.gzipped.items(), key=lambda item: -item[1]):
        print(f"- {url.removeprefix(origin)}：{kib(size)}")


if __name__ == "__main__":
    main()
