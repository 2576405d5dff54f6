"""What gwsite writes beside the pages once they are rendered: the RSS and Atom feeds (through the
page cache) and the site search's sharded index."""

from __future__ import annotations

import hashlib
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from ..build import feeds
from ..build.search import BUNDLE_DIR, SearchIndexError, Shard, ShardedIndex
from .derive import feed_settings
from .rendering import search_cache
from .state import BuildState

log = get_plugin_logger(__name__)


def finish(build: BuildState, config: MkDocsConfig) -> bool:
    """Feeds, search and cache pruning; True when the search index is to be finished after the build."""
    if build.feeds:
        write_feeds(build, config)
    later = False
    if build.settings.search:
        # The first build under `mkdocs serve` indexes every shard: it waits, as a build does.
        later = build.session.serving and build.search_index is not None and build.session.served
        if not later:
            index_search(build, config, Path(config.site_dir))
    if build.page_cache is not None:
        build.page_cache.prune()
    return later


def write_feeds(build: BuildState, config: MkDocsConfig) -> None:
    assert build.site is not None
    site_dir = Path(config.site_dir)
    settings = feed_settings(build, config)
    categories = build.options.category_names
    covers = feed_covers(build, site_dir)
    registry = build.site.registry
    shown = repr((settings, registry.groups, registry.units, categories, build.feed_date))
    for feed in build.feeds.values():
        if feed.folder:
            target = site_dir / feed.folder / feeds.SITEMAP
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(feeds.section_sitemap(feed, settings))
        key = feed_key(build, feed, shown, covers)
        cache = build.page_cache
        if key is not None and cache is not None and cache.has(key + ".rss") and cache.has(key + ".atom"):
            cache.place(key + ".rss", site_dir / feed.rss)
            cache.place(key + ".atom", site_dir / feed.atom)
            continue
        rss, atom = feeds.render(feed, settings, registry, categories, feed_bodies(build, feed), covers,
                                 build.feed_date, build.sanitiser)
        for name, data, suffix in ((feed.rss, rss, ".rss"), (feed.atom, atom, ".atom")):
            if key is not None and cache is not None:
                cache.write(key + suffix, data)
                cache.place(key + suffix, site_dir / name)
            else:
                target = site_dir / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
    log.info(f"订阅源：已写入 {2 * len(build.feeds)} 个（RSS 与 Atom）")


def feed_covers(build: BuildState, site_dir: Path) -> dict[str, tuple[str, int, str]]:
    """Each feed story's cover photo: its widest rendition's path, size and type."""
    covers = {}
    for feed in build.feeds.values():
        for story in feed.stories:
            image = build.images.get(story.cover)
            if image is not None and story.cover not in covers:
                info = feeds.cover_info(site_dir, image.largest)
                if info is not None:
                    covers[story.cover] = (image.largest, *info)
    return covers


def feed_key(build: BuildState, feed: feeds.Feed, shown: str, covers: dict[str, tuple[str, int, str]]) -> str | None:
    """A feed's key in the page cache: its stories, each story's page key (which decides the body
    the feed carries) and what else the feed shows; None when some story's page has no key."""
    if build.page_cache is None:
        return None
    keys = [build.page_keys.get(story.src) for story in feed.stories]
    if None in keys:
        return None
    return build.page_cache.key("feed", repr(feed), shown, repr(keys),
                                repr([covers.get(story.cover) for story in feed.stories]))


def feed_bodies(build: BuildState, feed: feeds.Feed) -> dict[str, str]:
    """The HTML of the feed's stories: rendered in this build, or kept beside their cached pages."""
    bodies = {}
    for story in feed.stories:
        key = build.page_keys.get(story.src)
        if story.src in build.bodies:
            bodies[story.src] = build.bodies[story.src]
        elif key is not None and build.page_cache is not None and build.page_cache.has(key + ".body"):
            # Kept for the other feeds carrying the story (its site's, category's, unit's, tags').
            bodies[story.src] = build.bodies[story.src] = build.page_cache.read(key + ".body")
    return bodies


def cached_story_pages(build: BuildState, page_keys: dict[str, str] | None = None) -> dict[str, tuple[str, Path]]:
    """Each story's URL → its page key (from `page_keys`, else the build's) and HTML file in the page cache."""
    assert build.page_cache is not None
    stories = build.stories
    return {stories[src].url: (key, build.page_cache.path(key))
            for src, key in (build.page_keys if page_keys is None else page_keys).items() if src in stories}


def start_search(build: BuildState, config: MkDocsConfig, pages: dict[str, tuple[str, Path]]) -> None:
    """Start indexing each shard (see `search`): `pages` maps a story's URL to its key and HTML file."""
    shards: dict[str, list[tuple[str, str, Path]]] = {}
    for url, name in build.shard_of.items():
        if url in pages:
            shards.setdefault(name, []).append((url, *pages[url]))
    build.search_index = ShardedIndex(search_cache(build, config), verifier=build.verifier)
    try:
        build.search_index.start([Shard(name, tuple(sorted(items))) for name, items in sorted(shards.items())])
    except SearchIndexError as error:
        raise PluginError(str(error)) from None


def index_search(build: BuildState, config: MkDocsConfig, site_dir: Path, fail: bool = True) -> None:
    if build.search_index is None:  # no page cache: index the pages as MkDocs wrote them
        pages = {}
        for url in build.shard_of:
            path = site_dir / url / "index.html"
            if path.is_file():
                pages[url] = (hashlib.sha256(path.read_bytes()).hexdigest(), path)
        start_search(build, config, pages)
    assert build.search_index is not None
    try:
        summary = build.search_index.finish(site_dir)
    except SearchIndexError as error:
        if not fail:  # in the background under `mkdocs serve`: the preview stays up
            log.error(str(error))
            return
        raise PluginError(str(error)) from None
    fresh = f"，重新索引 {build.search_index.indexed} 个分片" if build.search_index.indexed else ""
    log.info(f"站内搜索：已索引 {summary.pages} 篇稿件（{BUNDLE_DIR}/，{len(build.search_index.futures)} 个分片{fresh}）")


def reindex(build: BuildState, config: MkDocsConfig, page_keys: dict[str, str], live: Path) -> None:
    """Index again, into the live preview, the shards of the story pages of `page_keys` (a story's
    source → its page key, as the quick update left them; see `start_search`). In the background
    under `mkdocs serve`: the preview shows the edit first."""
    start_search(build, config, cached_story_pages(build, page_keys))
    index_search(build, config, live, False)
