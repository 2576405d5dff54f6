"""What the plugin knows, as typed records: `Session` lives as long as the plugin object (across
`mkdocs serve` rebuilds), `BuildState` is made afresh by `on_config` for each build, `Derived` is
what a site's stories make besides their own pages, `GeneratedMemo` the listings kept between builds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..build import feeds, sanitize
from ..build.locks import BuildLock
from ..build.output import Output
from ..build.pagecache import PageCache
from ..build.search import ShardedIndex
from ..config import GwsiteConfig
from ..content.loading import Site
from ..content.story import SiteOptions, Story
from ..content.values import without_control_chars
from ..files import file_stamp
from ..imaging import uses
from ..imaging.cache import ImageCache
from ..imaging.records import ImageSettings
from ..integrity import Verifier
from ..problems import Problem
from ..project import image_settings, site_options
from ..views.generate import GeneratedSite, Rankings
from ..views.generated import GeneratedPage
from ..views.story import StoryView
from .background import BackgroundQueue


class KnownText(NamedTuple):
    """A story's text as last read, with the file's size and modification time then."""

    stamp: tuple[int, int]
    text: str


@dataclasses.dataclass(frozen=True)
class GeneratedMemo:
    """`generate()`'s result for one key (see `derive.generate_site`), kept with each page's data digest:
    printing the ranking's and listings' data costs more than making them."""

    key: str
    generated: GeneratedSite
    digests: dict[str, str | None]  # by page source: see `rendering.carry_digests`


@dataclasses.dataclass
class Derived:
    """A site's stories and what gwsite makes of them besides their own pages."""

    site: Site
    generated: GeneratedSite
    shard_of: dict[str, str]  # story URL → its search index shard
    feeds: dict[str, feeds.Feed]  # by folder: '' for the site's, news/<id>/, units/<id>/
    feed_date: dt.datetime

    @functools.cached_property
    def stories(self) -> dict[str, Story]:
        return {story.src: story for story in self.site.stories}

    @functools.cached_property
    def pages(self) -> dict[str, GeneratedPage]:
        return {page.src: page for page in self.generated.pages}

    def outline(self) -> tuple[Any, ...]:
        """What decides which files and nav entries the site has: while it stays, an edit changes
        what some pages show, not which pages there are."""
        return ([(p.src, p.title, p.template, p.in_nav) for p in self.generated.pages],
                [data.dest for data in self.generated.files],
                [(f.folder, f.title, f.rss, f.atom) for f in self.feeds.values()],
                sorted(self.shard_of.items()),
                [(s.src, s.url, s.draft, sorted({use.path for use in s.images})) for s in self.site.stories])


@dataclasses.dataclass
class Rendered:
    """What the last build rendered its pages with (set by `on_env`): the preview's quick rebuild
    renders again with the same."""

    env: jinja2.Environment
    files: Files
    config: MkDocsConfig
    served_pages: list[File]


@dataclasses.dataclass
class Session:
    """What outlives one build: `mkdocs serve` reuses the plugin object across rebuilds."""

    command: str = "build"
    dirty: bool = False
    served: bool = False  # a build finished in this process
    memo: GeneratedMemo | None = None  # the last `generate()`, see `derive.generate_site`
    rankings: tuple[str, Rankings] | None = None  # the last `generate()`'s rankings and their key, under serve
    texts: dict[Path, KnownText] = dataclasses.field(default_factory=dict)  # see `story_text`
    lock: BuildLock | None = None
    watched: dict[str, Any] | None = None  # MkDocs' watched paths, by reference (see `on_serve`)
    baseline: dict[str, tuple[int, int]] | None = None  # the watched files as the last build read them
    rendered: Rendered | None = None
    background: BackgroundQueue = dataclasses.field(default_factory=BackgroundQueue)  # the search index
    catch_up: BackgroundQueue = dataclasses.field(  # see `preview.catch_up`
        default_factory=lambda: BackgroundQueue("预览中的列表、排行、单位页面或订阅源未能更新，保存任一文件即完整生成"))
    duplicate_keys: dict[int, Any] = dataclasses.field(default_factory=dict)  # see `preview.copies`
    reload: Callable[[], None] | None = None  # reload the browsers of `mkdocs serve` (see `on_serve`)
    errors: tuple[Problem, ...] = ()  # the content errors that stopped the last build under serve

    @property
    def serving(self) -> bool:
        """Under `mkdocs serve` (MkDocs calls `on_startup` with the command before any build)."""
        return self.command == "serve"

    @property
    def mode(self) -> str:
        """The cache folders' name for this kind of build: a preview never mixes with the real site."""
        return "serve" if self.serving else "build"

    def story_text(self, path: Path) -> str | None:
        """A story's source as MkDocs will read it; remembered by size and modification time, since
        under `mkdocs serve` every rebuild asks again for thousands of unchanged files."""
        stamp = file_stamp(path)
        if stamp is None:
            return None
        known = self.texts.get(path)
        if known is not None and known.stamp == stamp:
            return known.text
        try:
            text = without_control_chars(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError):
            return None
        self.texts[path] = KnownText(stamp, text)
        return text


@dataclasses.dataclass(eq=False)
class BuildState:
    """One build's state, made by `BuildState.start` in `on_config`, filled in as the events arrive."""

    session: Session
    settings: GwsiteConfig  # the plugin's options
    options: SiteOptions
    image_settings: ImageSettings
    sanitiser: sanitize.Sanitiser
    started: float = dataclasses.field(default_factory=time.perf_counter)
    derived: Derived | None = None
    links: tuple[dict[str, str], ...] = ()
    bodies: dict[str, str] = dataclasses.field(default_factory=dict)  # story source → its feed body
    images: uses.SiteImages = dataclasses.field(default_factory=uses.SiteImages)
    images_signature: str = ""  # what the page keys hold of the images (see `rendering.key_pages`)
    image_cache: ImageCache | None = None
    image_cache_dir: Path | None = None  # see `project.image_cache_folder`
    nav: Navigation | None = None
    content_urls: frozenset[str] = frozenset()  # normalised, for links to a place in a page of content/
    page_cache: PageCache | None = None
    page_keys: dict[str, str] = dataclasses.field(default_factory=dict)  # by source path: pages the cache may hold
    views: dict[str, StoryView] = dataclasses.field(default_factory=dict)
    cached: set[str] = dataclasses.field(default_factory=set)  # pages taken from the cache this build
    to_render: list[Page] = dataclasses.field(default_factory=list)  # pages gwsite renders itself, then caches
    # Stories among `to_render`: read and converted where they are rendered (see `rendering.defer_conversion`).
    deferred: set[str] = dataclasses.field(default_factory=set)
    search_index: ShardedIndex | None = None
    output: Output | None = None
    verifier: Verifier | None = None  # checks cache entries before reuse (see `integrity`)
    quick_ready: bool = False  # a whole build succeeded with the page cache: a quick rebuild may follow
    owned: frozenset[str] = frozenset()  # files mkdocs.yml names (see `project.owner_files`)
    project_root: Path | None = None
    docs_dir: Path | None = None
    shown_story: Callable[[str], str] = str
    site_dir: str = ""  # `site_dir` as mkdocs.yml gave it, while the build writes into staging
    issued: dict = dataclasses.field(default_factory=dict)  # issued periods' records (see `ranking.issued`)
    staged_config: MkDocsConfig | None = None

    @classmethod
    def start(cls, session: Session, settings: GwsiteConfig) -> BuildState:
        options = site_options(settings)
        return cls(session, settings, options, image_settings(settings.images),
                   sanitize.Sanitiser(sanitize.Policy(settings.video_hosts)))

    @property
    def site(self) -> Site | None:
        return self.derived.site if self.derived is not None else None

    @property
    def generated(self) -> GeneratedSite | None:
        return self.derived.generated if self.derived is not None else None

    @property
    def stories(self) -> dict[str, Story]:
        return self.derived.stories if self.derived is not None else {}

    @property
    def pages(self) -> dict[str, GeneratedPage]:
        """gwsite's generated pages, by source path."""
        return self.derived.pages if self.derived is not None else {}

    @property
    def feeds(self) -> dict[str, feeds.Feed]:
        return self.derived.feeds if self.derived is not None else {}

    @property
    def shard_of(self) -> dict[str, str]:
        return self.derived.shard_of if self.derived is not None else {}

    @property
    def feed_date(self) -> dt.datetime:
        """The date of feeds without items: the newest published story's."""
        if self.derived is not None:
            return self.derived.feed_date
        return dt.datetime(2000, 1, 1, tzinfo=self.options.timezone)
