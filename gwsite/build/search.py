"""Chinese full-text search with Pagefind: a static index cut into small chunks.

The browser downloads only the chunks that hold the words typed, so the bytes before the
first result stay small however many stories the site holds (see `benchmarks/search_bytes.py`).
Material's own search ships one JSON file of every page's full text instead, which grows
to hundreds of megabytes at 10,000 stories.

Pagefind indexes, for each story page, a page of its title and text as two-character grams
(`gram_page`, `grams.py`), so that a search finds exactly the stories holding what was typed.

The index is cut into shards, one per year of stories (a year of more than `SHARD_SIZE`
stories into several spans of its days), each indexed by its own Pagefind process and cached by the pages it
holds: an edit re-indexes one shard, not the site, and no Pagefind process holds more than
one shard in memory. The search page merges shards in the browser (Pagefind's `mergeIndex`),
newest first. Each shard costs the reader an index chunk per word searched, so the page
searches the newest years first (`SearchScope`: at least `FIRST_STORIES` stories) and the
older years when the reader asks; `benchmarks/README.md` has the bytes.
"""

from __future__ import annotations

import atexit
import errno
import gzip
import hashlib
import html
import json
import math
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from ..files import link_or_copy, remove_leftovers, write_atomically
from ..integrity import Verifier, digest_file
from .grams import story_tokens

BUNDLE_DIR = "pagefind"
SEARCH_PAGE = "search/index.md"
SEARCH_TEMPLATE = "gwsite/search.html"
# Only the scripts and styles the search page uses; Pagefind writes other UIs we leave unused.
# The search page has its own results (see `gram_page`): none of Pagefind's UIs is used.
UNUSED = ("pagefind-component-ui.css", "pagefind-component-ui.js", "pagefind-modular-ui.css",
          "pagefind-modular-ui.js", "pagefind-highlight.js", "pagefind-ui.js", "pagefind-ui.css")
UI_FILES: tuple[str, ...] = ()  # files served once from `pagefind/`, not from every shard
# Re-indexing one shard after an edit costs Pagefind about 0.3 s plus 2-3.5 ms a page on the
# 2-core development machine, and it is the last part of a rebuild to finish: smaller shards
# make edits show sooner. Every shard searched adds requests to a search (its entry and page
# list, and an index chunk for each word of the query), which is why the search page starts
# with the newest years only (`FIRST_STORIES`).
SHARD_SIZE = 500
# The language Pagefind is told the gram pages are in: one it neither segments nor stems, so that
# each gram stays one word (see `grams`).
GRAM_LANGUAGE = "ko"
GRAM_PAGES = ".grams"  # under the cache folder: each story's gram page, by its page key
GRAMS = "grams-3"  # the format of the pages Pagefind indexes (`gram_page`): a new one re-indexes every shard
# The search page first searches the newest whole years that hold at least this many stories.
FIRST_STORIES = 1000


# An opening tag with the attribute itself, not with a value holding its name: a story's summary is
# in the page's meta description, and its photos' alt text is its own, either may say
# `data-pagefind-body` or `data-pagefind-ignore` (and would then index the whole page, or hide the
# rest of the story from search).
_ATTRIBUTES = r"""(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*?"""
_BODY = re.compile(rf"<(\w+){_ATTRIBUTES}\s+data-pagefind-body(?=[\s/>=])[^>]*>", re.S)
_IGNORED = re.compile(rf"<(\w+){_ATTRIBUTES}\s+data-pagefind-ignore(?=[\s/>=])[^>]*>", re.S)
_TAG = re.compile(r"<(/?)(\w+)\b([^>]*)>", re.S)
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
_META = re.compile(r'\bdata-pagefind-meta="([^"]*)"')
_ATTRIBUTE = re.compile(r'\b([\w-]+)="([^"]*)"')
_TIME = re.compile(r'<time\b[^>]*\bdatetime="([^"]+)"')
_COMMENT = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1>", re.S)


def _element_end(page: str, tag: str, start: int) -> int:
    """Where the element whose opening tag starts at `start` ends (after its closing tag)."""
    depth = 0
    for match in re.finditer(rf"<(/?){tag}\b[^>]*>", page[start:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return start + match.end()
    return len(page)


def _opening(page: str, pattern: re.Pattern[str], attribute: str) -> re.Match[str] | None:
    """`pattern.search(page)` for an opening tag with `attribute`, started where it can first match:
    after the last `>` before the attribute's first occurrence (a tag holds no `>` before its
    attributes), so that the rest of a page of 15-50 kB is not tried tag by tag."""
    at = page.find(attribute)
    return None if at < 0 else pattern.search(page, page.rfind(">", 0, at) + 1)


def _text(fragment: str) -> str:
    """The text of an HTML fragment, its tags read as word breaks."""
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def gram_page(page: str) -> str | None:
    """The page Pagefind indexes for a built story page: the story's title and text as grams
    (`grams.story_tokens`), its meta data as given, sorted by its date. None without a body."""
    page = _COMMENT.sub(" ", page)
    found = _opening(page, _BODY, "data-pagefind-body")
    if found is None:
        return None
    article = page[found.start():_element_end(page, found.group(1), found.start())]
    meta: dict[str, str] = {}
    for tag in _TAG.finditer(article):
        for item in _META.findall(tag.group(3)):
            attributes = dict(_ATTRIBUTE.findall(tag.group(3)))
            for part in html.unescape(item).split(","):
                key, bracket, rest = part.strip().partition("[")
                if bracket:
                    meta[key] = html.unescape(attributes.get(rest.rstrip("]"), ""))
                else:
                    key, _, value = part.strip().partition(":")
                    meta[key] = value.strip()
    date = _TIME.search(article)
    while (ignored := _IGNORED.search(article)) is not None:
        article = article[:ignored.start()] + " " + article[_element_end(article, ignored.group(1), ignored.start()):]
    heading = _H1.search(article)
    title = _text(heading.group(1)) if heading else ""
    if heading:
        article = article[:heading.start()] + " " + article[heading.end():]
    meta.setdefault("title", title)
    # Meta data as attributes of empty elements: no text of its own in the index, no comma split.
    tags = "".join(f'<meta data-pagefind-meta="{html.escape(key)}[content]" content="{html.escape(value)}">'
                   for key, value in sorted(meta.items()))
    sort = f' data-pagefind-sort="date:{html.escape(date.group(1))}"' if date else ""
    return (f'<!doctype html><html lang="{GRAM_LANGUAGE}"><head><meta charset="utf-8"><title></title></head>'
            f"<body><main data-pagefind-body{sort}>{tags}<p>{html.escape(story_tokens(title, _text(article)))}</p>"
            "</main></body></html>\n")


def _gram_name(url: str, key: str) -> str:
    return hashlib.sha256(f"{GRAMS}|{url}|{key}".encode()).hexdigest()[:32]


def keep_gram_page(gram_dir: Path, url: str, key: str, page: str) -> None:
    """Keep the gram page of the story page `page` (at `url`, under page key `key`) in `gram_dir`, the
    search cache's `GRAM_PAGES`, where `ShardedIndex.start` takes it instead of making it. Called by
    the processes rendering the story pages (see `rendering.render_into_cache`), so that a first build
    makes its gram pages on every core as it renders, not afterwards on one. Written whole or not at
    all; a new key (an edited story) is a new name. A cache that cannot be written is left as it is:
    `start` makes the page itself, and says so if it cannot."""
    target = gram_dir / f"{_gram_name(url, key)}.html"
    try:
        if not target.is_file():
            write_atomically(target, (gram_page(page) or "").encode("utf-8"))
    except OSError:
        pass


class SearchIndexError(Exception):
    """The index could not be built; the message is for the person running the build."""


@dataclass(frozen=True)
class IndexSummary:
    pages: int
    words: int


def executable() -> Path:
    # Imported here: the `pagefind` package looks for its binary when asked, not on import.
    from pagefind.service import get_executable

    found = get_executable()
    if found is None or not found.exists():
        raise SearchIndexError(
            "找不到站内搜索所需的 Pagefind 程序：请重新安装 gwsite（pip install gwsite 会一并安装 pagefind）；"
            "或在 mkdocs.yml 的 gwsite 插件下写 search: false 关闭站内搜索"
        )
    return found


def _count(output: str, what: str) -> int:
    match = re.search(rf"Indexed (\d+) {what}s?\b", output)
    return int(match.group(1)) if match else 0


@dataclass(frozen=True)
class Shard:
    """Part of the index: its folder name under `pagefind/`, and its pages as (URL, key, HTML file)."""

    name: str
    pages: tuple[tuple[str, str, Path], ...]

    @property
    def key(self) -> str:
        digest = hashlib.sha256(f"{_pagefind_version()}|{GRAMS}|{self.name}".encode())
        for url, key, _ in self.pages:
            digest.update(f"|{url}|{key}".encode())
        return digest.hexdigest()


def _pagefind_version() -> str:
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return "-"


def shard_names(dated: Iterable[tuple[str, int] | tuple[str, int, int]], size: int = SHARD_SIZE) -> dict[str, str]:
    """Each page's shard, from (URL, year, day of the year): its year, or `<year>-<n>` when a year
    holds more than `size` pages, split into spans of days (part 1 the earliest), so that a new story
    moves no other page and the parts of a year are in date order (the search page orders results
    across shards by the shards' order; a filter to do it would make Pagefind's output differ from
    run to run, since it writes a filter's values in no fixed order)."""
    by_year: dict[int, list[tuple[str, int]]] = {}
    for url, year, *day in dated:
        by_year.setdefault(year, []).append((url, day[0] if day else 1))
    names = {}
    for year, pages in by_year.items():
        parts = math.ceil(len(pages) / size)
        for url, day in pages:
            part = min((day - 1) * parts // 366, parts - 1)
            names[url] = str(year) if parts == 1 else f"{year}-{part + 1}"
    return names


def order(names: Iterable[str]) -> list[str]:
    """Shards newest first (a year's later parts first): the first is the one the search page loads
    before merging the others."""
    def sort_key(name: str) -> tuple[int, int]:
        year, _, part = name.partition("-")
        return (-int(year), -int(part or 0))
    return sorted(set(names), key=sort_key)


@dataclass(frozen=True)
class SearchScope:
    """What the search page searches: `shards` newest first, of which the first `first` (the
    newest years with at least `FIRST_STORIES` stories between them) before the reader asks for
    more; `years` spans each part, as (newest, oldest)."""

    shards: tuple[str, ...]
    first: int
    stories: int  # in the first part
    total: int
    years: tuple[tuple[int, int], tuple[int, int]] | None  # (first part, all), None without stories


def search_scope(shard_of: dict[str, str], first_stories: int | None = None) -> SearchScope:
    """The search page's shards from each story's shard (`shard_names`)."""
    first_stories = FIRST_STORIES if first_stories is None else first_stories
    shards = order(shard_of.values())
    if not shards:
        return SearchScope((), 0, 0, 0, None)
    per_year: dict[int, int] = {}
    for name in shard_of.values():
        year = int(name.partition("-")[0])
        per_year[year] = per_year.get(year, 0) + 1
    years = sorted(per_year, reverse=True)
    stories, oldest_first = 0, years[-1]
    for year in years:
        stories += per_year[year]
        if stories >= first_stories:
            oldest_first = year
            break
    first = sum(1 for name in shards if int(name.partition("-")[0]) >= oldest_first)
    return SearchScope(tuple(shards), first, stories, len(shard_of),
                       ((years[0], oldest_first), (years[0], years[-1])))


class ShardedIndex:
    """Index shards in the background, each from the cache when its pages are unchanged.

    `start` returns at once; `finish` waits, then puts every shard into `site_dir/pagefind/`.
    Shards run in parallel, one Pagefind process per core at most, the biggest first: Pagefind's time
    grows with a shard's pages, and a big shard started last would run alone at the end.
    """

    def __init__(self, cache_dir: Path, jobs: int | None = None, verifier: Verifier | None = None) -> None:
        self.cache_dir = cache_dir
        self.verifier = verifier or Verifier()
        self.broken = 0  # cached shards found damaged (and indexed again) by this build
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.pool: ThreadPoolExecutor | None = None
        self.futures: dict[str, Future[Path]] = {}
        self.inputs: dict[str, Path] = {}  # each shard being indexed: its pages, linked (see `start`)
        self.indexed = 0  # shards indexed afresh, not taken from the cache
        self.grams_used: set[str] = set()  # names of the gram pages (see `start`) of every shard

    def start(self, shards: list[Shard]) -> None:
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            os.rmdir(tempfile.mkdtemp(prefix=".probe-", dir=self.cache_dir))
        except OSError:  # a read-only checkout: index into a folder of this run only, as without a cache
            self.cache_dir = Path(tempfile.mkdtemp(prefix="gwsite-search-"))
            atexit.register(shutil.rmtree, self.cache_dir, True)
        program = executable() if shards else None
        self.pool = ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="gwsite-search")
        for shard in sorted(shards, key=lambda shard: (-len(shard.pages), shard.name)):
            bundle = self.cache_dir / f"{shard.name}-{shard.key[:24]}"
            names = {url: _gram_name(url, key) for url, key, _ in shard.pages}
            self.grams_used.update(names.values())
            if self._whole(bundle):
                self.futures[shard.name] = Future()
                self.futures[shard.name].set_result(bundle)
                continue
            assert program is not None
            # Each page is linked here, on the calling thread: a worker thread doing it would wait
            # for the interpreter's lock at every file while the build goes on (0.1-0.4 s a shard).
            work = Path(tempfile.mkdtemp(dir=self.cache_dir, prefix=".input-"))
            try:
                fresh = []  # gram pages made now, kept (`_index`) once Pagefind took them
                for url, key, html_file in shard.pages:
                    target = Path(work, "site", url, "index.html")
                    kept = self.cache_dir / GRAM_PAGES / f"{names[url]}.html"
                    if kept.is_file():
                        if kept.stat().st_size:
                            target.parent.mkdir(parents=True, exist_ok=True)
                            link_or_copy(kept, target)
                        continue
                    page = gram_page(html_file.read_text(encoding="utf-8", errors="replace")) or ""
                    if page:  # kept empty otherwise: a page without a body is not indexed
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_text(page, encoding="utf-8")
                    fresh.append((page, kept))
            except BaseException as error:
                shutil.rmtree(work, ignore_errors=True)
                if isinstance(error, OSError):
                    raise SearchIndexError(f"无法准备站内搜索索引的页面（{error.strerror}：{error.filename}）") from None
                raise
            self.inputs[shard.name] = work
            self.futures[shard.name] = self.pool.submit(self._index, work, bundle, program, fresh)

    def _index(self, work: Path, bundle: Path, program: Path, fresh: list[tuple[str, Path]]) -> Path:
        """Run Pagefind on the pages put into `work/site`, keep its bundle as `bundle` and the gram
        pages made for it (`fresh`: each page and where it is kept), so that re-indexing the shard
        after one edit converts one page (see `gram_page`)."""
        try:
            command = [str(program), "--site", str(work / "site"), "--output-path", str(work / "bundle"),
                       "--force-language", GRAM_LANGUAGE]
            try:
                result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                                        errors="replace", check=False)
            except OSError as error:
                raise SearchIndexError(f"无法运行站内搜索的 Pagefind 程序（{error.strerror}）") from None
            output = result.stdout + result.stderr
            if result.returncode != 0:
                detail = output.strip().splitlines()[-1] if output.strip() else f"退出码 {result.returncode}"
                raise SearchIndexError(f"站内搜索索引生成失败：{detail}")
            for name in UNUSED:
                (work / "bundle" / name).unlink(missing_ok=True)
            damaged = _damaged(work / "bundle")
            if damaged is not None:  # Pagefind exits 0 when its writes fail (a full disk)
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(damaged))
            files = {path.relative_to(work / "bundle").as_posix(): digest_file(path)
                     for path in sorted((work / "bundle").rglob("*")) if path.is_file()}
            summary = {"pages": _count(output, "page"), "words": _count(output, "word"), "files": files}
            (work / "bundle" / "done.json").write_text(json.dumps(summary), encoding="utf-8")
            for name, digest in files.items():
                if digest is not None:
                    self.verifier.written(bundle / name, digest)
            shutil.rmtree(bundle, ignore_errors=True)
            os.replace(work / "bundle", bundle)
            for page, kept in fresh:
                write_atomically(kept, page.encode("utf-8"))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        self.indexed += 1
        return bundle

    def _whole(self, bundle: Path) -> bool:
        """Whether a cached shard is there, every file as Pagefind wrote it; a damaged one is removed."""
        try:
            files = json.loads((bundle / "done.json").read_text(encoding="utf-8"))["files"]
            whole = bool(files) and all(self.verifier.check(bundle / name, digest) for name, digest in files.items())
        except FileNotFoundError:
            return False
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            whole = False
        if not whole:
            self.broken += 1
            shutil.rmtree(bundle, ignore_errors=True)
        return whole

    def finish(self, site_dir: Path) -> IndexSummary:
        """Wait for every shard and copy it into `site_dir/pagefind/<shard>/`; prune unused shards."""
        target = site_dir / BUNDLE_DIR
        pages = words = 0
        try:
            bundles = {name: future.result() for name, future in self.futures.items()}
        finally:
            if self.pool is not None:
                self.pool.shutdown(wait=True)
        for position, name in enumerate(order(bundles)):
            bundle = bundles[name]
            summary = json.loads((bundle / "done.json").read_text(encoding="utf-8"))
            pages += summary["pages"]
            words += summary["words"]
            _place_bundle(bundle, target / name)
            if position == 0:
                for ui in UI_FILES:
                    link_or_copy(bundle / ui, target / ui)
        for old in target.iterdir() if target.is_dir() else ():
            if old.is_dir() and old.name not in bundles:  # a shard of an earlier build, in a reused site
                shutil.rmtree(old, ignore_errors=True)
        keep = {bundle.name for bundle in bundles.values()}
        for old in self.cache_dir.iterdir() if self.cache_dir.is_dir() else ():
            if old.is_dir() and old.name not in keep and not old.name.startswith("."):
                shutil.rmtree(old, ignore_errors=True)
        gram_dir = self.cache_dir / GRAM_PAGES
        for old in gram_dir.iterdir() if gram_dir.is_dir() and self.indexed else ():
            if old.suffix == ".html" and old.stem not in self.grams_used:
                old.unlink(missing_ok=True)
        remove_leftovers(self.cache_dir, (".input-", ".probe-"))
        return IndexSummary(pages=pages, words=words)

    def abandon(self) -> None:
        """Stop waiting (a failed build): shards already running finish into the cache."""
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
        for name, future in self.futures.items():
            if future.cancelled() and name in self.inputs:  # never started: nothing else removes its pages
                shutil.rmtree(self.inputs[name], ignore_errors=True)


ENTRY = "pagefind-entry.json"  # unique to each bundle Pagefind writes
GZIPPED = (".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter", ".pagefind")
ROOM = 1 << 20  # bytes: less free space than this after Pagefind ran means its writes may have failed


def _damaged(bundle: Path) -> Path | None:
    """A file of a new bundle that Pagefind did not write whole, or the bundle when its disk is full.

    Pagefind reports success when it could not write its files (empty or cut short), so the bundle
    is checked: no file is empty, every gzipped file decompresses (its CRC covers every byte), the
    entry is JSON, and the disk still has room (a script cut short by a full disk leaves less)."""
    try:
        json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
        for path in bundle.rglob("*"):
            if path.is_file() and (path.stat().st_size == 0 or (path.suffix in GZIPPED
                                                                 and not _gunzips(path))):
                return path
        info = os.statvfs(bundle)
    except (OSError, ValueError):
        return bundle / ENTRY
    return bundle if info.f_bavail * info.f_frsize < ROOM else None


def _gunzips(path: Path) -> bool:
    try:
        gzip.decompress(path.read_bytes())
    except (OSError, EOFError, ValueError):
        return False
    return True


def _place_bundle(bundle: Path, target: Path) -> None:
    """Put a shard's bundle at `target`, unless it is there already (a reused site, see `build.output`):
    its entry file is linked last, so a build killed half-way never leaves a shard that looks whole."""
    try:
        if os.path.samefile(bundle / ENTRY, target / ENTRY):
            return
    except OSError:
        pass
    shutil.rmtree(target, ignore_errors=True)
    _copy_tree(bundle, target, skip={"done.json", ENTRY, *UI_FILES})
    link_or_copy(bundle / ENTRY, target / ENTRY)


def _copy_tree(source: Path, target: Path, skip: set[str]) -> None:
    for folder, _, names in os.walk(source):
        relative = Path(folder).relative_to(source)
        for name in names:
            if relative == Path(".") and name in skip:
                continue
            link_or_copy(Path(folder) / name, target / relative / name)
