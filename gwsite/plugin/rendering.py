"""The page cache in a build: each page's key, pages taken from the cache, and the pages the cache
lacks rendered by gwsite itself (on several processes for a first build), then kept."""

from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import signal
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import BuildError, PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..build.os_errors import describe_os_error
from ..build.pagecache import PageCache, config_signature, local_links, templates_signature
from ..build.search import GRAM_PAGES, SEARCH_PAGE, keep_gram_page
from ..content.story import Story
from ..problems import Problem, Severity
from ..progress import Progress
from ..project import cache_folder
from ..views.generated import GeneratedPage
from ..views.story import story_view
from . import adapter
from .pagehtml import STORY_TEMPLATE, SharedParts, checked_read, current_tab, gw_picture, story_page_meta
from .reporting import report
from .state import BuildState

log = get_plugin_logger(__name__)

PRERENDERED = "gwsite/prerendered.html"
# Another plugin listening to any of these sees every page as MkDocs renders it: no page cache then.
PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content", "page_context", "post_page")
FORK_AT_LEAST = 400  # pages: fewer render faster than a fork starts


def render_forked(pages: list[Page], render: Callable[[Page], None], jobs: int, progress: Progress,
                  files: Files | None = None) -> None:
    """`render` every page, on `jobs` processes forked from this one (which holds the whole site).
    What the other processes log is logged here once they are done (see `adapter.keep_build_log`),
    so that their warnings count towards `--strict` as this process's do; with `files`, the anchors
    of the pages they converted and their links to anchors are given to this process's pages (see
    `adapter.page_anchors`), for MkDocs to check the links as it would have. A story refused while
    another process converts it (a `BuildError`: changed since its check) stops the build with its
    own message, as it would in this process; if this process's share fails, the others are stopped."""
    children: list[tuple[int, Any]] = []
    try:
        for part in range(1, jobs):
            kept = tempfile.TemporaryFile()
            pid = os.fork()
            if pid == 0:  # the child: its share, then leave without running the parent's exit handlers
                _render_share(pages[part::jobs], render, kept)
            children.append((pid, kept))
        mine = pages[0::jobs]
        for done, page in enumerate(mine, 1):
            render(page)
            progress(min(done * jobs, len(pages)), len(pages))
    except BaseException:
        for pid, kept in children:  # the build stops: their pages would be written nowhere
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            kept.close()
        raise
    failed, refused = False, None
    for part, (pid, kept) in enumerate(children, 1):
        failed |= os.waitpid(pid, 0)[1] != 0
        with kept:
            kept.seek(0)
            try:
                outcome = json.loads(kept.read().decode("utf-8") or "{}")
                adapter.replay_build_log(outcome["log"])
                refused = refused or outcome["refused"]
                if files is not None:
                    for page, (ids, links) in zip(pages[part::jobs], outcome["anchors"]):
                        adapter.put_page_anchors(page, (ids, links), files)
            except (ValueError, KeyError, TypeError):  # a process killed while writing: its failure is reported below
                failed = True
    if refused:
        raise PluginError(refused)
    if failed:
        raise PluginError("生成页面时出错，详见上面的信息")


def _render_share(pages: list[Page], render: Callable[[Page], None], kept: Any) -> None:
    """A forked renderer's work (see `render_forked`): its pages, and its log, its pages' anchors and
    its refusal kept in `kept` for the build's process; never returns."""
    status, refused, anchors = 0, None, []
    records = adapter.keep_build_log()
    try:
        for page in pages:
            render(page)
            anchors.append(adapter.page_anchors(page))
    except OSError as error:  # a full disk: said once in Chinese, and the parent fails the build
        log.error(describe_os_error(error))
        status = 1
    except BuildError as error:  # bad input: said by the parent, as MkDocs says it, without a traceback
        refused = str(error) or type(error).__name__
        status = 1
    except BaseException:  # noqa: BLE001 - reported, and the parent fails the build
        traceback.print_exc()
        status = 1
    finally:
        try:
            outcome = {"log": records, "refused": refused, "anchors": anchors}
            kept.write(json.dumps(outcome, ensure_ascii=False).encode("utf-8"))
            kept.flush()
        finally:
            os._exit(status)


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
        if same is not None and page.src in known and (same.data is page.data or same.data == page.data):
            result[page.src] = known[page.src]
        else:
            result[page.src] = data_digest(page)
    return result


def page_digest(page: GeneratedPage, digests: dict[str, str | None]) -> str | None:
    """A generated page's data digest: kept with `generate()`'s memo, else (the search page) made now."""
    return digests[page.src] if page.src in digests else data_digest(page)


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


def key_pages(build: BuildState, plugin: Any, nav: Navigation, config: MkDocsConfig, files: Files) -> None:
    """Key every story and generated page by what it is made from (see `pagecache`)."""
    if not (build.settings.cache and build.generated is not None and build.site is not None):
        return
    others = adapter.plugins_on_page_events(config, PAGE_EVENTS, plugin)
    if others:
        log.info(f"其他插件（{'、'.join(others)}）也处理页面，本次不使用页面缓存")
        return
    images = build.images_signature = repr(sorted((path, repr(o)) for path, o in build.images.outcomes.items()))
    feeds_shown = repr(sorted((f.folder, f.title, f.rss, f.atom) for f in build.feeds.values()))
    signature = "\n".join((config_signature(config), templates_signature(config.theme.dirs), nav_signature(nav),
                           feeds_shown, repr(build.links), repr(build.settings.search),
                           repr(adapter.records_links_to_anchors())))
    cache = PageCache(cache_folder(config) / "pages" / build.session.mode, signature, build.verifier)
    docs_dir = Path(config.docs_dir)
    for src, story in build.stories.items():
        if story.draft or files.get_file_from_path(src) is None:
            continue
        key = story_key(build, cache, docs_dir, story, files)
        if key is not None:  # else MkDocs reports the unreadable file when it reads the page
            build.page_keys[src] = key
    digests = build.session.memo.digests if build.session.memo else {}
    for page in build.generated.pages:
        digest = page_digest(page, digests)
        if digest is not None:
            build.page_keys[page.src] = cache.key("page", page.src, page.markdown(), digest, images)
    build.page_cache = cache


def story_key(build: BuildState, cache: PageCache, docs_dir: Path, story: Story, files: Files) -> str | None:
    """A story page's key: its source, what it shows of other stories, its images and links."""
    assert build.site is not None and build.generated is not None
    src = story.src
    text = build.session.story_text(docs_dir / src)
    if text is None:
        return None
    view = story_view(story, build.site.registry, build.options, build.generated.neighbours.get(src, (None, None)))
    build.views[src] = view
    used = repr([(use.path, repr(build.images.outcomes.get(use.path))) for use in story.images])
    links = []
    for target in local_links(text):
        found = files.get_file_from_path(adapter.link_target(src, target))
        links.append((target, found.url if found else None))
    return cache.key("story", src, text, repr(view), used, repr(links))


def reusable(build: BuildState, src: str, key: str) -> bool:
    """Whether the page under `key` is in the cache, whole, with what a page keeps beside it: its
    anchors when they were written and are now damaged; a story's feed body while there are feeds
    (a feed must never lose a story's text), and its sanitiser warning and log likewise."""
    assert build.page_cache is not None
    cache = build.page_cache
    if not cache.has(key):
        return False
    if src not in build.stories:
        return cache.has(key + ".anchors") or key + ".anchors" not in cache.damaged
    if build.feeds and not cache.has(key + ".body"):
        return False
    return all(cache.has(kept) or kept not in cache.damaged
               for kept in (key + ".unsafe", key + ".log", key + ".anchors"))


def take_from_cache(build: BuildState, page: Page, files: Files) -> None:
    """A page whose key is in the cache is neither converted nor rendered: the cached HTML is written;
    any other page with a key is rendered by gwsite (see `render_uncached`). The page's anchors and
    links to anchors come back from beside it (see `keep_anchors`), for MkDocs to check links to
    anchors as when it was converted: a story may link to a heading of a listing or ranking page."""
    src = page.file.src_uri
    key = build.page_keys.get(src)
    if key is None or build.page_cache is None:
        return
    story = build.stories.get(src)
    if not reusable(build, src, key):
        build.to_render.append(page)
        if story is not None:
            defer_conversion(build, page, story)
        return
    generated = build.pages.get(src)
    title = story.title if story is not None else generated.title if generated is not None else ""
    meta: dict[str, Any] = {"title": html.escape(title), "template": PRERENDERED}
    if story is not None:
        meta = {**story_page_meta(story), "template": PRERENDERED}
        if build.page_cache.has(key + ".unsafe"):  # the sanitiser's warning, as when it was rendered
            path, line, field, message, severity = json.loads(build.page_cache.read(key + ".unsafe"))
            report([Problem(path, line, field, message, Severity(severity))])
        if build.page_cache.has(key + ".log"):  # MkDocs' own warnings, as when it was converted
            adapter.replay_build_log(json.loads(build.page_cache.read(key + ".log")))
    anchors = key + ".anchors"  # its anchors and links to anchors, as when it was converted
    ids, links = json.loads(build.page_cache.read(anchors)) if build.page_cache.has(anchors) else ([], {})
    adapter.put_page_anchors(page, (ids, links), files)
    adapter.PLACED.pages.add(src)
    adapter.skip_conversion(page, meta)
    build.cached.add(src)


def defer_conversion(build: BuildState, page: Page, story: Story) -> None:
    """A story the cache lacks is read and converted where it is rendered (`render_into_cache`), on
    every core for a first build, not by MkDocs on this one: MkDocs sees its checked meta only."""
    adapter.skip_conversion(page, {**story_page_meta(story), "template": STORY_TEMPLATE})
    build.deferred.add(page.file.src_uri)


def converted_elsewhere(build: BuildState, page: Page) -> bool:
    """Whether MkDocs' reading and converting of `page` is not the page's own: taken from the cache,
    or deferred to its renderer (the plugin's page events do nothing then)."""
    src = page.file.src_uri
    return src in build.cached or src in build.deferred


def place_prerendered(build: BuildState, page: Page) -> str:
    """For the `gwsite/prerendered.html` template: put the page's HTML from the cache into the
    site, and give MkDocs nothing to write (an empty page is one MkDocs skips)."""
    assert build.page_cache is not None
    if build.output is None or page.file.dest_uri not in build.output.kept:
        build.page_cache.place(build.page_keys[page.file.src_uri], Path(page.file.abs_dest_path))
    return ""


def search_cache(build: BuildState, config: MkDocsConfig) -> Path:
    """The search index's cache folder (see `ShardedIndex`)."""
    return cache_folder(config) / "search" / build.session.mode


def gram_folder(build: BuildState, config: MkDocsConfig) -> Path | None:
    """Where the story pages' renderers keep each story's gram page (`search.keep_gram_page`); None
    without site search."""
    return search_cache(build, config) / GRAM_PAGES if build.settings.search else None


def render_uncached(build: BuildState, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> None:
    """Render the pages the cache did not have, exactly as MkDocs would, and keep them.

    Many pages (a first build) are rendered on every core: the build forks, each process
    renders its share straight into the cache, and MkDocs then writes them all from there. Each
    story's gram page for the search index is made there too (see `search.keep_gram_page`)."""
    if build.page_cache is None or build.nav is None:
        return
    inclusion = InclusionLevel.is_in_serve if build.session.serving else InclusionLevel.is_included
    render = functools.partial(render_into_cache, build, env, config, files, files.documentation_pages(inclusion=inclusion),
                               grams=gram_folder(build, config))
    pages = build.to_render
    progress = Progress("正在生成页面", at_least=200)
    jobs = min(os.cpu_count() or 1, 8) if hasattr(os, "fork") and len(pages) >= FORK_AT_LEAST else 1
    if jobs > 1:
        render_forked(pages, render, jobs, progress, files)
        build.page_cache.refresh()  # the other processes' entries
    else:
        for done, page in enumerate(pages, 1):
            render(page)
            progress(done, len(pages))
    for page in pages:
        src = page.file.src_uri
        adapter.PLACED.pages.add(src)
        page.meta["template"] = PRERENDERED
        page.content = ""
        build.cached.add(src)
    build.deferred.clear()
    build.page_cache.rendered += len(pages)


def render_into_cache(build: BuildState, env: jinja2.Environment, config: MkDocsConfig, files: Files,
                      doc_files: Any, page: Page, grams: Path | None = None) -> None:
    """What MkDocs' `_build_page` does, into the page cache instead of `site/`; with `grams` (the
    search cache's gram pages), a story the search indexes gets its gram page there too."""
    assert build.page_cache is not None and build.nav is not None
    src = page.file.src_uri
    key = build.page_keys[src]
    if src in build.deferred:  # see `defer_conversion`; no other plugin hears the page's events then
        build.deferred.discard(src)
        read = checked_read(build, page)
        with adapter.warnings_logged() as warned:
            adapter.convert_again(page, config, files, read[1:] if read is not None else None)
        keep_warnings(build, key, warned)
    keep_anchors(build, key, adapter.page_anchors(page))  # a page of gwsite's is converted by MkDocs
    html_text = adapter.page_html(env, config, build.nav, doc_files, page)
    build.page_cache.write(key, html_text)
    if src in build.bodies:  # the feeds' copy of the story's text, kept beside its page
        build.page_cache.write(key + ".body", build.bodies[src])
    story = build.stories.get(src)
    if grams is not None and story is not None and story.url in build.shard_of:
        keep_gram_page(grams, story.url, key, html_text)


def keep_warnings(build: BuildState, key: str, warned: list[tuple[str, int, str]]) -> None:
    """What converting a story logged (see `adapter.warnings_logged`), kept beside its page for the
    builds that take it from the cache: a warning counts towards `--strict` in every build."""
    if warned and build.page_cache is not None:
        build.page_cache.write(key + ".log", json.dumps(warned, ensure_ascii=False))


def keep_anchors(build: BuildState, key: str, anchors: adapter.Anchors) -> None:
    """A converted page's anchors and links to anchors (`adapter.page_anchors`), kept beside it
    when it has any, for the builds that take it from the cache (`take_from_cache`): MkDocs checks
    every link to an anchor once all pages are rendered, and would skip a page it never converted.
    None kept means none: the cache's keys change with gwsite's code, so no older page lacks it."""
    ids, links = anchors
    if (ids or links) and build.page_cache is not None:
        build.page_cache.write(key + ".anchors", json.dumps([ids or [], links or {}], ensure_ascii=False))


def template_globals(build: BuildState) -> dict[str, Any]:
    """What gwsite's templates find besides the page: the home page's data, links, feeds, photos."""
    shown: dict[str, Any] = {}
    if build.generated is not None:
        shown.update(gwsite_top=build.generated.top, gwsite_home=build.generated.home)
    return {**shown, "gwsite_links": build.links,
            "gwsite_friend_links": build.settings.friend_links,  # 友情链接 on the home page
            "gwsite_footer": build.settings.footer.lines(),  # the institutional footer's lines
            "gwsite_feed": build.feeds.get(""),  # the site's own pair, if written
            "gwsite_search": SEARCH_PAGE.removesuffix("index.md") if build.settings.search else None,
            "gw_image": build.images.get, "gw_picture": gw_picture, "gwsite_tab": current_tab,
            "gw_prerendered": functools.partial(place_prerendered, build),
            "gw_shared": SharedParts(build.nav).render}
