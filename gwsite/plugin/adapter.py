"""The only module that touches MkDocs' or Material's internals: private names, methods replaced at
run time, the class of a file changed in place, log filters matching MkDocs' message text.

Each function says which MkDocs behaviour it relies on (MkDocs 1.6, Material 9): a move to MkDocs 2,
or off Material (end of life 2027-05), rewrites this file, not the rest of the plugin."""

from __future__ import annotations

import contextlib
import errno
import functools
import html
import logging
import os
import posixpath
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jinja2
import watchdog.events
import watchdog.observers
import watchdog.observers.polling
from mkdocs.commands import build as mkdocs_build
from mkdocs.commands import serve as mkdocs_serve
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler
from mkdocs.utils.meta import get_data as mkdocs_front_matter

from ..files import link_or_copy
from ..problems import PrintableLog

__all__ = ["mkdocs_front_matter"]  # MkDocs' own front-matter cut, to compare a story's with it


class _PlacedPages(logging.Filter):
    """Hides MkDocs' "Page skipped … empty output" for the pages gwsite placed from its cache.
    Relies on the text MkDocs' `_build_page` logs for a page whose template gave nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith("Page skipped: '") and message.endswith("'. Generated empty output."):
            return message[len("Page skipped: '"):-len("'. Generated empty output.")] not in self.pages
        return True


class _StagedSite(logging.Filter):
    """Names the site folder, not the staging folder MkDocs writes into, in "Building documentation to …".
    Relies on the text `mkdocs.commands.build.build` logs after `on_pre_build`."""

    paths: tuple[str, str] | None = None  # (staging folder, site folder) of the build under way

    def filter(self, record: logging.LogRecord) -> bool:
        if self.paths is not None and record.getMessage().startswith("Building documentation to directory: "):
            record.msg, record.args = record.getMessage().replace(*self.paths), ()
        return True


PLACED = _PlacedPages()
STAGED = _StagedSite()
PRINTABLE = PrintableLog()
_BUILD_LOG = "mkdocs.commands.build"  # the logger of MkDocs' build command


def install_log_filters() -> None:
    """At the start of a build: `PLACED` and `STAGED` on the logger of MkDocs' build command.
    Never at import, since MkDocs imports the plugin for `gwsite check` too."""
    logger = logging.getLogger(_BUILD_LOG)
    logger.addFilter(PLACED)
    logger.addFilter(STAGED)


def remove_log_filters() -> None:
    """At the end of a build, successful or not."""
    logger = logging.getLogger(_BUILD_LOG)
    logger.removeFilter(PLACED)
    logger.removeFilter(STAGED)


def printable_log() -> None:
    """Every message MkDocs prints, ours and its own, with control characters escaped (see
    `PrintableLog`): on the handlers, since a logger's filter misses its children's records.
    Relies on MkDocs' command line putting its handlers on the "mkdocs" logger."""
    for handler in logging.getLogger("mkdocs").handlers:
        if PRINTABLE not in handler.filters:
            handler.addFilter(PRINTABLE)


class _KeptLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def keep_build_log() -> list[tuple[str, int, str]]:
    """In a process forked to render pages: what MkDocs, Markdown's extensions and the plugins log
    is kept, not printed, as (logger, level, message), for the build's own process to log (see
    `replay_build_log`): a warning only counts towards `--strict` where MkDocs counts it. Relies on
    MkDocs putting its handlers, its warning counter among them, on the "mkdocs" logger."""
    logger = logging.getLogger("mkdocs")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    kept = _KeptLog()
    logger.addHandler(kept)
    return kept.records


def replay_build_log(records: list[tuple[str, int, str]]) -> None:
    """Log what a forked renderer kept (see `keep_build_log`), as if it were logged here."""
    for name, level, message in records:
        logging.getLogger(name).log(level, "%s", message)


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith(_OWN_LOGGERS):
            self.records.append((record.name, record.levelno, record.getMessage()))


_OWN_LOGGERS = "mkdocs.plugins.gwsite"


@contextlib.contextmanager
def warnings_logged() -> Iterator[list[tuple[str, int, str]]]:
    """The warnings (and errors) MkDocs, Markdown's extensions and other plugins log while the block
    runs, as `keep_build_log` keeps them, for a page taken from the cache to repeat what converting
    it said (a link to a missing file). gwsite's own are left out: it keeps those itself. Relies on
    MkDocs' loggers being under "mkdocs"."""
    handler = _Warnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)


Anchors = tuple[list[str] | None, dict[str, dict[str, str]] | None]


def page_anchors(page: Any) -> Anchors:
    """What MkDocs' check of links to anchors needs of a page converted in another process: the
    anchors it holds and its links to anchors, by the linked file's source path. Relies on
    `Page.render` setting `present_anchor_ids` and `links_to_anchors`, which `build()` reads in
    `Page.validate_anchor_links` once every page is rendered."""
    ids = getattr(page, "present_anchor_ids", None)
    links = getattr(page, "links_to_anchors", None)
    return (sorted(ids) if ids is not None else None,
            {file.src_uri: dict(found) for file, found in links.items()} if links is not None else None)


def link_target(src: str, target: str) -> str:
    """The documentation file that a link to `target` in the page of `src` points to, as MkDocs finds
    it: an absolute link from the documentation's root (`absolute_links: relative_to_docs`), an
    escaped one unescaped. Mirrors `_RelativePathTreeprocessor.path_to_url` and `_target_uri`."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(src), unquote(target)).lstrip("/"))


def records_links_to_anchors() -> bool:
    """Whether MkDocs keeps the pages' links to anchors in this build: `Page.render` sets
    `links_to_anchors` only while its logger is above DEBUG (not under `mkdocs build -v`), and
    `Page.validate_anchor_links` checks nothing without them. A page converted under `-v` has none
    to keep for a build without it, and one converted without `-v` has links a `-v` build skips."""
    return logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG


def check_links_to_anchors(pages: list[File], files: Files, config: MkDocsConfig, changed: set[str]) -> None:
    """What MkDocs' build checks of links to anchors once every page is rendered, for the pages
    whose sources are in `changed` only (the preview's quick rebuild): their links to anchors, and
    every other page's links to their anchors, logged as `build()` logs them. Relies on
    `Page.validate_anchor_links` reading `links_to_anchors`, set again for each page it checks."""
    level = config.validation.links.anchors
    for file in pages:
        page = file.page
        links = page.links_to_anchors if page is not None else None
        if not links:
            continue
        if file.src_uri not in changed:
            links = {target: found for target, found in links.items() if target.src_uri in changed}
        if links:
            checked, page.links_to_anchors = page.links_to_anchors, links
            try:
                page.validate_anchor_links(files=files, log_level=level)
            finally:
                page.links_to_anchors = checked


def put_page_anchors(page: Page, anchors: Anchors, files: Files) -> None:
    """A page's `page_anchors`, found in another process, given to this process's page."""
    ids, links = anchors
    if ids is not None:
        page.present_anchor_ids = set(ids)
    if links is not None:
        targets = {src: files.get_file_from_path(src) for src in links}
        page.links_to_anchors = {file: links[src] for src, file in targets.items() if file is not None}


def strict_failure(config: MkDocsConfig) -> bool:
    """True when `--strict` will abort this build, as MkDocs decides right after `on_post_build`.
    Relies on `build()` counting warnings with a `CountHandler` on the "mkdocs" logger."""
    if not config.strict:
        return False
    return any(isinstance(handler, CountHandler) and handler.get_counts()
               for handler in logging.getLogger("mkdocs").handlers)


class LinkedFile(File):
    """A file from gwsite's cache: hard-linked into the site where the file system allows it, since
    a link costs one directory entry and a copy the whole file (1,800 photo renditions a build).
    Relies on `File.copy_file` being what `Files.copy_static_files` calls, and on `File._content`."""

    kept = False  # already in the staged site from the build before last (see `build.output`)

    def copy_file(self, dirty: bool = False) -> None:
        if self._content is not None or self.abs_src_path is None:
            return super().copy_file(dirty)
        if not self.kept:
            link_or_copy(self.abs_src_path, Path(self.abs_dest_path))


def link_from_cache(file: File, abs_src_path: str) -> None:
    """Make a file of docs_dir a `LinkedFile` of `abs_src_path` in place: MkDocs' nav and links keep
    pointing at the same object. Relies on `File` having no state a subclass would miss."""
    file.abs_src_path = abs_src_path
    file.__class__ = LinkedFile


def move(file: File, dest_uri: str) -> None:
    """Give a file another place in the built site. Relies on `File` caching `url` and
    `abs_dest_path` from `dest_uri` in its `__dict__`."""
    file.dest_uri = dest_uri
    file.__dict__.pop("url", None)
    file.__dict__.pop("abs_dest_path", None)


def _read_nothing(page: Page, meta: dict[str, Any], config: MkDocsConfig) -> None:
    """`Page.read_source` for a page taken from the cache: its meta only, no Markdown to convert."""
    page.markdown, page.meta = "", meta


def _render_nothing(page: Page, config: MkDocsConfig, files: Files) -> None:
    page.content, page.toc = "", []


def skip_conversion(page: Page, meta: dict[str, Any]) -> None:
    """Neither read nor convert a page whose HTML comes from the cache: it keeps `meta` only.
    Relies on MkDocs' `_populate_page` calling `page.read_source` and `page.render`, looked up on the
    object (so an instance attribute replaces them)."""
    page.read_source = functools.partial(_read_nothing, page, meta)  # type: ignore[method-assign]
    page.render = functools.partial(_render_nothing, page)  # type: ignore[method-assign]


def convert_again(page: Page, config: MkDocsConfig, files: Files,
                  read: tuple[str, dict[str, Any]] | None = None) -> None:
    """Read and convert one page again with the plugins' events, as MkDocs' `_populate_page` does
    (undoing `skip_conversion`); `read`: the page's Markdown and meta as `Page.read_source` would
    find them (no other plugin then hears `on_page_read_source`). Relies on `config._current_page`,
    which MkDocs sets around it."""
    page.__dict__.pop("read_source", None)  # a page taken from the cache last time had these replaced
    page.__dict__.pop("render", None)
    config._current_page = page
    try:
        if read is None:
            page.read_source(config)
        else:
            page.markdown, page.meta = read
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        page.render(config, files)
        page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
    finally:
        config._current_page = None


def page_html(env: jinja2.Environment, config: MkDocsConfig, nav: Navigation, doc_files: Any, page: Page) -> str:
    """A converted page through its template and the plugins' page events, as MkDocs' `_build_page`.
    Relies on `config._current_page` and `page.active`, which `_build_page` sets around rendering."""
    config._current_page = page
    page.active = True
    try:
        context = get_context(nav, doc_files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        output = template.render(context)
        output = config.plugins.on_post_page(output, page=page, config=config)
    finally:
        page.active = False
        config._current_page = None
    return output


def escape_nav_titles(items: list[Any]) -> None:
    """The titles mkdocs.yml's nav gives its sections, links and pages, escaped once: MkDocs takes
    them as HTML and Material's tabs, navigation and header (and gwsite's overrides of them) write
    them as they are, so `- "<img src=x onerror=…>": about.md` ran script on every page. A page's
    own title (its heading, its meta) is escaped where gwsite reads it (see `pagehtml`). Relies on a
    nav title being an instance attribute over `Page.title`, MkDocs' `weak_property`, and on
    `Section.title` and `Link.title` being plain attributes."""
    for item in items:
        if isinstance(item, Page):
            if isinstance(item.__dict__.get("title"), str):
                item.title = html.escape(item.__dict__["title"])
        elif isinstance(getattr(item, "title", None), str):
            item.title = html.escape(item.title)
        escape_nav_titles(item.children or [])


def write_sitemap(env: jinja2.Environment, files: Files, config: MkDocsConfig, nav: Navigation) -> None:
    """Write the theme's sitemap.xml (and its .gz) again. Relies on MkDocs' private
    `_build_theme_template`, the only writer of the gzipped copy."""
    mkdocs_build._build_theme_template("sitemap.xml", env, files, config, nav)


def watched_paths(server: Any) -> dict[str, Any] | None:
    """What `mkdocs serve` watches, by reference (paths watched later count too); None if the
    server has changed. Relies on `LiveReloadServer._watched_paths` and its `builder` attribute."""
    watched = getattr(server, "_watched_paths", None)
    return watched if isinstance(watched, dict) and callable(getattr(server, "builder", None)) else None


# The events that tell of a change: not inotify's opened and closed-unwritten, which the build's own
# reading of every story would report (and MkDocs' handler rebuilds on any event but a folder's).
_CHANGES = [watchdog.events.FileCreatedEvent, watchdog.events.FileDeletedEvent, watchdog.events.FileModifiedEvent,
            watchdog.events.FileMovedEvent, watchdog.events.FileClosedEvent, watchdog.events.FileAttribEvent,
            watchdog.events.EventsLostEvent]

# What the native observer raises when the system refuses it more watches or instances, or has none.
_NATIVE_LIMITS = frozenset({errno.ENOSPC, errno.EMFILE, errno.ENFILE, errno.ENOMEM, errno.ENOSYS})


class NativeObserver:
    """watchdog's native observer (inotify on Linux): told of a saved file at once, where MkDocs'
    `PollingObserver` finds it in its next round (every 0.5 s, a stat of every watched file, some
    thousands under a portal). Falls back to polling, as MkDocs has it, when the native one cannot
    start: no inotify, or its limit of watches (`fs.inotify.max_user_watches`) or instances reached.
    The interface `LiveReloadServer` uses of its observer: `schedule`, `unschedule`, `start`, `stop`, `join`."""

    def __init__(self, polling_interval: float, native: Callable[[], Any] = watchdog.observers.Observer) -> None:
        self.polling_interval = polling_interval
        self.active: Any = native()
        self.native = not isinstance(self.active, watchdog.observers.polling.PollingObserver)
        self.scheduled: dict[Any, tuple[Any, str, bool]] = {}  # the first observer's watch → what it watches
        self.watches: dict[Any, Any] = {}  # the first observer's watch → the active observer's

    def schedule(self, handler: Any, path: str, *, recursive: bool = False) -> Any:
        try:
            watch = self.active.schedule(handler, path, recursive=recursive, event_filter=_CHANGES)
        except OSError as error:  # the observer runs already, and the new path passes a limit
            if not self.native or error.errno not in _NATIVE_LIMITS:
                raise
            self.fall_back(started=True)
            watch = self.active.schedule(handler, path, recursive=recursive, event_filter=_CHANGES)
        self.scheduled[watch] = (handler, path, recursive)
        self.watches[watch] = watch
        return watch

    def unschedule(self, watch: Any) -> None:
        self.scheduled.pop(watch, None)
        self.active.unschedule(self.watches.pop(watch, watch))

    def start(self) -> None:
        try:
            self.active.start()
        except OSError as error:
            if not self.native or error.errno not in _NATIVE_LIMITS:
                raise
            self.fall_back(started=False)
            self.active.start()

    def fall_back(self, started: bool) -> None:
        """Polling from now on, of every path watched so far."""
        failed = self.active
        if started:
            failed.stop()
        else:
            failed.unschedule_all()
        self.active = watchdog.observers.polling.PollingObserver(timeout=self.polling_interval)
        self.native = False
        for first, (handler, path, recursive) in self.scheduled.items():
            self.watches[first] = self.active.schedule(handler, path, recursive=recursive, event_filter=_CHANGES)
        if started:
            self.active.start()
        logging.getLogger("mkdocs.plugins.gwsite").warning(
            "无法用系统的文件通知监视改动（inotify 不可用或监视数已达上限 fs.inotify.max_user_watches），"
            "改为定时扫描，预览会慢约半秒")

    def stop(self) -> None:
        self.active.stop()

    def join(self, timeout: float | None = None) -> None:
        if self.active.is_alive():
            self.active.join(timeout)


def watch_natively(server: Any, build_delay: float) -> bool:
    """`mkdocs serve` told of changes by the system (see `NativeObserver`) and waiting `build_delay`
    seconds of quiet, not MkDocs' 0.1, before it rebuilds; False, with the server as it was, if it
    has changed. Relies on `LiveReloadServer.observer` (a `PollingObserver`, not started before
    `serve()`), its `_watched_paths` (path → count, kept by reference) and `_watch_refs`, `watch()`
    scheduling on `self.observer`, and `build_delay`."""
    observer = getattr(server, "observer", None)
    paths, refs = getattr(server, "_watched_paths", None), getattr(server, "_watch_refs", None)
    if not (isinstance(observer, watchdog.observers.polling.PollingObserver) and not observer.is_alive()
            and isinstance(paths, dict) and isinstance(refs, dict) and callable(getattr(server, "watch", None))
            and isinstance(getattr(server, "build_delay", None), (int, float))):
        return False
    counts = dict(paths)
    observer.unschedule_all()
    paths.clear()
    refs.clear()
    server.observer = NativeObserver(observer.timeout)
    for path, count in counts.items():
        for _ in range(count):
            server.watch(path)
    server.build_delay = min(server.build_delay, build_delay)
    return True


def reload_browsers(server: Any) -> None:
    """Browsers showing the preview reload, as after a build, unless a build is under way (its end
    reloads them). Relies on `LiveReloadServer._epoch_cond`, `_visible_epoch` and `_wanted_epoch`
    (a build is under way while they differ) and on the livereload script reloading when the
    visible epoch passes its own."""
    with server._epoch_cond:
        if server._visible_epoch == server._wanted_epoch:
            server._visible_epoch = server._wanted_epoch = max(round(time.monotonic() * 1000), server._visible_epoch + 1)
            server._epoch_cond.notify_all()


def wrap_builder(server: Any, wrap: Callable[[Callable[[], None]], Callable[[], None]]) -> None:
    """The server's rebuild replaced by `wrap(the one it had)`. Relies on `LiveReloadServer.builder`
    being called on every change."""
    server.builder = wrap(server.builder)


def plugins_on_page_events(config: MkDocsConfig, events: tuple[str, ...], plugin: Any) -> list[str]:
    """The class names of other plugins listening to any of `events`. Relies on
    `PluginCollection.events`, MkDocs' lists of bound methods by event name."""
    return sorted({type(getattr(method, "__self__", method)).__name__
                   for event in events for method in config.plugins.events[event]
                   if getattr(method, "__self__", None) is not plugin})


def put_theme_overrides(config: MkDocsConfig, folder: Path) -> None:
    """gwsite's overrides of the theme's templates (Material's partials) ahead of the theme, behind
    the site's own `custom_dir`, so a site can still replace any of them. Relies on MkDocs' `Theme.dirs`,
    the template search path, being a list whose first entry is `custom_dir` when one is set."""
    dirs = config.theme.dirs
    if str(folder) in dirs:
        return
    dirs.insert(1 if config.theme.custom_dir else 0, str(folder))


THEME_BELOW = "gwsite-theme-below/"  # template names for the theme under gwsite's overrides (see `theme_below`)


def theme_below(config: MkDocsConfig, folder: Path) -> jinja2.BaseLoader:
    """A loader of the templates below gwsite's overrides in the theme's search path (Material's),
    under `THEME_BELOW`: an override can include the template it stands in front of. Relies on
    `Theme.dirs` as `put_theme_overrides` does."""
    dirs = config.theme.dirs
    below = dirs[dirs.index(str(folder)) + 1:] if str(folder) in dirs else dirs
    return jinja2.PrefixLoader({THEME_BELOW.rstrip("/"): jinja2.FileSystemLoader(below)})


def relative_base(url: str) -> str:
    """The folder a page's relative links start from, as MkDocs' `get_relative_url` takes it from
    the page's URL: `/news/2024/05/a` for `news/2024/05/a/`, `/x` for `x/a.html`, `/` for the home page."""
    head, tail = posixpath.split(url)
    return posixpath.normpath("/" + (head if "." in tail else url))


def own_404(template: jinja2.Template, custom_dir: str | None) -> bool:
    """Whether the 404.html MkDocs is about to render is the site's own, from its `custom_dir`."""
    return bool(custom_dir and template.filename
                and Path(template.filename).resolve().is_relative_to(Path(custom_dir).resolve()))


def guard_serve_builds(stopped: Callable[[BaseException | None], bool]) -> None:
    """`mkdocs serve`'s builds, its first included, return normally when `stopped(error)` says the
    error that failed the build is the content's (which the preview then shows as a page, see
    `serve_error_page`): the server starts, or reloads the browsers, instead of exiting, or hanging
    on the old site after a traceback. Relies on the `builder` of `mkdocs.commands.serve.serve` calling the module's
    `build` by name, and on `build()` raising `Abort` while it handles the error that failed it."""
    original = getattr(mkdocs_serve.build, "__wrapped__", mkdocs_serve.build)

    @functools.wraps(original)
    def build(*args: Any, **kwargs: Any) -> None:
        try:
            original(*args, **kwargs)
        except Abort as abort:
            if not stopped(abort.__context__):
                raise

    mkdocs_serve.build = build


def unguard_serve_builds() -> None:
    """`mkdocs.commands.serve.build` as MkDocs has it (at the end of `mkdocs serve`)."""
    mkdocs_serve.build = getattr(mkdocs_serve.build, "__wrapped__", mkdocs_serve.build)


def serve_error_page(server: Any, page: Callable[[], str | None]) -> None:
    """While `page()` gives HTML, `mkdocs serve` answers every request with it (with its livereload
    script, so the browser reloads after the next build) but the livereload polls; else it serves the
    site as always. Relies on `LiveReloadServer._serve_request(environ, start_response)` answering
    each request, on its `_epoch_cond`, `_visible_epoch` and `_wanted_epoch` (a build is under way
    while they differ) and on `_inject_js_into_html(content, epoch)`."""
    serve_site = server._serve_request

    def serve_request(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("PATH_INFO", "").startswith("/livereload/"):
            return serve_site(environ, start_response)
        with server._epoch_cond:  # what the build under way will show, as MkDocs waits for it too
            server._epoch_cond.wait_for(lambda: server._visible_epoch == server._wanted_epoch)
            epoch = server._visible_epoch
        html = page()
        if html is None:
            return serve_site(environ, start_response)
        content = server._inject_js_into_html(html.encode("utf-8"), epoch)
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                  ("Content-Length", str(len(content))), ("Cache-Control", "no-store")])
        return [content]

    server._serve_request = serve_request


# Material's markup that the W3C checker refuses or that names the generator, as Material 9.8's
# base.html and nav-item.html write it (none of it in a block a template could override).
_GENERATOR_META = re.compile(r'\n?[ \t]*<meta name="generator" content="[^"<>]*">')
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input [^<>]*type="checkbox"[^<>]*?) autocomplete="off"')
_NAV_LABEL_EMPTY_TABINDEX = re.compile(r'(<label class="md-nav__link[^"<>]*"[^<>]*?) tabindex=""')
_CHINESE = '<html lang="zh" '
MATERIAL_SEARCH_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
MATERIAL_FAVICON = "assets/images/favicon.png"  # `favicon` in Material's mkdocs_theme.yml


def standard_page(html: str) -> str:
    """A page as Material wrote it, made valid HTML for the W3C checker: no `autocomplete` on
    Material's checkbox toggles (only text-like inputs take it), no empty `tabindex` on the labels
    of a nav section; without the generator meta; `lang="zh-CN"` (Material's Chinese says "zh"),
    as the feeds say. Relies on the exact text of Material 9.8's base.html and nav-item.html: if
    Material writes them otherwise, this changes nothing. A story's text is never touched (its code
    may show the same attributes, but never inside a tag)."""
    html = _GENERATOR_META.sub("", html, count=1)
    if 'autocomplete="off"' in html:
        html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    if ' tabindex=""' in html:
        html = _NAV_LABEL_EMPTY_TABINDEX.sub(r"\1", html)
    start = html.find(_CHINESE, 0, 200)
    if start >= 0:
        html = f'{html[:start]}<html lang="zh-CN" {html[start + len(_CHINESE):]}'
    return html


def material_search_unused(config: MkDocsConfig) -> bool:
    """Whether Material's own search (lunr and its worker, about 1.2 MB) is left out of the site: only
    when neither MkDocs' nor Material's search plugin is on."""
    return "search" not in config.plugins and "material/search" not in config.plugins


def drop_unused_material_files(files: Files, config: MkDocsConfig) -> None:
    """Material's lunr search and its web worker out of the site unless a search plugin is on
    (Material's bundle loads them only when its search plugin puts the search dialog in the
    header), and its favicon once gwsite's or the site's own replaced it. Relies on where Material 9
    keeps them among its assets."""
    unused = MATERIAL_SEARCH_FILES if material_search_unused(config) else ()
    if config.theme["favicon"] != MATERIAL_FAVICON:
        unused += (MATERIAL_FAVICON,)
    if not unused:
        return
    for file in list(files):
        theme_file = file.generated_by is None and file.src_dir is not None and \
            os.path.normpath(file.src_dir) != os.path.normpath(config.docs_dir)
        if theme_file and file.src_uri.startswith(unused):
            files.remove(file)


MATERIAL_FONT = {"text": "Roboto", "code": "Roboto Mono"}  # `font` in Material's mkdocs_theme.yml


def no_web_fonts(config: MkDocsConfig) -> Any:
    """Material's Google Fonts left out: unless `theme.font` is false, Material's base.html makes every
    page load fonts.googleapis.com and fonts.gstatic.com (a third-party host, unreachable from many
    Chinese networks), and writes the font's name into a <style> as it is. The portal's text is set
    in gwsite's Chinese font stack (gwsite.css). Returns the font the site named itself, else None.
    Relies on MkDocs' `Theme` taking items like a dict and Material's default font."""
    font = config.theme.get("font")
    if font is False:
        return None
    config.theme["font"] = False
    return None if font in (None, MATERIAL_FONT) else font


def default_favicon(config: MkDocsConfig, favicon: str) -> None:
    """`favicon` in place of Material's own when the site names none (`theme.favicon` then holds
    Material's default, and the site has no file of that name that would replace Material's).
    Relies on MkDocs' `Theme` taking items like a dict."""
    if config.theme["favicon"] == MATERIAL_FAVICON and not (Path(config.docs_dir) / MATERIAL_FAVICON).is_file():
        config.theme["favicon"] = favicon
