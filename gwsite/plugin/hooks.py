"""The MkDocs plugin: thin event hooks over the model, registry and pages modules."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gc
import hashlib
import html
import json
import logging
import os
import posixpath
import re
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from mkdocs.commands import build as mkdocs_build
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel, set_exclusions
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler, get_relative_url
from mkdocs.utils.meta import get_data as mkdocs_front_matter

from ..build import feeds, sanitize
from ..content import pagemeta
from ..imaging import photos
from ..config import GwsiteConfig, ImagesConfig
from ..imaging.images import OUTPUT_DIR, RASTER_SUFFIXES, ImageCache, ImageSettings, Processed
from ..integrity import Verifier, seal, unseal
from ..content.reader import FENCE_EXPECTED, read_story, story_parts
from ..content.story import SiteOptions, Story, StoryContext
from ..content.values import without_control_chars
from ..files import DISK_ERRORS, file_stamp, link_or_copy, write_atomically
from ..build.output import BuildLock, LockTimeout, Output, StagingError, describe_os_error
from ..build.pagecache import PageCache, config_signature, local_links, templates_signature
from ..views.pages import HOME_TEMPLATE, GeneratedPage, GeneratedSite, StoryView, generate, story_updated, story_view
from ..problems import PrintableLog, Problem, Severity, condense
from ..progress import Progress
from ..build.search import (BUNDLE_DIR, SEARCH_PAGE, SEARCH_TEMPLATE, SearchIndexError, Shard, ShardedIndex, search_scope,
                     shard_names)
from ..content.loading import Site, build_now, image_paths, load_site, shown_path, unpublishable, unpublishable_files

log = get_plugin_logger(__name__)


class _PlacedPages(logging.Filter):
    """Hides MkDocs' "Page skipped … empty output" for the pages gwsite placed from its cache."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith("Page skipped: '") and message.endswith("'. Generated empty output."):
            return message[len("Page skipped: '"):-len("'. Generated empty output.")] not in self.pages
        return True


class _StagedSite(logging.Filter):
    """Names the site folder, not the staging folder MkDocs writes into, in "Building documentation to …"."""

    paths: tuple[str, str] | None = None  # (staging folder, site folder) of the build under way

    def filter(self, record: logging.LogRecord) -> bool:
        if self.paths is not None and record.getMessage().startswith("Building documentation to directory: "):
            record.msg, record.args = record.getMessage().replace(*self.paths), ()
        return True


PLACED = _PlacedPages()
STAGED = _StagedSite()
logging.getLogger("mkdocs.commands.build").addFilter(PLACED)
logging.getLogger("mkdocs.commands.build").addFilter(STAGED)
PRINTABLE = PrintableLog()


def printable_log() -> None:
    """Every message MkDocs prints, ours and its own, with control characters escaped (see
    `PrintableLog`): on the handlers, since a logger's filter misses its children's records."""
    for handler in logging.getLogger("mkdocs").handlers:
        if PRINTABLE not in handler.filters:
            handler.addFilter(PRINTABLE)

TEMPLATES = Path(__file__).parent.parent / "templates"
ASSETS = Path(__file__).parent.parent / "assets"
STYLESHEET = "assets/gwsite/gwsite.css"
SCRIPT = "assets/gwsite/gwsite.js"
VIDEO_SCRIPT = "assets/gwsite/video.js"  # only on the stories that show a video (story.html)
STORY_TEMPLATE = "gwsite/story.html"
PRERENDERED = "gwsite/prerendered.html"
# Another plugin listening to any of these sees every page as MkDocs renders it: no page cache then.
PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content", "page_context", "post_page")


def site_options(config: GwsiteConfig) -> SiteOptions:
    return SiteOptions(
        categories=config.categories,
        timezone=config.timezone,
        news_dir=config.news_dir.strip("/"),
        data_dir=config.data_dir.strip("/"),
    )


def image_settings(config: ImagesConfig) -> ImageSettings:
    """The `images:` options, checked: a wrong value is a Chinese configuration error."""
    widths = tuple(sorted(set(config.widths)))
    if not widths or any(not 16 <= width <= 8000 for width in widths):
        raise ConfigurationError(f"gwsite 的 images: widths 应为 16 到 8000 之间的宽度（像素）列表，"
                                 f"如 [480, 960, 1600]，不是 {config.widths}")
    for name in ("jpeg_quality", "webp_quality"):
        if not 1 <= config[name] <= 100:
            raise ConfigurationError(f"gwsite 的 images: {name} 应为 1 到 100 之间的整数，不是 {config[name]}")
    for name in ("max_megabytes", "max_megapixels"):
        if config[name] <= 0:
            raise ConfigurationError(f"gwsite 的 images: {name} 应为正数，不是 {config[name]}")
    return ImageSettings(widths, config.jpeg_quality, config.webp_quality, config.max_megabytes, config.max_megapixels)


def owner_files(config: MkDocsConfig, static_files: list[str]) -> frozenset[str]:
    """Files in docs_dir that `mkdocs.yml` itself names: the site owner's, not a correspondent's, so
    published as they are whatever their type (`extra_css`, `extra_javascript`, the theme's `logo`
    and `favicon`, and gwsite's `static_files`, e.g. robots.txt)."""
    names: list[Any] = [*config.extra_css, *(getattr(script, "path", script) for script in config.extra_javascript),
                        config.theme.get("logo"), config.theme.get("favicon"), *static_files]
    owned = set()
    for name in names:
        if isinstance(name, str) and name and "://" not in name and not name.startswith("//"):
            owned.add(posixpath.normpath(name.lstrip("/")))
    return frozenset(owned)


def excluded_docs(config: MkDocsConfig) -> Callable[[str], bool]:
    """MkDocs' own test of the files in docs_dir it leaves out of a build (dot-files, `/templates/`,
    `exclude_docs`, `draft_docs`), so that gwsite judges exactly the files MkDocs would publish."""
    def excluded(src: str) -> bool:
        file = File(src, config.docs_dir, config.site_dir, config.use_directory_urls)
        set_exclusions([file], config)
        return not file.inclusion.is_included()
    return excluded


def in_docs(file: File, config: MkDocsConfig) -> bool:
    """A file of docs_dir, not of the theme (Material's assets, `custom_dir`) nor made by a plugin."""
    return file.generated_by is None and file.src_dir is not None and \
        os.path.normpath(file.src_dir) == os.path.normpath(config.docs_dir)


def cache_folder(config: MkDocsConfig) -> Path:
    """`.cache/gwsite/` beside `mkdocs.yml`, like Material's own caches."""
    root = Path(config.config_file_path).parent if config.config_file_path else Path(config.docs_dir).parent
    return root / ".cache" / "gwsite"


def report(problems: list[Problem]) -> None:
    """Log every problem as one line; warnings count towards `--strict`, notices do not. Notices are
    condensed (see `problems.condense`): a pending outlet named in thousands of stories is one line."""
    shown, rest = condense(sorted(problems, key=lambda p: (p.path, p.line, p.field)))
    for problem in shown:
        if problem.severity is Severity.ERROR:
            log.error(str(problem))
        elif problem.severity is Severity.WARNING:
            log.warning(str(problem))
        else:
            log.info(str(problem))
    if rest is not None:
        log.info(rest)


def is_page(target: str) -> bool:
    """A link target that names a Markdown page in docs_dir, not a web address or a site path."""
    return "://" not in target and target.endswith(".md")


def error_summary(errors: list[Problem]) -> str:
    files = len({p.path for p in errors})
    return f"{len(errors)} 处错误（{files} 个文件），请按上面的提示修改后重新生成；可用 gwsite check 逐条检查"


class LinkedFile(File):
    """A file from gwsite's cache: hard-linked into the site where the file system allows it, since
    a link costs one directory entry and a copy the whole file (1,800 photo renditions a build)."""

    kept = False  # already in the staged site from the build before last (see `output`)

    def copy_file(self, dirty: bool = False) -> None:
        if self._content is not None or self.abs_src_path is None:
            return super().copy_file(dirty)
        if not self.kept:
            link_or_copy(self.abs_src_path, Path(self.abs_dest_path))


FORK_AT_LEAST = 400  # pages: fewer render faster than a fork starts


def render_forked(pages: list[Page], render: Callable[[Page], None], jobs: int, progress: Progress) -> None:
    """`render` every page, on `jobs` processes forked from this one (which holds the whole site)."""
    children = []
    for part in range(1, jobs):
        pid = os.fork()
        if pid == 0:  # the child: its share, then leave without running the parent's exit handlers
            status = 0
            try:
                for page in pages[part::jobs]:
                    render(page)
            except OSError as error:  # a full disk: said once in Chinese, and the parent fails the build
                log.error(describe_os_error(error))
                status = 1
            except BaseException:  # noqa: BLE001 - reported, and the parent fails the build
                traceback.print_exc()
                status = 1
            finally:
                os._exit(status)
        children.append(pid)
    mine = pages[0::jobs]
    for done, page in enumerate(mine, 1):
        render(page)
        progress(min(done * jobs, len(pages)), len(pages))
    failed = [pid for pid in children if os.waitpid(pid, 0)[1] != 0]
    if failed:
        raise PluginError("生成页面时出错，详见上面的信息")


def snapshot(paths: Any) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file under `paths` (files or folders)."""
    found: dict[str, tuple[int, int]] = {}
    for root in list(paths):
        if os.path.isdir(root):
            files: Any = (os.path.join(folder, name) for folder, _, names in os.walk(root) for name in names)
        else:
            files = [root]
        for path in files:
            stamp = file_stamp(path)
            if stamp is not None:
                found[path] = stamp
    return found


def data_digest(page: GeneratedPage) -> str | None:
    """A digest of what a generated page shows; None for data without a stable repr (rendered every time)."""
    data = repr(page.data)
    return None if " at 0x" in data else hashlib.sha256(data.encode()).hexdigest()


def carry_digests(pages: list[GeneratedPage], before: list[GeneratedPage],
                  known: dict[str, str | None]) -> dict[str, str | None]:
    """Each page's `data_digest`; a page whose data equals its data `before` keeps its `known` digest.
    Under `mkdocs serve` an edit changes a few pages' data, and comparing costs a fifth of printing.
    (Equal data of other types, 2 and 2.0, would keep the old digest; `generate` makes each field
    one type.)"""
    old = {page.src: page for page in before}
    result = {}
    for page in pages:
        same = old.get(page.src)
        if same is not None and page.src in known and same.data == page.data:
            result[page.src] = known[page.src]
        else:
            result[page.src] = data_digest(page)
    return result


def page_digest(page: GeneratedPage, digests: dict[str, str | None]) -> str | None:
    """A generated page's data digest: kept with `generate()`'s memo, else (the search page) made now."""
    return digests[page.src] if page.src in digests else data_digest(page)


def strict_failure(config: MkDocsConfig) -> bool:
    """True when `--strict` will abort this build, as MkDocs decides right after `on_post_build`."""
    if not config.strict:
        return False
    return any(isinstance(handler, CountHandler) and handler.get_counts()
               for handler in logging.getLogger("mkdocs").handlers)


def move(file: File, dest_uri: str) -> None:
    """Give a file another place in the built site."""
    file.dest_uri = dest_uri
    # `url` and `abs_dest_path` are cached from `dest_uri`: recompute them.
    file.__dict__.pop("url", None)
    file.__dict__.pop("abs_dest_path", None)


@jinja2.pass_context
def gw_picture(context: Any, image: Processed | None, alt: str, kind: str = "content", eager: bool = False) -> str:
    """Templates' `<picture>` for a processed image, with links relative to the page being rendered."""
    if image is None:
        return ""
    page = context.get("page")
    url = (lambda path: get_relative_url(path, page.url)) if page is not None else (lambda path: path)
    return markupsafe.Markup(photos.picture(image, url, alt, photos.SIZES[kind], eager=eager))


def nav_signature(nav: Navigation) -> str:
    """What the theme shows of the navigation on every page: titles and URLs. A page whose title
    comes from its own heading is named by its source instead, since it is not read yet."""
    def walk(items: list[Any]) -> list[Any]:
        out: list[Any] = []
        for item in items:
            title = item.title
            if item.is_page and title is None:
                try:
                    title = f"source:{item.file.content_string}"
                except (OSError, ValueError):
                    title = "source:-"
            out.append((type(item).__name__, title, getattr(item, "url", None), walk(item.children or [])))
        return out
    return repr(walk(nav.items))


def story_page_meta(story: Story) -> dict[str, Any]:
    """A story page's meta: its fields, escaped, and the theme keys its check passed."""
    meta = pagemeta.story_meta(story.title, story.summary, story.authors, story.theme)
    meta.setdefault("hide", ["navigation"])  # stories are not in the nav: no empty sidebar
    return meta


def namespace_toc(items: Any) -> None:
    """The page's table of contents, pointing at its headings' namespaced ids (see `sanitize.ID_PREFIX`)."""
    for item in items:
        item.id = sanitize.ID_PREFIX + item.id
        namespace_toc(item.children)


_FRAGMENT_LINK = re.compile(r'href="([^"#:]+)#([^"]+)"')


def content_fragments(html: str, page_url: str, content_urls: frozenset[str]) -> str:
    """Links to a place in another story or page of content/ (`../b/#小标题`), to its namespaced id
    (see `sanitize.ID_PREFIX`)."""
    here = posixpath.dirname(page_url.rstrip("/")) if not page_url.endswith("/") else page_url.rstrip("/")

    def namespaced(match: re.Match[str]) -> str:
        path, fragment = match.groups()
        target = posixpath.normpath(posixpath.join(here, path)).lstrip("./")
        if target not in content_urls or fragment.startswith(sanitize.ID_PREFIX):
            return match.group()
        return f'href="{path}#{sanitize.ID_PREFIX}{fragment}"'

    return _FRAGMENT_LINK.sub(namespaced, html)


def named_images(config: MkDocsConfig) -> list[str]:
    """What mkdocs.yml could name a photo of the docs folder with: the logo, the favicon, `extra:`."""
    return [value for value in (config.theme.get("logo"), config.theme.get("favicon"), *photos.strings(config.extra))
            if isinstance(value, str)]


def _read_nothing(page: Page, meta: dict[str, Any], config: MkDocsConfig) -> None:
    """`Page.read_source` for a page taken from the cache: its meta only, no Markdown to convert."""
    page.markdown, page.meta = "", meta


def _render_nothing(page: Page, config: MkDocsConfig, files: Files) -> None:
    page.content, page.toc = "", []


@dataclasses.dataclass
class Derived:
    """A site's stories and what gwsite makes of them besides their own pages."""

    site: Site
    generated: GeneratedSite
    shard_of: dict[str, str]  # story URL → its search index shard
    feeds: dict[str, feeds.Feed]  # by folder
    feed_date: dt.datetime

    def outline(self) -> tuple[Any, ...]:
        """What decides which files and nav entries the site has: while it stays, an edit changes
        what some pages show, not which pages there are."""
        return ([(p.src, p.title, p.template, p.in_nav) for p in self.generated.pages],
                [data.dest for data in self.generated.files],
                [(f.folder, f.title, f.rss, f.atom) for f in self.feeds.values()],
                sorted(self.shard_of.items()),
                [(s.src, s.url, s.draft, sorted({use.path for use in s.images})) for s in self.site.stories])


class GwsitePlugin(BasePlugin[GwsiteConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        super().__init__()
        self.background: threading.Thread | None = None  # see `in_background`
        self.background_job: Callable[[], None] | None = None
        self.background_lock = threading.Lock()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining this keeps one plugin object across `mkdocs serve` rebuilds.
        printable_log()
        self.command = command
        self.dirty = dirty
        self.served = False  # no build finished yet in this process

    @property
    def serving(self) -> bool:
        """Under `mkdocs serve` (MkDocs calls `on_startup` with the command before any build)."""
        return getattr(self, "command", "build") == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.wait_for_background()  # the last `mkdocs serve` rebuild's search index, still being written
        printable_log()
        # `mkdocs serve` reuses the plugin across rebuilds: reset per-build state here.
        self.started = time.perf_counter()
        self.site: Site | None = None
        self.stories: dict[str, Story] = {}
        self.generated: GeneratedSite | None = None
        self.pages: dict[str, GeneratedPage] = {}
        self.options = site_options(self.config)
        self.sanitiser = sanitize.Sanitiser(sanitize.Policy(self.config.video_hosts))
        self.links: tuple[dict[str, str], ...] = ()
        self.bodies: dict[str, str] = {}
        self.feeds: dict[str, feeds.Feed] = {}  # by folder: '' for the site's, news/<id>/, units/<id>/
        self.feed_date = dt.datetime(2000, 1, 1, tzinfo=self.options.timezone)  # of feeds without items
        self.images = photos.SiteImages()
        self.image_cache: ImageCache | None = None
        self.image_settings = image_settings(self.config.images)
        self.nav: Navigation | None = None
        self.content_urls: frozenset[str] = frozenset()  # normalised, for links to a place in a page of content/
        self.page_cache: PageCache | None = None
        self.page_keys: dict[str, str] = {}  # by source path: the pages the cache may hold
        self.views: dict[str, StoryView] = {}
        self.cached: set[str] = set()  # pages taken from the cache this build
        self.to_render: list[Page] = []  # pages gwsite renders itself, then caches
        self.shard_of: dict[str, str] = {}  # story URL → its search index shard
        self.search_index: ShardedIndex | None = None
        self.output: Output | None = None
        self.verifier: Verifier | None = None  # checks cache entries before reuse (see `integrity`)
        self.quick_ready = False  # a whole build succeeded with the page cache: `quick_rebuild` may follow
        self.owned: frozenset[str] = frozenset()  # files mkdocs.yml names (see `owner_files`)
        feed_config = self.config.feeds
        if self.config.enabled and feed_config.enabled:
            if feed_config.items < 1:
                raise ConfigurationError(f"gwsite 的 feeds: items 应为正整数（每个订阅源的稿件篇数），不是 {feed_config.items}")
            if not config.site_url:
                raise ConfigurationError(
                    "生成订阅源（RSS/Atom）需要网站的正式网址：请在 mkdocs.yml 中写 site_url，"
                    "如 site_url: https://www.example.cn/；不需要订阅源时，在 gwsite 插件下写 feeds: {enabled: false}"
                )
        if self.config.enabled and STYLESHEET not in config.extra_css:
            # First, so that a site's own extra_css can override it.
            config.extra_css.insert(0, STYLESHEET)
        if self.config.enabled and self.config.search:
            if SCRIPT not in config.extra_javascript:
                config.extra_javascript.append(SCRIPT)
            if "search" in config.plugins or "material/search" in config.plugins:
                log.info("mkdocs.yml 同时启用了 search 插件：每个页面都会下载整站全文索引，"
                         "稿件多时手机上很慢；gwsite 已提供站内搜索，可从 plugins 中删去 search")
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Validate everything before MkDocs cleans `site/`, so a bad story never leaves it half-written."""
        if not self.config.enabled:
            return
        cache = cache_folder(config)
        self.take_lock(config)
        self.verifier = Verifier(cache / f"verified-{'serve' if self.serving else 'build'}.json")
        watched = getattr(self, "watched", None)
        self.baseline = snapshot(watched) if watched is not None else None  # what this build reads
        try:
            now = build_now(self.options.timezone)
        except ValueError as error:
            raise PluginError(str(error)) from None
        root = Path(config.config_file_path).parent if config.config_file_path else None
        docs_dir = Path(config.docs_dir).resolve()
        site = load_site(docs_dir, self.options, now, root=root, cache_dir=cache,
                         progress=Progress("正在读取稿件", at_least=200))
        self.image_cache = ImageCache(cache / "images", self.image_settings, self.verifier)
        shown_root = (root or docs_dir.parent).resolve()
        self.project_root = shown_root
        self.docs_dir = docs_dir
        self.shown_story = lambda src: shown_path(docs_dir / src, shown_root)
        started = time.perf_counter()
        self.images = photos.collect(site.stories, docs_dir, self.options.data_dir, self.image_cache,
                                     shown=lambda src: shown_path(docs_dir / src, shown_root),
                                     progress=Progress("正在处理图片"), news_dir=self.options.news_dir,
                                     settings=named_images(config))
        self.image_cache.prune({o.processed.key for o in self.images.outcomes.values() if o.processed})
        if self.images.outcomes:
            log.info(f"图片：{len(self.images.outcomes)} 张，新处理 {self.image_cache.rendered} 张，"
                     f"用时 {time.perf_counter() - started:.2f} 秒")
        self.owned = owner_files(config, self.config.static_files)
        problems = site.problems + self.images.problems + unpublishable_files(
            docs_dir, self.options, self.shown_story, excluded_docs(config), self.owned, image_paths(site.stories))
        report(problems)
        errors = [p for p in problems if p.severity is Severity.ERROR]
        if errors:
            raise PluginError(error_summary(errors))
        for title, target in self.config.links:
            if is_page(target) and not (Path(config.docs_dir) / target.lstrip("/")).is_file():
                raise PluginError(f"mkdocs.yml 中 gwsite 的 links：“{title}”指向的 {target} 在 docs_dir 中不存在")
        self.adopt(self.derive(config, site, now.date(), cache))
        if not getattr(self, "dirty", False):
            self.stage(config, cache)

    def derive(self, config: MkDocsConfig, site: Site, today: dt.date, cache: Path, persist: bool = True) -> Derived:
        """What the site's stories make besides their own pages: listings, rankings, feeds, shards."""
        generated = self.generate(site, today, cache, persist)
        shard_of: dict[str, str] = {}
        if self.config.search:
            shard_of = shard_names((story.url, story.date.year) for story in site.published)
            generated.pages.append(GeneratedPage(SEARCH_PAGE, "站内搜索", SEARCH_TEMPLATE, search_scope(shard_of)))
        planned: dict[str, feeds.Feed] = {}
        feed_date = self.feed_date
        if self.config.feeds.enabled:
            published = site.published
            planned = {feed.folder: feed for feed in self.plan_feeds(config, published, site)}
            if published:
                feed_date = published[0].date
        return Derived(site, generated, shard_of, planned, feed_date)

    def adopt(self, derived: Derived) -> None:
        self.site = derived.site
        self.stories = {story.src: story for story in derived.site.stories}
        self.generated = derived.generated
        self.pages = {page.src: page for page in derived.generated.pages}
        self.shard_of, self.feeds, self.feed_date = derived.shard_of, derived.feeds, derived.feed_date

    def stage(self, config: MkDocsConfig, cache: Path) -> None:
        """Build into a staging folder (see `output`): `site_dir` changes only when the build succeeds."""
        try:
            self.output = Output.open(config.site_dir, cache, "serve" if self.serving else "build",
                                      in_place=self.serving)
        except StagingError as error:
            raise PluginError(str(error)) from None
        self.site_dir = config.site_dir
        self.staged_config = config
        config["site_dir"] = str(self.output.folder)
        STAGED.paths = (str(self.output.folder), str(self.output.live))

    def take_lock(self, config: MkDocsConfig) -> None:
        """Wait until no other build of this project runs (see `output.BuildLock`), for the whole build:
        two builds at once would read each other's half-written caches."""
        if getattr(self, "lock", None) is not None:
            return
        root = Path(config.config_file_path).parent if config.config_file_path else Path(config.docs_dir).parent
        try:
            self.lock = BuildLock.acquire(root, cache_folder(config), getattr(self, "command", "build"),
                                          self.config.lock_timeout, log.info)
        except LockTimeout as error:
            raise PluginError(str(error)) from None

    def release_lock(self) -> None:
        lock = getattr(self, "lock", None)
        if lock is not None:
            lock.release()
            self.lock = None

    def generate(self, site: Site, today: dt.date, cache: Path, persist: bool = True) -> GeneratedSite:
        """Listings, rankings and unit pages; the last build's when nothing they show has changed
        (an edit to a story's text only, the usual case): kept in memory under `mkdocs serve`,
        else in `.cache/gwsite/generated.pickle` (written unless not `persist`)."""
        registry = site.registry
        shown = (registry.groups, registry.units, registry.outlets, registry.scoring)  # Registry has no repr
        key = hashlib.sha256(f"{templates_signature(())}|{site.stories!r}|{shown!r}|{self.options!r}|"
                             f"{today}".encode()).hexdigest()
        memo = previous = getattr(self, "generated_memo", None)
        if memo is not None and memo[0] != key:
            memo = None  # the file is older than what memory held: this process wrote it, or none
        elif memo is None:
            try:
                stored = unseal((cache / "generated.pickle").read_bytes())
                if stored[0] == key and len(stored) == 3:
                    memo = stored
            except Exception:  # noqa: BLE001 - no cache yet, or an unreadable or damaged one: generate afresh
                pass
        if memo is None:
            generated = generate(site.stories, site.registry, self.options, today)
            # Kept with the pages: printing the ranking's and listings' data costs more than making them.
            memo = (key, generated, carry_digests(generated.pages, previous[1].pages if previous else [],
                                                  previous[2] if previous else {}))
            if persist:  # not on the quick path under `mkdocs serve`, which would wait for it
                try:
                    write_atomically(cache / "generated.pickle", seal(memo))
                except OSError:
                    pass  # a read-only checkout: generated again next time
        self.generated_memo = memo
        return dataclasses.replace(memo[1], pages=list(memo[1].pages))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Keep `_data/`, drafts and files of any type not published (see `site.unpublishable`, an
        error before the build) out of the site; give each story its URL; keep stories out of the nav."""
        if self.output is not None:
            self.output.restore()
        if not self.config.enabled:
            return files
        data_prefix = f"{self.options.data_dir}/"
        news_prefix = f"{self.options.news_dir}/"
        owned = self.owned
        for file in list(files):
            if file.src_uri.startswith(data_prefix):
                files.remove(file)
            elif in_docs(file, config) and unpublishable(file.src_uri, self.options.news_dir, owned):
                files.remove(file)
            elif file.src_uri.startswith(news_prefix) and file.is_documentation_page():
                story = self.stories.get(file.src_uri)
                if story is None or story.draft:
                    files.remove(file)
                    continue
                move(file, f"{story.url}index.html")
                file.inclusion = InclusionLevel.NOT_IN_NAV
        self.image_files(files, config)
        files.append(File.generated(config, STYLESHEET, abs_src_path=str(ASSETS / "gwsite.css")))
        if self.config.video_hosts:
            files.append(File.generated(config, VIDEO_SCRIPT, abs_src_path=str(ASSETS / "video.js")))
        if self.config.search:
            files.append(File.generated(config, SCRIPT, abs_src_path=str(ASSETS / "gwsite.js")))
        self.links = tuple(self.quick_link(title, target, files) for title, target in self.config.links)
        if self.generated is not None:
            for page in self.generated.pages:
                file = File.generated(config, page.src, content=page.markdown())
                if not page.in_nav:
                    file.inclusion = InclusionLevel.NOT_IN_NAV
                files.append(file)
            for data in self.generated.files:
                files.append(File.generated(config, data.dest, content=data.content))
        return files

    def image_files(self, files: Files, config: MkDocsConfig) -> None:
        """Photos are never copied as they are: each file becomes its widest JPEG rendition, so that
        every link MkDocs resolves to it lands there; the other renditions join the site beside it.
        An image used outside stories only also keeps a cleaned copy at its own path (for a logo named in
        mkdocs.yml); an image file with no processed outcome (refused, or used by nothing and so never
        decoded) is not published at all."""
        if self.image_cache is None:
            return
        entry = self.image_cache.entry
        written: set[str] = set()
        for file in list(files):
            path = file.src_uri
            outcome = self.images.outcomes.get(path)
            if path in self.images.hidden or path in self.images.unused or (
                    outcome is not None and outcome.processed is None):
                files.remove(file)  # only a draft uses it, nothing does, or it was refused (and reported)
                continue
            if outcome is None or outcome.processed is None:
                if in_docs(file, config) and posixpath.splitext(path)[1].lower() in RASTER_SUFFIXES:
                    files.remove(file)  # never copied as it is: a ".jpg" may hold HTML
                continue
            image = outcome.processed
            file.abs_src_path = str(entry(image.key) / f"{image.width}.jpg")
            file.__class__ = LinkedFile
            move(file, image.largest)
            written.add(image.largest)
            if image.copy and path not in self.images.story_paths:
                copy = LinkedFile.generated(config, f"{OUTPUT_DIR}/copies/{path}",
                                            abs_src_path=str(entry(image.key) / image.copy))
                move(copy, path)
                files.append(copy)
        for outcome in self.images.outcomes.values():
            image = outcome.processed
            if image is None:
                continue
            for name, dest in image.files():
                if dest not in written:
                    written.add(dest)
                    files.append(LinkedFile.generated(config, dest, abs_src_path=str(entry(image.key) / name)))

    def feed_settings(self, config: MkDocsConfig) -> feeds.FeedSettings:
        return feeds.FeedSettings(
            site_url=config.site_url.rstrip("/") + "/",
            site_name=config.site_name,
            site_description=config.site_description or "",
            items=self.config.feeds.items,
            full_content=self.config.feeds.content == "full",
        )

    def plan_feeds(self, config: MkDocsConfig, published: list[Story], site: Site) -> list[feeds.Feed]:
        which = self.config.feeds
        return feeds.plan(published, site.registry, self.options.category_names, self.feed_settings(config),
                          site=which.site, per_category=which.categories, per_unit=which.units)

    @staticmethod
    def quick_link(title: str, target: str, files: Files) -> dict[str, str]:
        """A home-page link from `links:`; a Markdown page becomes its URL in the built site."""
        file = files.get_file_from_path(target.lstrip("/")) if is_page(target) else None
        return {"title": title, "url": file.url if file else target.lstrip("/")}

    @event_priority(-100)  # last: the navigation as every other plugin left it
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        # Every page written in content/ has its ids namespaced (see `on_page_content`).
        self.content_urls = frozenset(posixpath.normpath(file.url).lstrip("./")
                                      for file in files.documentation_pages() if self.written(file))
        self.date_pages(files)
        self.key_pages(nav, config, files)
        if self.output is not None:
            self.sync_output(files)
        return nav

    def date_pages(self, files: Files) -> None:
        """Each page's `lastmod` in the sitemap (and so the sitemap.xml.gz header's time) from the
        content, not from the clock as MkDocs would: a story's date or its newest placement's, a
        generated page's newest story, any other page the newest of the site. Without a published
        story there is no date to take, and MkDocs' (SOURCE_DATE_EPOCH or today) stays."""
        if self.site is None or self.generated is None:
            return
        newest = max((story_updated(story) for story in self.site.published), default=None)
        if newest is None:
            return
        for file in files.documentation_pages():
            if file.page is None:
                continue
            story = self.stories.get(file.src_uri)
            generated = self.pages.get(file.src_uri)
            if story is not None:
                day = story_updated(story)
            elif generated is not None and generated.updated is not None:
                day = generated.updated
            else:
                day = newest
            file.page.update_date = f"{day:%Y-%m-%d}"

    def key_pages(self, nav: Navigation, config: MkDocsConfig, files: Files) -> None:
        """Key every story and generated page by what it is made from (see `pagecache`)."""
        if not (self.config.enabled and self.config.cache and self.generated is not None and self.site is not None):
            return
        others = sorted({type(getattr(method, "__self__", method)).__name__
                         for event in PAGE_EVENTS for method in config.plugins.events[event]
                         if getattr(method, "__self__", None) is not self})
        if others:
            log.info(f"其他插件（{'、'.join(others)}）也处理页面，本次不使用页面缓存")
            return
        images = self.images_signature = repr(sorted((path, repr(o)) for path, o in self.images.outcomes.items()))
        feeds_shown = repr(sorted((f.folder, f.title, f.rss, f.atom) for f in self.feeds.values()))
        signature = "\n".join((config_signature(config), templates_signature(config.theme.dirs), nav_signature(nav),
                               feeds_shown, repr(self.links), repr(self.config.search)))
        mode = "serve" if self.serving else "build"
        cache = PageCache(cache_folder(config) / "pages" / mode, signature, self.verifier)
        docs_dir = Path(config.docs_dir)
        for src, story in self.stories.items():
            if story.draft or files.get_file_from_path(src) is None:
                continue
            key = self.story_key(cache, docs_dir, story, files)
            if key is not None:  # else MkDocs reports the unreadable file when it reads the page
                self.page_keys[src] = key
        digests = self.generated_memo[2] if getattr(self, "generated_memo", None) else {}
        for page in self.generated.pages:
            digest = page_digest(page, digests)
            if digest is not None:
                self.page_keys[page.src] = cache.key("page", page.src, page.markdown(), digest, images)
        self.page_cache = cache

    def sync_output(self, files: Files) -> None:
        """Leave in the staged site the pages and photos that are still right; delete the rest."""
        assert self.output is not None
        keep: dict[str, str] = {}
        if self.page_cache is not None:
            for src, key in self.page_keys.items():
                file = files.get_file_from_path(src)
                if file is not None and self.reusable(src, key):
                    keep[file.dest_uri] = str(self.page_cache.path(key))
        linked = [file for file in files if isinstance(file, LinkedFile) and file.abs_src_path]
        keep.update((file.dest_uri, file.abs_src_path) for file in linked)
        self.output.sync(keep, managed=frozenset({BUNDLE_DIR}) if self.config.search else frozenset())
        for file in linked:
            file.kept = file.dest_uri in self.output.kept

    def story_key(self, cache: PageCache, docs_dir: Path, story: Story, files: Files) -> str | None:
        """A story page's key: its source, what it shows of other stories, its images and links."""
        assert self.site is not None and self.generated is not None
        src = story.src
        text = self.story_text(docs_dir / src)
        if text is None:
            return None
        view = story_view(story, self.site.registry, self.options, self.generated.neighbours.get(src, (None, None)))
        self.views[src] = view
        used = repr([(use.path, repr(self.images.outcomes.get(use.path))) for use in story.images])
        links = []
        for target in local_links(text):
            found = files.get_file_from_path(posixpath.normpath(posixpath.join(posixpath.dirname(src), target)))
            links.append((target, found.url if found else None))
        return cache.key("story", src, text, repr(view), used, repr(links))

    def story_text(self, path: Path) -> str | None:
        """A story's source as MkDocs will read it; remembered by size and modification time, since
        under `mkdocs serve` every rebuild asks again for thousands of unchanged files."""
        memo: dict[Path, tuple[tuple[int, int], str]] = self.__dict__.setdefault("texts", {})
        stamp = file_stamp(path)
        if stamp is None:
            return None
        if path in memo and memo[path][0] == stamp:
            return memo[path][1]
        try:
            text = without_control_chars(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError):
            return None
        memo[path] = (stamp, text)
        return text

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """A page whose key is in the cache is neither converted nor rendered: the cached HTML is written."""
        src = page.file.src_uri
        key = self.page_keys.get(src)
        if key is None or self.page_cache is None:
            return page
        if self.reusable(src, key):
            story = self.stories.get(src)
            generated = self.pages.get(src)
            title = story.title if story is not None else generated.title if generated is not None else ""
            meta: dict[str, Any] = {"title": html.escape(title), "template": PRERENDERED}
            if story is not None:
                meta = {**story_page_meta(story), "template": PRERENDERED}
                if self.page_cache.has(key + ".unsafe"):  # the sanitiser's warning, as when it was rendered
                    path, line, field, message, severity = json.loads(self.page_cache.read(key + ".unsafe"))
                    report([Problem(path, line, field, message, Severity(severity))])
            PLACED.pages.add(src)
            page.read_source = functools.partial(_read_nothing, page, meta)  # type: ignore[method-assign]
            page.render = functools.partial(_render_nothing, page)  # type: ignore[method-assign]
            self.cached.add(src)
        else:
            self.to_render.append(page)
        return page

    def reusable(self, src: str, key: str) -> bool:
        """Whether the page under `key` is in the cache, whole, with what a story's page keeps beside
        it: its feed body while there are feeds (a feed must never lose a story's text), and its
        sanitiser warning when one was written and is now damaged."""
        assert self.page_cache is not None
        cache = self.page_cache
        if not cache.has(key):
            return False
        if src not in self.stories:
            return True
        if self.feeds and not cache.has(key + ".body"):
            return False
        unsafe = key + ".unsafe"
        return cache.has(unsafe) or unsafe not in cache.damaged

    def prerendered(self, page: Page) -> str:
        """For the `gwsite/prerendered.html` template: put the page's HTML from the cache into the
        site, and give MkDocs nothing to write (an empty page is one MkDocs skips)."""
        assert self.page_cache is not None
        if self.output is None or page.file.dest_uri not in self.output.kept:
            self.page_cache.place(self.page_keys[page.file.src_uri], Path(page.file.abs_dest_path))
        return ""

    def render_pages(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> None:
        """Render the pages the cache did not have, exactly as MkDocs would, and keep them.

        Many pages (a first build) are rendered on every core: the build forks, each process
        renders its share straight into the cache, and MkDocs then writes them all from there."""
        if self.page_cache is None or self.nav is None:
            return
        inclusion = InclusionLevel.is_in_serve if self.serving else InclusionLevel.is_included
        render = functools.partial(self.render_page, env, config, files.documentation_pages(inclusion=inclusion))
        pages = self.to_render
        progress = Progress("正在生成页面", at_least=200)
        jobs = min(os.cpu_count() or 1, 8) if hasattr(os, "fork") and len(pages) >= FORK_AT_LEAST else 1
        if jobs > 1:
            render_forked(pages, render, jobs, progress)
            self.page_cache.refresh()  # the other processes' entries
        else:
            for done, page in enumerate(pages, 1):
                render(page)
                progress(done, len(pages))
        for page in pages:
            src = page.file.src_uri
            PLACED.pages.add(src)
            if src in self.bodies:
                self.page_cache.write(self.page_keys[src] + ".body", self.bodies[src])
            page.meta["template"] = PRERENDERED
            page.content = ""
            self.cached.add(src)
        self.page_cache.rendered += len(pages)

    def render_page(self, env: jinja2.Environment, config: MkDocsConfig, doc_files: Any, page: Page) -> None:
        """What MkDocs' `_build_page` does, into the page cache instead of `site/`."""
        assert self.page_cache is not None
        self.page_cache.write(self.page_keys[page.file.src_uri], self.render_output(env, config, doc_files, page))

    def render_output(self, env: jinja2.Environment, config: MkDocsConfig, doc_files: Any, page: Page) -> str:
        """A converted page through its template and the plugins' page events, as MkDocs' `_build_page`."""
        assert self.nav is not None
        config._current_page = page
        page.active = True
        try:
            context = get_context(self.nav, doc_files, config, page)
            template = env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(context, page=page, config=config, nav=self.nav)
            output = template.render(context)
            output = config.plugins.on_post_page(output, page=page, config=config)
        finally:
            page.active = False
            config._current_page = None
        return output

    def on_pre_template(self, template: jinja2.Template, *, template_name: str, config: MkDocsConfig) -> jinja2.Template:
        """The "page not found" page in Chinese (Material's says "404 - Not found"), unless the
        site's own `custom_dir` has a 404.html."""
        if template_name != "404.html":
            return template
        custom = config.theme.custom_dir
        if custom and template.filename and Path(template.filename).resolve().is_relative_to(Path(custom).resolve()):
            return template
        return template.environment.get_template("gwsite/404.html")

    @event_priority(-100)  # last: the environment as every other plugin left it, since pages are rendered here
    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        # The theme and `custom_dir` come first, so a site's `theme_overrides/` can replace our templates.
        env.loader = jinja2.ChoiceLoader([env.loader, jinja2.FileSystemLoader(str(TEMPLATES))])
        if self.generated is not None:
            env.globals["gwsite_top"] = self.generated.top
            env.globals["gwsite_home"] = self.generated.home
        env.globals["gwsite_links"] = self.links
        env.globals["gwsite_feed"] = self.feeds.get("")  # the site's own pair, if written
        env.globals["gwsite_search"] = SEARCH_PAGE.removesuffix("index.md") if self.config.search else None
        env.globals["gw_image"] = self.images.get
        env.globals["gw_picture"] = gw_picture
        env.globals["gw_prerendered"] = self.prerendered
        self.env, self.files, self.built_config = env, files, config  # for `quick_rebuild`
        self.served_pages = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        self.render_pages(env, config, files)
        if self.config.search and self.page_cache is not None:
            # Every story's HTML is in the cache now: index while MkDocs writes the site.
            self.start_search(config, {self.stories[src].url: (key, self.page_cache.path(key))
                                       for src, key in self.page_keys.items() if src in self.stories})
        return env

    def start_search(self, config: MkDocsConfig, pages: dict[str, tuple[str, Path]]) -> None:
        """Start indexing each shard (see `search`): `pages` maps a story's URL to its key and HTML file."""
        shards: dict[str, list[tuple[str, str, Path]]] = {}
        for url, name in self.shard_of.items():
            if url in pages:
                shards.setdefault(name, []).append((url, *pages[url]))
        mode = "serve" if self.serving else "build"
        self.search_index = ShardedIndex(cache_folder(config) / "search" / mode, verifier=self.verifier)
        try:
            self.search_index.start([Shard(name, tuple(sorted(items))) for name, items in sorted(shards.items())])
        except SearchIndexError as error:
            raise PluginError(str(error)) from None

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Callable[..., None]) -> Any:
        """Under `mkdocs serve`, an edit to stories' text alone is shown without a whole build (see
        `quick_rebuild`); MkDocs' own builder does everything else."""
        watched = getattr(server, "_watched_paths", None)  # MkDocs' record of what `watch` was given
        if not (self.config.enabled and isinstance(watched, dict) and callable(getattr(server, "builder", None))):
            return server
        self.watched = watched  # by reference: paths watched after this call count too
        self.baseline = snapshot(watched)
        full = server.builder

        def rebuild() -> None:
            # The quick path makes few cycles, and collecting them in a process that holds a whole
            # site walks every object it holds: collect after it.
            gc.disable()
            try:
                if getattr(self, "built_config", None) is not None:
                    self.take_lock(self.built_config)  # a `mkdocs build` of the project may be running
                quick = self.quick_rebuild()
            except Exception:  # noqa: BLE001 - whatever went wrong, the whole build does it right or says why
                log.debug("快速更新失败，改为完整生成：\n" + traceback.format_exc())
                quick = False
            finally:
                gc.enable()
                self.release_lock()
            if not quick:
                full()

        server.builder = rebuild
        return server

    def quick_rebuild(self) -> bool:
        """Re-render only what an edit to stories changes, into the live preview: False, and nothing
        written, unless every file that changed since the last build is a published story that is
        still valid and keeps its address, and the site keeps the same pages (see `Derived.outline`).
        MkDocs then builds everything, as it always does.

        An edit to a story's text re-renders that story, the feeds that carry it and its search
        shard. An edit to its front-matter (a title, tags, a placement) also re-renders the listings,
        rankings, unit pages and neighbouring stories whose data it changes."""
        started = time.perf_counter()
        before, config = getattr(self, "baseline", None), getattr(self, "built_config", None)
        if not getattr(self, "quick_ready", False) or before is None or config is None or config.strict:
            return False  # the last build failed, or `--strict`, which only a whole build can honour
        after = snapshot(self.watched)
        changed = sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
        docs_dir = Path(config.docs_dir).resolve()
        sources = [Path(path).relative_to(docs_dir).as_posix() if Path(path).is_relative_to(docs_dir) else ""
                   for path in changed]
        stories = {src: self.stories.get(src) for src in sources}
        if not changed or any(story is None or story.draft or self.files.get_file_from_path(src) is None
                              for src, story in stories.items()):
            return False
        root = Path(config.config_file_path).parent.resolve() if config.config_file_path else docs_dir.parent
        context = StoryContext(docs_dir, self.site.registry, self.options, build_now(self.options.timezone),
                               shown_path(docs_dir, root))
        fresh: dict[str, tuple[Story, list[Problem]]] = {}
        text_only = True
        for src, old in stories.items():
            story, problems = read_story(docs_dir / src, context)
            if story is None or any(problem.severity is Severity.ERROR for problem in problems.items):
                return False  # the whole build reports it, and keeps the preview as it was
            reported = [str(p) for p in self.site.problems if p.path == context.shown(src)]
            text_only = text_only and repr(story) == repr(old) and [str(p) for p in problems.items] == reported
            fresh[src] = (story, problems.items)
        if text_only:
            rendered = [src for src in stories if self.rerender(config, docs_dir, self.stories[src])]
            what = "正文"
        else:
            restated = self.restate(config, context, fresh)
            if restated is None:
                return False
            rendered, what = restated, "内容"
        live = Path(config.site_dir)
        if rendered and self.feeds:
            self.write_feeds(config)
        if rendered and self.config.search:
            pages = {self.stories[src].url: (key, self.page_cache.path(key))
                     for src, key in self.page_keys.items() if src in self.stories}
            self.in_background(functools.partial(self.reindex, config, pages, live))
        self.baseline = after
        log.info(f"快速更新：{len(stories)} 篇稿件的{what}有改动，只重新生成了受影响的 {len(rendered)} 个页面、"
                 f"订阅源和搜索索引，用时 {time.perf_counter() - started:.1f} 秒")
        return True

    def in_background(self, job: Callable[[], None]) -> None:
        """Under `mkdocs serve`, whose server answers nothing until a build returns: run `job` (the
        search index) after it, on one thread. A job waiting there is replaced, since a newer
        edit's index covers it: a correspondent saving every second never waits for an index."""
        with self.background_lock:
            self.background_job = job
            if self.background is None:
                self.background = threading.Thread(target=self.run_background, daemon=True)
                self.background.start()

    def run_background(self) -> None:
        while True:
            with self.background_lock:
                job, self.background_job = self.background_job, None
                if job is None:
                    self.background = None
                    return
            try:
                job()
            except Exception as error:  # noqa: BLE001 - the preview stays up; the next whole build reports it
                log.error(str(error) if isinstance(error, PluginError) else f"站内搜索索引未能更新：{error!r}")

    def wait_for_background(self) -> None:
        with self.background_lock:
            thread = self.background
        if thread is not None:
            thread.join()

    def reindex(self, config: MkDocsConfig, pages: dict[str, tuple[str, Path]], live: Path) -> None:
        """Index the shards of `pages` again (see `start_search`) into the live preview."""
        self.start_search(config, pages)
        self.index_search(config, live, False)

    def restate(self, config: MkDocsConfig, context: StoryContext,
                fresh: dict[str, tuple[Story, list[Problem]]]) -> list[str] | None:
        """An edit to stories' front-matter under `mkdocs serve`: make listings, rankings, feeds and
        shards again from the edited stories and re-render every page whose data changed; the
        pages rendered, or None, with nothing changed, when the edit changes which pages exist."""
        assert self.site is not None and self.generated is not None and self.page_cache is not None
        shown = {context.shown(src) for src in fresh}
        site = dataclasses.replace(
            self.site,
            stories=[fresh[story.src][0] if story.src in fresh else story for story in self.site.stories],
            problems=[p for p in self.site.problems if p.path not in shown]
            + [p for _, problems in fresh.values() for p in problems])
        previous = Derived(self.site, self.generated, self.shard_of, self.feeds, self.feed_date)
        known = {page.src: page_digest(page, self.generated_memo[2]) for page in self.generated.pages}
        derived = self.derive(config, site, context.now.date(), cache_folder(config), persist=False)
        if derived.outline() != previous.outline():
            return None
        old, new = previous.generated, derived.generated
        self.adopt(derived)
        report([p for _, problems in fresh.values() for p in problems])
        self.env.globals.update(gwsite_top=new.top, gwsite_home=new.home, gwsite_feed=self.feeds.get(""))
        rendered = []

        def around(generated: GeneratedSite, src: str) -> tuple[str | None, ...]:
            return tuple(n.src if n is not None else None for n in generated.neighbours.get(src, (None, None)))

        affected = set(fresh) | {src for src in new.neighbours
                                 if around(new, src) != around(old, src) or set(around(new, src)) & fresh.keys()}
        docs_dir = Path(config.docs_dir).resolve()
        rendered += [src for src in sorted(affected) if self.rerender(config, docs_dir, self.stories[src])]
        digests = self.generated_memo[2]
        for page in new.pages:
            file = self.files.get_file_from_path(page.src)
            digest = page_digest(page, digests)
            if file is None or file.page is None or (digest is not None and digest == known.get(page.src)):
                continue
            key = None if digest is None else self.page_cache.key("page", page.src, page.markdown(), digest,
                                                                  self.images_signature)
            self.render_again(config, file.page, key)  # no key: a page rendered in every build
            rendered.append(page.src)
        if repr((new.top, new.home)) != repr((old.top, old.home)):  # the home page, or a site's own page showing them
            for file in self.served_pages:
                if file.src_uri not in self.page_keys and file.src_uri not in self.pages and file.page is not None:
                    self.render_again(config, file.page, None)
                    rendered.append(file.src_uri)
        dated = {file.src_uri: file.page.update_date for file in self.served_pages if file.page}
        self.date_pages(self.files)
        if any(file.page.update_date != dated.get(file.src_uri) for file in self.served_pages
               if file.page) and "sitemap.xml" in config.theme.static_templates:
            mkdocs_build._build_theme_template("sitemap.xml", self.env, self.files, config, self.nav)  # and its .gz
        shipped = {data.dest: data.content for data in old.files}
        for data in new.files:
            if shipped.get(data.dest) != data.content:
                file = self.files.get_file_from_path(data.dest)
                if file is not None:
                    file.content_string = data.content
                write_atomically(Path(config.site_dir) / data.dest, data.content.encode("utf-8"))
        return rendered

    def rerender(self, config: MkDocsConfig, docs_dir: Path, story: Story) -> bool:
        """Convert and render one story again, as MkDocs' build would, and put it in the live site;
        False when its key shows nothing it is made from changed."""
        assert self.page_cache is not None
        file = self.files.get_file_from_path(story.src)
        key = self.story_key(self.page_cache, docs_dir, story, self.files)
        if key is None:
            raise PluginError(f"无法读取 {story.src}")
        if key == self.page_keys.get(story.src):
            return False  # saved again unchanged
        self.render_again(config, file.page, key)
        return True

    def render_again(self, config: MkDocsConfig, page: Page, key: str | None) -> None:
        """Convert and render one page again, as MkDocs' build would, into the live site; through
        the page cache when the page has a `key`."""
        assert self.page_cache is not None
        src = page.file.src_uri
        if key is not None:
            self.page_keys[src] = key
        self.cached.discard(src)
        page.__dict__.pop("read_source", None)  # a page taken from the cache last time had these replaced
        page.__dict__.pop("render", None)
        config._current_page = page
        try:
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=self.files)
            page.render(config, self.files)
            page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=self.files)
        finally:
            config._current_page = None
        output = self.render_output(self.env, config, self.served_pages, page)
        target = Path(config.site_dir) / page.file.dest_uri
        if key is None:  # a page MkDocs renders in every build
            write_atomically(target, output.encode("utf-8", errors="xmlcharrefreplace"))
            return
        self.page_cache.write(key, output)
        if src in self.bodies:
            self.page_cache.write(key + ".body", self.bodies[src])
        self.page_cache.place(key, target)
        page.meta["template"], page.content = PRERENDERED, ""
        self.cached.add(src)

    @event_priority(-100)  # last: every other plugin has heard of the error before the build stops
    def on_build_error(self, *, error: Exception) -> None:
        """A failed build: the live site stays as it was. A disk that is full or read-only is one
        Chinese message (no traceback), and the staging folder goes, to leave the disk as it was."""
        self.quick_ready = False
        if getattr(self, "search_index", None) is not None:
            self.search_index.abandon()
        disk = isinstance(error, OSError) and error.errno is not None
        staged = getattr(self, "output", None) is not None and not self.serving
        self.unstage(discard=disk and error.errno in DISK_ERRORS)
        self.release_lock()
        if disk:
            root = getattr(self, "project_root", None) or Path.cwd()
            log.debug("".join(traceback.format_exception(error)))  # with `mkdocs build -v`
            log.error(describe_os_error(error, lambda path: shown_path(Path(path), root), staged))
            raise Abort("Aborted with a BuildError!") from None

    def unstage(self, discard: bool = False) -> None:
        """The build is over: `site_dir` names the site again (for `gh-deploy`, and for a hook that reads it)."""
        output = getattr(self, "output", None)
        if output is not None:
            self.staged_config["site_dir"] = self.site_dir
            STAGED.paths = None
            output.close(discard=discard)
            self.output = None

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """A story's text as its check read it: without control characters (already reported; left in,
        they would make MkDocs fail to read the front-matter), and cut where the check cut it, so that
        Markdown converts exactly the body whose size and nesting were bounded."""
        src = page.file.src_uri
        if src not in self.stories or page.file.abs_src_path is None:
            return None
        try:
            parts = story_parts(Path(page.file.abs_src_path).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError):
            return None
        source = parts.source() if parts is not None else None
        if source is None or mkdocs_front_matter(source)[0] != parts.body.lstrip("\n"):
            # Changed since its check, or front-matter MkDocs reads otherwise: never convert unchecked text.
            line = parts.body_line if parts is not None else 1
            raise PluginError(f"{self.shown_story(src)}:{line}: front-matter: 稿件在检查后被改动，无法确定稿件信息在哪里结束；"
                              f"{FENCE_EXPECTED}，然后重新生成")
        return source

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self.cached:
            return markdown
        story = self.stories.get(page.file.src_uri)
        if story is not None:
            # MkDocs and Material put meta values in pages as HTML: a story's meta is made anew
            # from its checked fields, escaped once (see `pagemeta`), never taken as written.
            page.meta = {**story_page_meta(story), "template": STORY_TEMPLATE}
        elif page.file.src_uri not in self.pages and not page.file.generated_by:
            page.meta = pagemeta.page_meta(page.meta)  # a page of content/: only what its check allows
            if page.is_homepage and self.generated is not None:
                page.meta["template"] = HOME_TEMPLATE
                page.meta.setdefault("hide", ["navigation", "toc"])
        return markdown

    def written(self, file: File) -> bool:
        """A page written in content/, a story or another: cleaned as a story is. gwsite's own pages
        are not (their content is its templates', which show stories' values escaped)."""
        return file.generated_by is None and file.src_uri not in self.pages

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self.cached:
            return html
        story = self.stories.get(page.file.src_uri)
        if self.written(page.file):
            html, removals = self.sanitiser(html)
            if removals:
                self.removed_html(page.file.src_uri, removals)
            namespace_toc(page.toc)  # the sanitiser namespaced the headings' ids
            if story is None and "title" not in page.meta and page.title and not page.is_homepage:
                # A title MkDocs took from the page's heading is HTML, and Material's <title> shows it
                # through `striptags`, which un-escapes it: `&lt;/title&gt;&lt;script&gt;` would run.
                # As meta, the theme shows it as written: the heading's text, escaped once (the home page
                # shows the site's name instead).
                page.meta["title"] = str(markupsafe.escape(markupsafe.Markup(page.title).striptags()))
        if "#" in html and self.content_urls:
            html = content_fragments(html, page.url, self.content_urls)
        if self.images.outcomes and "<img" in html:
            find = photos.finder(self.images, page.url, page.file.src_uri)
            html = photos.pictures_in(html, find, lambda path: get_relative_url(path, page.url),
                                      story.title if story else "")
        if self.feeds and story is not None:
            self.bodies[page.file.src_uri] = html  # the feeds' full text, with the page's own URLs
        return html

    def removed_html(self, src: str, removals: list[sanitize.Removal]) -> None:
        """Tell the author what the sanitiser took out of their story or page, now and in every build
        that takes the page from the cache: the warning is kept beside the page."""
        text = self.story_text(self.docs_dir / src) or ""
        problem = sanitize.warning(self.shown_story(src), text, removals)
        report([problem])
        key = self.page_keys.get(src)
        if key is not None and self.page_cache is not None:
            self.page_cache.write(key + ".unsafe", json.dumps(dataclasses.astuple(problem), ensure_ascii=False))

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Feed autodiscovery in every page's head: the site's feeds, and a category's or unit's own."""
        if not self.feeds or page.file.src_uri in self.cached:
            return output
        own = next((folder for folder in self.feeds if folder and page.url.startswith(folder)), None)
        links = []
        for folder in ([""] if "" in self.feeds else []) + ([own] if own else []):
            feed = self.feeds[folder]
            for name, kind, label in ((feed.rss, "rss", "RSS"), (feed.atom, "atom", "Atom")):
                href = get_relative_url(name, page.url)
                links.append(f'<link rel="alternate" type="application/{kind}+xml" '
                             f'title="{html.escape(feed.title)}（{label}）" href="{html.escape(href)}">')
        head = output.find("</head>")
        return output if head < 0 else output[:head] + "\n".join(links) + "\n" + output[head:]

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        if page.file.src_uri in self.cached:
            return context
        story = self.stories.get(page.file.src_uri)
        if story is not None and self.site is not None and self.generated is not None:
            view = self.views.get(story.src)
            if view is None:
                neighbours = self.generated.neighbours.get(story.src, (None, None))
                view = story_view(story, self.site.registry, self.options, neighbours)
            context["story"] = view
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            context["gw"] = generated.data
        return context

    @event_priority(-100)  # last: what other plugins write goes into the staged site too
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        ready = self.config.enabled and self.generated is not None and self.site is not None
        committed = False
        later = self.finish_build(config) if ready else False
        if self.output is not None and not strict_failure(config):
            self.output.commit()
            committed = True
        site_dir = self.output.live if committed and self.output is not None else Path(config.site_dir)
        self.unstage()
        if self.verifier is not None:
            self.verifier.save()
        self.release_lock()
        if later and (committed or not config.strict):
            # `mkdocs serve` holds every request until the build returns: on a rebuild, let the
            # preview show the edit now and its search catch up a moment later (the next rebuild
            # waits for it), in the site as it is now live.
            self.in_background(functools.partial(self.index_search, config, site_dir, False))
        if ready:
            self.served = True
            self.quick_ready = self.page_cache is not None
            self.report_repairs()
            self.summarise()

    def report_repairs(self) -> None:
        """Say which cache entries were found damaged (and made again) by this build."""
        counts = [(len(self.page_cache.damaged) if self.page_cache is not None else 0, "个页面、订阅源或正文"),
                  (self.image_cache.broken if self.image_cache is not None else 0, "张图片"),
                  (self.search_index.broken if self.search_index is not None else 0, "个搜索分片")]
        damaged = "，".join(f"{count} {what}" for count, what in counts if count)
        if damaged:
            log.info(f"缓存（.cache/gwsite/）中的文件有损坏（{damaged}），已重新生成")

    def finish_build(self, config: MkDocsConfig) -> bool:
        """Feeds, search and cache pruning; True when the search index is to be finished after the build."""
        if self.feeds:
            self.write_feeds(config)
        later = False
        if self.config.search:
            # The first build under `mkdocs serve` indexes every shard: it waits, as a build does.
            later = self.serving and self.search_index is not None and self.served
            if not later:
                self.index_search(config, Path(config.site_dir))
        if self.page_cache is not None:
            self.page_cache.prune()
        return later

    def summarise(self) -> None:
        """One line at the end of every build: what the site holds and how long it took."""
        assert self.site is not None and self.generated is not None
        published = self.site.published
        units = len({unit for story in published for unit in story.units})
        placements = sum(len(story.placements) for story in published)
        pages = len(self.generated.pages) + len(published)
        fresh = f"，其中新生成 {self.page_cache.rendered} 个" if self.page_cache is not None else ""
        log.info(f"完成：稿件 {len(published)} 篇，单位 {units} 个，刊用 {placements} 条，"
                 f"页面 {pages} 个{fresh}，用时 {time.perf_counter() - self.started:.1f} 秒")

    def write_feeds(self, config: MkDocsConfig) -> None:
        assert self.site is not None
        site_dir = Path(config.site_dir)
        settings = self.feed_settings(config)
        categories = self.options.category_names
        covers = {}
        for feed in self.feeds.values():
            for story in feed.stories:
                image = self.images.get(story.cover)
                if image is not None and story.cover not in covers:
                    info = feeds.cover_info(site_dir, image.largest)
                    if info is not None:
                        covers[story.cover] = (image.largest, *info)
        registry = self.site.registry
        shown = repr((settings, registry.groups, registry.units, categories, self.feed_date))
        for feed in self.feeds.values():
            if feed.folder:
                target = site_dir / feed.folder / feeds.SITEMAP
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(feeds.section_sitemap(feed, settings))
            key = self.feed_key(feed, shown, covers)
            cache = self.page_cache
            if key is not None and cache is not None and cache.has(key + ".rss") and cache.has(key + ".atom"):
                cache.place(key + ".rss", site_dir / feed.rss)
                cache.place(key + ".atom", site_dir / feed.atom)
                continue
            rss, atom = feeds.render(feed, settings, registry, categories, self.feed_bodies(feed), covers,
                                     self.feed_date, self.sanitiser)
            for name, data, suffix in ((feed.rss, rss, ".rss"), (feed.atom, atom, ".atom")):
                if key is not None and cache is not None:
                    cache.write(key + suffix, data)
                    cache.place(key + suffix, site_dir / name)
                else:
                    target = site_dir / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
        log.info(f"订阅源：已写入 {2 * len(self.feeds)} 个（RSS 与 Atom）")

    def feed_key(self, feed: feeds.Feed, shown: str, covers: dict[str, tuple[str, int, str]]) -> str | None:
        """A feed's key in the page cache: its stories, each story's page key (which decides the body
        the feed carries) and what else the feed shows; None when some story's page has no key."""
        if self.page_cache is None:
            return None
        keys = [self.page_keys.get(story.src) for story in feed.stories]
        if None in keys:
            return None
        return self.page_cache.key("feed", repr(feed), shown, repr(keys),
                                   repr([covers.get(story.cover) for story in feed.stories]))

    def feed_bodies(self, feed: feeds.Feed) -> dict[str, str]:
        """The HTML of the feed's stories: rendered in this build, or kept beside their cached pages."""
        bodies = {}
        for story in feed.stories:
            key = self.page_keys.get(story.src)
            if story.src in self.bodies:
                bodies[story.src] = self.bodies[story.src]
            elif key is not None and self.page_cache is not None and self.page_cache.has(key + ".body"):
                bodies[story.src] = self.page_cache.read(key + ".body")
        return bodies

    def index_search(self, config: MkDocsConfig, site_dir: Path, fail: bool = True) -> None:
        if self.search_index is None:  # no page cache: index the pages as MkDocs wrote them
            pages = {}
            for url in self.shard_of:
                path = site_dir / url / "index.html"
                if path.is_file():
                    pages[url] = (hashlib.sha256(path.read_bytes()).hexdigest(), path)
            self.start_search(config, pages)
        assert self.search_index is not None
        try:
            summary = self.search_index.finish(site_dir)
        except SearchIndexError as error:
            if not fail:  # in the background under `mkdocs serve`: the preview stays up
                log.error(str(error))
                return
            raise PluginError(str(error)) from None
        fresh = f"，重新索引 {self.search_index.indexed} 个分片" if self.search_index.indexed else ""
        log.info(f"站内搜索：已索引 {summary.pages} 篇稿件（{BUNDLE_DIR}/，{len(self.search_index.futures)} 个分片{fresh}）")
