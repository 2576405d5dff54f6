"""Everything one build needs from `content/`: the registry and the validated stories."""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .integrity import seal, unseal
from .model import SiteOptions, Story, StoryContext, read_story, story_files
from .pagecache import write_atomically
from .problems import Problem, Severity
from .registry import Registry, load_registry


@dataclass
class Site:
    registry: Registry
    stories: list[Story]  # valid stories, drafts included, in a stable order
    problems: list[Problem] = field(default_factory=list)

    @property
    def published(self) -> list[Story]:
        """Published stories, newest first (ties by path, so the order never depends on the disk)."""
        stories = [story for story in self.stories if not story.draft]
        return sorted(stories, key=lambda s: (-s.date.timestamp(), s.src))

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
    return Site(registry, stories, problems)


def _cache_key(data_dir: Path, options: SiteOptions, docs_dir: Path) -> str:
    """What every cached story depends on besides its own file: the registry, the options, the code."""
    digest = hashlib.sha256(f"{__version__}|{_CODE_DIGEST}|{options!r}|{docs_dir}".encode())
    for name in ("units.yml", "outlets.yml", "scoring.yml"):
        path = data_dir / name
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


# The code that validates stories: a changed rule must not be hidden by an old cache.
_CODE_DIGEST = hashlib.sha256(
    b"".join((Path(__file__).parent / name).read_bytes()
             for name in ("model.py", "registry.py", "yamlsafe.py", "problems.py", "site.py"))
).hexdigest()


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


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
            if (checked <= self.now and stat == _stat(path)
                    and all(_stat(dep) == dep_stat for dep, dep_stat in dependencies)):
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
            dependencies = [(docs_dir / image, _stat(docs_dir / image)) for image in images]
            entries[key] = (_stat(path), dependencies, story, problems, self.now)
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
