"""`mkdocs serve`'s quick rebuild: an edit to stories alone re-renders only what it changes, into
the live preview, instead of a whole build; the search index catches up in the background."""

from __future__ import annotations

import dataclasses
import functools
import gc
import os
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page

from ..content.duplicates import placement_key
from ..content.duplicates import story_key as duplicate_story_key
from ..content.loading import build_now, shown_path
from ..content.reader import read_story
from ..content.story import Story, StoryContext
from ..files import file_stamp, write_atomically
from ..problems import Problem, Severity
from ..project import cache_folder
from ..views.generate import GeneratedSite
from . import adapter, publishing
from .derive import derive
from .rendering import PRERENDERED, keep_anchors, keep_warnings, page_digest, story_key
from .reporting import report
from .sitefiles import date_pages
from .staging import release_lock, take_lock
from .state import BuildState, Derived, Session

log = get_plugin_logger(__name__)

# Seconds without a further change before the server rebuilds (MkDocs waits 0.1): an editor's save,
# even one written to a temporary file then renamed, is done within milliseconds, and a change
# arriving during the rebuild starts another.
BUILD_DELAY = 0.05

# Seconds the work left to the background after a quick update waits: the browsers reload
# meanwhile, served without a busy thread beside the server's.
PAINT_TIME = 0.3

class Reread(NamedTuple):
    """An edited story read again under `mkdocs serve`, and its problems now."""

    story: Story
    problems: list[Problem]


Fresh = dict[str, Reread]  # by story source


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


def quick_builder(session: Session, current: Callable[[], BuildState],
                  full: Callable[[], None]) -> Callable[[], None]:
    """The server's rebuild: the quick one when it can (see `quick_rebuild`), else MkDocs' `full` one.
    `current` gives the last build's state."""
    def rebuild() -> None:
        # The quick path makes few cycles, and collecting them in a process that holds a whole
        # site walks every object it holds: collect after it.
        session.catch_up.wait_for_background()  # the last edit's listings and rankings, see `catch_up`
        gc.disable()
        try:
            build = current()
            if session.rendered is not None:  # a `mkdocs build` of the project may be running
                take_lock(session, session.rendered.config, build.settings.lock_timeout)
            quick = quick_rebuild(build)
        except Exception:  # noqa: BLE001 - whatever went wrong, the whole build does it right or says why
            log.debug("快速更新失败，改为完整生成：\n" + traceback.format_exc())
            quick = False
        finally:
            gc.enable()
            release_lock(session)
        if not quick:
            full()
    return rebuild


def watch(session: Session, watched: dict[str, Any]) -> None:
    """Keep MkDocs' watched paths (by reference: paths watched later count too) and their state now."""
    session.watched = watched
    session.baseline = snapshot(watched)


def changed_stories(build: BuildState, config: MkDocsConfig) -> tuple[dict[str, Any], dict[str, Story | None]] | None:
    """The watched files now, and the stories changed since the last build; None unless every changed
    file is a published story of the site."""
    session, rendered = build.session, build.session.rendered
    assert session.baseline is not None and rendered is not None
    after = snapshot(session.watched)
    before = session.baseline
    changed = sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
    docs_dir = Path(config.docs_dir).resolve()
    sources = [Path(path).relative_to(docs_dir).as_posix() if Path(path).is_relative_to(docs_dir) else ""
               for path in changed]
    stories = {src: build.stories.get(src) for src in sources}
    if not changed or any(story is None or story.draft or rendered.files.get_file_from_path(src) is None
                          for src, story in stories.items()):
        return None
    return after, stories


def quick_rebuild(build: BuildState) -> bool:
    """Re-render only what an edit to stories changes, into the live preview: False, and nothing
    written, unless every file that changed since the last build is a published story that is
    still valid and keeps its address, and the site keeps the same pages (see `Derived.outline`).
    MkDocs then builds everything, as it always does.

    An edit to a story's text re-renders that story, the feeds that carry it and its search
    shard. An edit to its front-matter (a title, tags, a placement) also re-renders the listings,
    rankings, unit pages and neighbouring stories whose data it changes."""
    started = time.perf_counter()
    session = build.session
    config = session.rendered.config if session.rendered is not None else None
    if not build.quick_ready or session.baseline is None or config is None or config.strict:
        return False  # the last build failed, or `--strict`, which only a whole build can honour
    found = changed_stories(build, config)
    if found is None:
        return False
    after, stories = found
    assert build.site is not None
    docs_dir = Path(config.docs_dir).resolve()
    root = Path(config.config_file_path).parent.resolve() if config.config_file_path else docs_dir.parent
    context = StoryContext(docs_dir, build.site.registry, build.options, build_now(build.options.timezone),
                           shown_path(docs_dir, root))
    read = read_again(build, context, stories)
    if read is None:
        return False  # the whole build reports it, and keeps the preview as it was
    fresh, text_only = read
    shown = None if text_only else display_only(build, context, fresh)
    if text_only or shown == "summary":
        # The story's own page now; what else shows its summary (listings, the home page) just after.
        rendered = [src for src in stories if refresh_story(build, config, docs_dir, fresh[src].story)]
        what = "正文"
    else:
        restated = restate(build, config, context, fresh, stale_rankings=shown == "title")
        if restated is None:
            return False
        rendered, what = restated, "内容"
    if shown is not None:  # the listings (a summary), or the rankings and unit pages (a title), and the feeds
        later(build, config, context, fresh)
    publish_again(build, config, rendered, feeds=shown is None)
    assert session.rendered is not None
    adapter.check_links_to_anchors(session.rendered.served_pages, session.rendered.files, config, set(rendered))
    session.baseline = after
    log.info(f"快速更新：{len(stories)} 篇稿件的{what}有改动，只重新生成了受影响的 {len(rendered)} 个页面，"
             f"用时 {time.perf_counter() - started:.2f} 秒；订阅源和搜索索引随后更新")
    return True


def display_only(build: BuildState, context: StoryContext, fresh: Fresh) -> str | None:
    """"summary" when the edited stories changed their summaries alone (an edit to the first
    paragraph), "title" when their titles too, and nothing else of their data or problems; else None."""
    assert build.site is not None
    changed = set()
    for src, (story, problems) in fresh.items():
        old = build.stories[src]
        if repr(dataclasses.replace(story, title=old.title, summary=old.summary)) != repr(old):
            return None
        if [str(p) for p in problems] != [str(p) for p in build.site.problems if p.path == context.shown(src)]:
            return None
        changed |= {"title"} if story.title != old.title else set()
        changed |= {"summary"} if story.summary != old.summary else set()
    return "title" if "title" in changed else "summary" if changed else None


def later(build: BuildState, config: MkDocsConfig, context: StoryContext, fresh: Fresh) -> None:
    """After the preview shows the edited stories: every other page that shows them (see `catch_up`)."""
    build.session.catch_up.in_background(functools.partial(catch_up, build, config, context, fresh), PAINT_TIME)


def catch_up(build: BuildState, config: MkDocsConfig, context: StoryContext, fresh: Fresh) -> None:
    """In the background, after a quick update that showed a story's page (and for a new title its
    listings): the listings, rankings, unit pages, data files and feeds that show its summary or
    title, then the browsers reloaded. The next rebuild waits for it (see `quick_builder`)."""
    started = time.perf_counter()
    try:
        rendered = restate(build, config, context, fresh)
    except Exception:
        build.quick_ready = False  # half done: the next save builds everything (the error is logged)
        raise
    if rendered is None:  # a title or summary never changes which pages exist; if it did, the next build shows it
        log.warning("快速更新未能更新列表与排行页面，保存任一文件即完整生成")
        build.quick_ready = False
        return
    if build.feeds:  # the edited story's text too, whatever else changed
        publishing.write_feeds(build, config)
    if build.session.reload is not None:
        build.session.reload()
    log.info(f"快速更新（后台）：又重新生成了 {len(rendered)} 个页面，用时 {time.perf_counter() - started:.2f} 秒")


def read_again(build: BuildState, context: StoryContext,
               stories: dict[str, Story | None]) -> tuple[Fresh, bool] | None:
    """The edited stories read again, and whether only their text changed (their fields and problems
    as before); None if one has an error now."""
    assert build.site is not None
    fresh: Fresh = {}
    text_only = True
    for src, old in stories.items():
        story, problems = read_story(context.docs_dir / src, context)
        if story is None or any(problem.severity is Severity.ERROR for problem in problems.items):
            return None
        reported = [str(p) for p in build.site.problems if p.path == context.shown(src)]
        text_only = text_only and repr(story) == repr(old) and [str(p) for p in problems.items] == reported
        fresh[src] = Reread(story, problems.items)
    if copies(build, fresh):
        return None  # a story or placement recorded twice: an error across files, which the whole build reports
    return fresh, text_only


def copies(build: BuildState, fresh: Fresh) -> bool:
    """Whether an edited story copies another published story, or records one of its placements
    (see `content.duplicates`). The last build had no copy (one is an error): a new one names an
    edited story, so only the edited stories' keys are looked up among the others'. Each story's
    keys are kept in the session while it is the same object (most stay so between quick updates)."""
    assert build.site is not None
    known = build.session.duplicate_keys
    kept: dict[int, tuple[Story, tuple[Any, ...], tuple[Any, ...]]] = {}
    others_story: set[Any] = set()
    others_placement: set[Any] = set()
    for story in build.site.stories:
        if story.draft or story.src in fresh:
            continue
        entry = known.get(id(story))
        if entry is None or entry[0] is not story:
            entry = (story, duplicate_story_key(story),
                     tuple({key for key in map(placement_key, story.placements) if key is not None}))
        kept[id(story)] = entry
        others_story.add(entry[1])
        others_placement.update(entry[2])
    build.session.duplicate_keys = kept
    edited = [reread.story for reread in fresh.values() if not reread.story.draft]
    story_keys = [duplicate_story_key(story) for story in edited]
    placement_keys = [{key for key in map(placement_key, story.placements) if key is not None} for story in edited]
    if len(set(story_keys)) < len(story_keys) or others_story.intersection(story_keys):
        return True
    for index, keys in enumerate(placement_keys):
        if keys & others_placement or any(keys & later for later in placement_keys[index + 1:]):
            return True
    return False


def publish_again(build: BuildState, config: MkDocsConfig, rendered: list[str], feeds: bool = True) -> None:
    """The `feeds` (else a `catch_up` writes them) and the search index of the pages `rendered`, in
    the background: the preview shows the pages first."""
    live = Path(config.site_dir)
    if feeds and rendered and build.feeds:
        build.session.catch_up.in_background(functools.partial(publishing.write_feeds, build, config), PAINT_TIME)
    if rendered and build.settings.search:
        keys = dict(build.page_keys)  # as they are now: the next rebuild changes them
        index = functools.partial(publishing.reindex, build, config, keys, live)
        build.session.background.in_background(functools.partial(after_catch_up, build.session, index), PAINT_TIME)


def after_catch_up(session: Session, job: Callable[[], None]) -> None:
    """`job` once the catch-up of the same edit is done: the search index's log line then tells
    that everything the edit changes is in the preview."""
    session.catch_up.wait_for_background()
    job()


def restate(build: BuildState, config: MkDocsConfig, context: StoryContext, fresh: Fresh,
            stale_rankings: bool = False) -> list[str] | None:
    """An edit to stories' front-matter under `mkdocs serve`: make listings, rankings, feeds and
    shards again from the edited stories and re-render every page whose data changed; the
    pages rendered, or None, with nothing changed, when the edit changes which pages exist.
    `stale_rankings`: the last rankings kept (a new title only; see `catch_up`)."""
    assert build.derived is not None and build.page_cache is not None and build.session.memo is not None
    rendered_with = build.session.rendered
    assert rendered_with is not None
    previous = build.derived
    shown = {context.shown(src) for src in fresh}
    site = dataclasses.replace(
        previous.site,
        stories=[fresh[story.src].story if story.src in fresh else story for story in previous.site.stories],
        problems=[p for p in previous.site.problems if p.path not in shown]
        + [p for _, problems in fresh.values() for p in problems])
    known = {page.src: page_digest(page, build.session.memo.digests) for page in previous.generated.pages}
    derived = derive(build, config, site, context.now.date(), cache_folder(config), persist=False,
                     stale_rankings=stale_rankings)
    if derived.outline() != previous.outline():
        return None
    build.derived = derived
    report([p for _, problems in fresh.values() for p in problems])
    new = derived.generated
    rendered_with.env.globals.update(gwsite_top=new.top, gwsite_home=new.home, gwsite_feed=build.feeds.get(""))
    rendered = refresh_neighbours(build, config, previous, fresh)
    rendered += refresh_generated(build, config, previous.generated, new, known)
    if not stale_rankings:  # a new title changes no date; `catch_up` redates anyway
        redate(build, config)
    write_changed_files(build, config, previous.generated, new)
    return rendered


def refresh_neighbours(build: BuildState, config: MkDocsConfig, previous: Derived, fresh: Fresh) -> list[str]:
    """The edited stories and every story whose neighbours changed, rendered again."""
    assert build.generated is not None
    old, new = previous.generated, build.generated

    def around(generated: GeneratedSite, src: str) -> tuple[str | None, ...]:
        return tuple(n.src if n is not None else None for n in generated.neighbours.get(src, (None, None)))

    affected = set(fresh) | {src for src in new.neighbours
                             if around(new, src) != around(old, src) or set(around(new, src)) & fresh.keys()}
    docs_dir = Path(config.docs_dir).resolve()
    return [src for src in sorted(affected) if refresh_story(build, config, docs_dir, build.stories[src])]


def refresh_generated(build: BuildState, config: MkDocsConfig, old: GeneratedSite, new: GeneratedSite,
                      known: dict[str, str | None]) -> list[str]:
    """gwsite's pages whose data changed, and the pages that show the home page's data, rendered again."""
    rendered_with, cache = build.session.rendered, build.page_cache
    assert rendered_with is not None and cache is not None and build.session.memo is not None
    digests = build.session.memo.digests
    rendered = []
    for page in new.pages:
        file = rendered_with.files.get_file_from_path(page.src)
        digest = page_digest(page, digests)
        if file is None or file.page is None or (digest is not None and digest == known.get(page.src)):
            continue
        key = None if digest is None else cache.key("page", page.src, page.markdown(), digest, build.images_signature)
        refresh_page(build, config, file.page, key)  # no key: a page rendered in every build
        rendered.append(page.src)
    if repr((new.top, new.home)) != repr((old.top, old.home)):  # the home page, or a site's own page showing them
        for file in rendered_with.served_pages:
            if file.src_uri not in build.page_keys and file.src_uri not in build.pages and file.page is not None:
                refresh_page(build, config, file.page, None)
                rendered.append(file.src_uri)
    return rendered


def redate(build: BuildState, config: MkDocsConfig) -> None:
    """The pages' dates again, and the sitemap if one changed."""
    rendered_with = build.session.rendered
    assert rendered_with is not None and build.nav is not None
    served = rendered_with.served_pages
    dated = {file.src_uri: file.page.update_date for file in served if file.page}
    date_pages(build, rendered_with.files)
    if any(file.page.update_date != dated.get(file.src_uri) for file in served
           if file.page) and "sitemap.xml" in config.theme.static_templates:
        adapter.write_sitemap(rendered_with.env, rendered_with.files, config, build.nav)  # and its .gz


def write_changed_files(build: BuildState, config: MkDocsConfig, old: GeneratedSite, new: GeneratedSite) -> None:
    """The data files (exports) whose content changed, into the live preview."""
    rendered_with = build.session.rendered
    assert rendered_with is not None
    shipped = {data.dest: data.content for data in old.files}
    for data in new.files:
        if shipped.get(data.dest) != data.content:
            file = rendered_with.files.get_file_from_path(data.dest)
            if file is not None:
                file.content_string = data.content
            write_atomically(Path(config.site_dir) / data.dest, data.content.encode("utf-8"))


def refresh_story(build: BuildState, config: MkDocsConfig, docs_dir: Path, story: Story) -> bool:
    """Convert and render one story again, as MkDocs' build would, and put it in the live site;
    False when its key shows nothing it is made from changed."""
    rendered_with = build.session.rendered
    assert build.page_cache is not None and rendered_with is not None
    file = rendered_with.files.get_file_from_path(story.src)
    key = story_key(build, build.page_cache, docs_dir, story, rendered_with.files)
    if key is None:
        raise PluginError(f"无法读取 {story.src}")
    if key == build.page_keys.get(story.src):
        return False  # saved again unchanged
    refresh_page(build, config, file.page, key)
    return True


def refresh_page(build: BuildState, config: MkDocsConfig, page: Page, key: str | None) -> None:
    """Convert and render one page again, as MkDocs' build would, into the live site; through
    the page cache when the page has a `key`."""
    rendered_with = build.session.rendered
    assert build.page_cache is not None and rendered_with is not None and build.nav is not None
    src = page.file.src_uri
    if key is not None:
        build.page_keys[src] = key
    build.cached.discard(src)
    with adapter.warnings_logged() as warned:
        adapter.convert_again(page, config, rendered_with.files)
    if key is not None and src in build.stories:
        keep_warnings(build, key, warned)
    if key is not None:
        keep_anchors(build, key, adapter.page_anchors(page))
    output = adapter.page_html(rendered_with.env, config, build.nav, rendered_with.served_pages, page)
    target = Path(config.site_dir) / page.file.dest_uri
    if key is None:  # a page MkDocs renders in every build
        write_atomically(target, output.encode("utf-8", errors="xmlcharrefreplace"))
        return
    build.page_cache.write(key, output)
    if src in build.bodies:
        build.page_cache.write(key + ".body", build.bodies[src])
    build.page_cache.place(key, target)
    page.meta["template"], page.content = PRERENDERED, ""
    build.cached.add(src)

