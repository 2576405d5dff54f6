"""Everything one build needs from `content/`: the registry and the validated stories."""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
import posixpath
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from . import pagemeta
from ..files import file_stamp, write_atomically
from ..integrity import seal, unseal
from .body import bounded_body
from .duplicates import duplicates
from .reader import read_story, story_files
from .story import SiteOptions, Story, StoryContext, published
from ..problems import Problem, Severity
from ..source import code_digest
from .registry import Registry
from .registry_files import load_registry


@dataclass
class Site:
    registry: Registry
    stories: list[Story]  # valid stories, drafts included, in a stable order
    problems: list[Problem] = field(default_factory=list)
    # A problem about two files (a copy of a story or of a placement) → the other file it names,
    # so that `gwsite check` shows it when either file is asked about.
    partners: dict[Problem, str] = field(default_factory=dict)

    @property
    def published(self) -> list[Story]:
        """Published stories, newest first (see `story.published`)."""
        return published(self.stories)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def build_now(timezone: dt.tzinfo) -> dt.datetime:
    """The build's "now" (today, the current ranking year, the not-in-the-future check): the time in
    `SOURCE_DATE_EPOCH` when it is set, as for every reproducible build (and MkDocs' own), else the clock.

    Raises ValueError with a message for users when the variable is not a whole number of seconds.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return dt.datetime.now(timezone)
    try:
        return dt.datetime.fromtimestamp(int(epoch), timezone)
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"环境变量 SOURCE_DATE_EPOCH 应为 1970 年以来的秒数（整数），如 1735689600，"
                         f"不是“{epoch}”") from None


def shown_path(path: Path, root: Path) -> str:
    """A path as users see it: relative to the project folder where possible, '/'-separated."""
    try:
        return Path(os.path.relpath(path, root)).as_posix() if path.is_absolute() else path.as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()


def links_outside(docs_dir: Path, shown: Callable[[str], str]) -> list[Problem]:
    """Symbolic links in `docs_dir` to files or folders outside it: MkDocs would follow them and
    publish what they point at (a link to a home folder, a key file), so each one is an error."""
    docs = docs_dir.resolve()
    problems = []
    pending = [docs]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.startswith("."):
                    continue
                path = Path(entry.path)
                if entry.is_symlink():
                    if not path.resolve().is_relative_to(docs):
                        src = path.relative_to(docs).as_posix()
                        problems.append(Problem(shown(src), 1, "文件", "是指向网站内容目录之外的符号链接，为安全起见不会发布；"
                                                                      "请删去这个链接，把文件本身放进 content 目录"))
                elif entry.is_dir():
                    pending.append(path)
    return problems


# Documents offered as downloads: every web server sends them with their own type (a PDF viewer or
# a download, never a page that runs on the site's origin). Archives are left out: a zip hides what
# it holds; offer the files themselves.
# File name endings treated as photos: everything MkDocs would otherwise copy byte for byte.
RASTER_SUFFIXES = frozenset({".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".gif", ".webp", ".heic", ".heif",
                             ".avif", ".bmp", ".tif", ".tiff"})
DOCUMENT_SUFFIXES = frozenset({".pdf", ".ofd", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx",
                               ".wps", ".et", ".dps"})
# Names other editors give Markdown: MkDocs renders some (`.markdown`) and copies others as they are
# (`.MD`), and gwsite reads only `.md` as a story; one rule for all: pages and stories end in `.md`.
MARKDOWN_LIKE = frozenset({".md", ".markdown", ".mdown", ".mkdn", ".mkd", ".mdwn", ".mdtxt", ".mdtext",
                           ".text", ".txt"})
WORD_SUFFIXES = frozenset({".doc", ".docx", ".wps", ".rtf", ".odt"})
_ALLOWED = ("可以发布的只有页面（.md）、照片（.jpg、.png 等）、供下载的文档（.pdf、.docx、.xlsx 等）"
            "和 mkdocs.yml 中列出的文件（gwsite 的 static_files）")


def unpublishable(src: str, news_dir: str, owned: frozenset[str] = frozenset()) -> str | None:
    """Why the docs-relative file `src` may not be published, or None when it may: a Markdown page
    (a story under `news_dir`), a photo (published only through the image pipeline), a document
    outside `news_dir`, or a file the site's owner names in `mkdocs.yml` (`owned`)."""
    if src in owned:
        return None
    name = posixpath.basename(src)
    stem, suffix = posixpath.splitext(name)
    lower = suffix.lower()
    if suffix == ".md" or lower in RASTER_SUFFIXES:
        return None
    in_news = src.startswith(f"{news_dir}/")
    if lower in MARKDOWN_LIKE:
        if lower in (".txt", ".text") and not in_news and posixpath.splitext(stem)[1].lower() not in MARKDOWN_LIKE:
            return f"网站不发布这种类型的文件（{suffix}）：{_ALLOWED}；请删除这个文件"
        base = stem
        while posixpath.splitext(base)[1].lower() in MARKDOWN_LIKE:  # 稿件.md.txt → 稿件.md
            base = posixpath.splitext(base)[0]
        return (f"稿件和页面的文件名须以 .md（小写）结尾，这个文件不会发布；请改名为 {base}.md")
    if in_news and lower in WORD_SUFFIXES:
        return (f"稿件须为 Markdown 文件（.md），网站不发布 {news_dir} 文件夹中的 Word/WPS 文档（{suffix}）；"
                f"请把正文复制到 .md 稿件中（可用 gwsite new 新建），照片另存到 content/images/ 中；"
                f"供下载的附件请放到 {news_dir} 以外的文件夹，如 content/files/")
    if lower in DOCUMENT_SUFFIXES:
        if not in_news:
            return None
        return (f"{news_dir} 文件夹中只放稿件（.md）和照片；供下载的文档（{suffix}）请放到 {news_dir} 以外的"
                f"文件夹，如 content/files/，再从稿件链接过去")
    if lower == ".svg":
        return "SVG 图片可以带有脚本，网站不发布；请另存为 .png 或 .jpg 照片，放在 content/images/ 中"
    kind = suffix if suffix else "没有扩展名"
    return f"网站不发布这种类型的文件（{kind}）：{_ALLOWED}；请删除，或把照片放在 content/images/ 中"


def unpublishable_files(docs_dir: Path, options: SiteOptions, shown: Callable[[str], str],
                        excluded: Callable[[str], bool] = lambda src: False,
                        owned: frozenset[str] = frozenset(), used: frozenset[str] = frozenset()) -> list[Problem]:
    """An error for every file under `docs_dir` that MkDocs would copy into the site as it is and
    that `unpublishable` refuses (an `.html`, `.svg` or `.js` would run on the site's origin).
    `excluded` is MkDocs' own `exclude_docs` test (dot-files, `/templates/`); `_data/` is never published.
    Files that stories `used` as images are left to the photos' check, which names the story's line."""
    docs = docs_dir.resolve()
    problems = []
    seen: set[Path] = set()  # folders walked, by their real path: a link to a parent is walked once
    for folder, dirs, names in os.walk(docs, followlinks=True):
        real = Path(folder).resolve()
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        relative = Path(folder).relative_to(docs).as_posix()
        prefix = "" if relative == "." else f"{relative}/"
        if prefix.rstrip("/") == options.data_dir or prefix.startswith(f"{options.data_dir}/"):
            dirs[:] = []
            continue
        # A dot-folder (MkDocs never publishes one), or a link out of the docs folder (an error of
        # its own, see `links_outside`): not walked.
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (
            os.path.islink(os.path.join(folder, d)) and not Path(folder, d).resolve().is_relative_to(docs)))
        for name in sorted(names):
            src = f"{prefix}{name}"
            message = unpublishable(src, options.news_dir, owned)  # first: most files are pages and photos
            if message is None or src in used or excluded(src):
                continue
            if os.path.islink(os.path.join(folder, name)) and not Path(folder, name).resolve().is_relative_to(docs):
                continue
            problems.append(Problem(shown(src), 1, "文件", message))
    return problems


def image_paths(stories: list[Story]) -> frozenset[str]:
    """Every file the published stories show as an image (cover, body, proof): the photos' check
    judges those. A draft's are not checked as photos, so they are judged as files."""
    return frozenset(use.path for story in stories if not story.draft for use in story.images)


def load_site(docs_dir: Path, options: SiteOptions, now: dt.datetime, root: Path | None = None,
              cache_dir: Path | None = None, progress: Callable[[int, int], None] | None = None) -> Site:
    """Read the registry and every story under `docs_dir`, collecting every problem.

    With `cache_dir`, stories validated without error by an earlier run are taken from the
    cache when their file (and any image they name) is unchanged.
    """
    docs_dir = docs_dir.resolve()
    root = (root or docs_dir.parent).resolve()

    shown_docs = shown_path(docs_dir, root)
    data_dir = docs_dir / options.data_dir
    registry, problems = load_registry(data_dir, f"{shown_docs}/{options.data_dir}")
    ctx = StoryContext(docs_dir, registry, options, now, shown_docs)
    problems.extend(links_outside(docs_dir, ctx.shown))
    problems.extend(pagemeta.check_pages(docs_dir, (options.news_dir, options.data_dir), ctx.shown, bounded_body))
    paths = [path for path in story_files(docs_dir, options.news_dir) if path.resolve().is_relative_to(docs_dir)]
    cache = StoryCache(cache_dir, _cache_key(data_dir, options, docs_dir), now) if cache_dir else None
    results: dict[Path, tuple[Story | None, list[Problem]]] = {}
    if cache is not None:
        results.update(cache.lookup(paths))
    misses = [path for path in paths if path not in results]
    results.update(zip(misses, read_stories(misses, ctx, progress)))
    if cache is not None:
        cache.store(results, docs_dir)

    stories: list[Story] = []
    for path in paths:
        story, story_problems = results[path]
        problems.extend(story_problems)
        if story is not None:
            stories.append(story)
    problems.extend(url_collisions(stories, ctx))
    # Across stories, so on every load over all of them, cached or not.
    copies = duplicates(stories, ctx)
    problems.extend(copy.problem for copy in copies)
    return Site(registry, stories, problems, {copy.problem: copy.other for copy in copies})


def _cache_key(data_dir: Path, options: SiteOptions, docs_dir: Path) -> str:
    """What every cached story depends on besides its own file: the registry, the options, the code."""
    digest = hashlib.sha256(f"{__version__}|{code_digest()}|{options!r}|{docs_dir}".encode())
    for name in ("units.yml", "outlets.yml", "scoring.yml"):
        path = data_dir / name
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()



class StoryCache:
    """Stories validated without error, keyed by their file's size and modification time.

    Only error-free results are kept: the one rule that depends on the clock ("not in the
    future") cannot turn a valid story invalid as time goes on. Each entry keeps the "now" it
    was checked at, since `SOURCE_DATE_EPOCH` can set "now" back: an entry checked later than
    this run's "now" is checked again.
    """

    VERSION = 2

    def __init__(self, folder: Path, key: str, now: dt.datetime) -> None:
        self.path = folder / "stories.pickle"
        self.key = key
        self.now = now
        self.entries: dict[str, Any] = {}
        self.changed = False
        try:
            version, key, entries = unseal(self.path.read_bytes())
            if version == self.VERSION and key == self.key:
                self.entries = entries
        except Exception:  # no cache yet, one from another version, or a damaged one: start afresh
            self.entries = {}

    def lookup(self, paths: list[Path]) -> dict[Path, tuple[Story | None, list[Problem]]]:
        found = {}
        for path in paths:
            entry = self.entries.get(str(path))
            if entry is None:
                continue
            stat, dependencies, story, problems, checked = entry
            if (checked <= self.now and stat == file_stamp(path)
                    and all(file_stamp(dep) == dep_stat for dep, dep_stat in dependencies)):
                found[path] = (story, problems)
        return found

    def store(self, results: dict[Path, tuple[Story | None, list[Problem]]], docs_dir: Path) -> None:
        entries = {}
        for path, (story, problems) in results.items():
            if story is None or any(p.severity is Severity.ERROR for p in problems):
                continue
            key = str(path)
            old = self.entries.get(key)
            if old is not None and old[2] is story:
                entries[key] = old
                continue
            images = sorted({use.path for use in story.images})
            dependencies = [(docs_dir / image, file_stamp(docs_dir / image)) for image in images]
            entries[key] = (file_stamp(path), dependencies, story, problems, self.now)
        if entries.keys() != self.entries.keys() or any(entries[k] is not self.entries[k] for k in entries):
            self.entries = entries
            self._write()

    def _write(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, seal((self.VERSION, self.key, self.entries)))
        except OSError:  # a read-only checkout (or a full disk) still builds, only without the cache
            pass


PARALLEL_FROM = 400  # stories; below this, starting worker processes costs more than it saves


def read_stories(paths: list[Path], ctx: StoryContext,
                 progress: Callable[[int, int], None] | None = None) -> list[tuple[Story | None, list[Problem]]]:
    """Read and validate every story, on all cores when there are many; results in the order of `paths`."""
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        return _read_chunk(paths, ctx)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    size = -(-len(paths) // (workers * 4))
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    done: list[tuple[Story | None, list[Problem]]] = []
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        for chunk in pool.map(_read_chunk, chunks, [ctx] * len(chunks)):
            done.extend(chunk)
            if progress is not None:
                progress(len(done), len(paths))
    return done


def _read_chunk(paths: list[Path], ctx: StoryContext) -> list[tuple[Story | None, list[Problem]]]:
    results = []
    for path in paths:
        story, problems = read_story(path, ctx)
        results.append((story, problems.items))
    return results


def url_collisions(stories: list[Story], ctx: StoryContext) -> list[Problem]:
    """Two published stories never share a URL: each extra one is an error naming both files."""
    first: dict[str, Story] = {}
    problems = []
    for story in stories:
        if story.draft:
            continue
        other = first.setdefault(story.url, story)
        if other is not story:
            problems.append(
                Problem(
                    ctx.shown(story.src),
                    story.slug_line,
                    "slug",
                    f"网址 /{story.url} 与 {ctx.shown(other.src)} 重复，请修改文件名或用 slug 另取网址名",
                )
            )
    return problems
