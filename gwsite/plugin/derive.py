"""What a site's stories make besides their own pages: listings, rankings and unit pages (kept
between builds while nothing they show changes), the search page and shards, the feeds' plan."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from ..build import feeds
from ..build.pagecache import templates_signature
from ..build.search import SEARCH_PAGE, SEARCH_TEMPLATE, search_scope, shard_names
from ..content.loading import Site
from ..content.story import Story
from ..files import write_atomically
from ..integrity import seal, unseal
from ..views.generate import GeneratedSite, generate, without_summaries
from ..views.generated import GeneratedPage
from .rendering import carry_digests
from .state import BuildState, Derived, GeneratedMemo

MEMO_FILE = "generated.pickle"


def derive(build: BuildState, config: MkDocsConfig, site: Site, today: dt.date, cache: Path,
           persist: bool = True, stale_rankings: bool = False) -> Derived:
    """What the site's stories make besides their own pages: listings, rankings, feeds, shards.
    `stale_rankings`: see `generate_site`."""
    generated = generate_site(build, site, today, cache, persist, stale_rankings)
    shard_of: dict[str, str] = {}
    if build.settings.search:
        shard_of = shard_names((story.url, story.date.year, story.date.timetuple().tm_yday)
                               for story in site.published)
        generated.pages.append(GeneratedPage(SEARCH_PAGE, "站内搜索", SEARCH_TEMPLATE, search_scope(shard_of)))
    planned: dict[str, feeds.Feed] = {}
    feed_date = build.feed_date
    if build.settings.feeds.enabled:
        published = site.published
        planned = {feed.folder: feed for feed in plan_feeds(build, config, published, site)}
        if published:
            feed_date = published[0].date
    return Derived(site, generated, shard_of, planned, feed_date)


def generate_site(build: BuildState, site: Site, today: dt.date, cache: Path, persist: bool = True,
                  stale_rankings: bool = False) -> GeneratedSite:
    """Listings, rankings and unit pages; the last build's when nothing they show has changed
    (an edit to a story's text only, the usual case): kept in memory under `mkdocs serve`,
    else in `.cache/gwsite/generated.pickle` (written unless not `persist`). `stale_rankings`, under
    `mkdocs serve`: the last rankings whatever changed (a new title, whose rankings follow in the
    background, see `preview.catch_up`); what this makes is then never taken for current."""
    session = build.session
    if stale_rankings and session.rankings is not None and session.memo is not None:
        previous = session.memo
        generated = generate(site.stories, site.registry, build.options, today, issued_records=build.issued,
                             notices=build.settings.notices, topics=build.settings.topics, ranked=session.rankings[1])
        session.memo = GeneratedMemo("stale", generated, carry_digests(generated.pages, previous.generated.pages,
                                                                       previous.digests))
        return dataclasses.replace(generated, pages=list(generated.pages))
    registry = site.registry
    shown = (registry.groups, registry.units, registry.outlets, registry.scoring)  # Registry has no repr
    ranked_by = hashlib.sha256(f"{templates_signature(())}|{without_summaries(site.stories)}|{shown!r}|"
                               f"{build.options!r}|{today}|{sorted(build.issued.items())!r}".encode()).hexdigest()
    key = hashlib.sha256(f"{ranked_by}|{[story.summary for story in site.stories]!r}|{build.settings.notices!r}|"
                         f"{build.settings.topics!r}".encode()).hexdigest()
    memo = previous = session.memo
    if memo is not None and memo.key != key:
        memo = None  # the file is older than what memory held: this process wrote it, or none
    elif memo is None:
        try:
            stored = unseal((cache / MEMO_FILE).read_bytes())
            if isinstance(stored, GeneratedMemo) and stored.key == key:
                memo = stored
        except Exception:  # noqa: BLE001 - no cache yet, or an unreadable or damaged one: generate afresh
            pass
    if memo is None:
        # An edit to a story's first paragraph (its summary) changes listings only: under
        # `mkdocs serve` the rankings of the last build are kept (see `views.generate.rankings`).
        ranked = session.rankings[1] if session.rankings is not None and session.rankings[0] == ranked_by else None
        generated = generate(site.stories, site.registry, build.options, today, issued_records=build.issued,
                             notices=build.settings.notices, topics=build.settings.topics, ranked=ranked)
        if session.serving:
            session.rankings = (ranked_by, generated.rankings)
        memo = GeneratedMemo(key, generated, carry_digests(generated.pages, previous.generated.pages if previous else [],
                                                           previous.digests if previous else {}))
        if persist:  # not on the quick path under `mkdocs serve`, which would wait for it
            try:
                write_atomically(cache / MEMO_FILE, seal(memo))
            except OSError:
                pass  # a read-only checkout: generated again next time
    session.memo = memo
    return dataclasses.replace(memo.generated, pages=list(memo.generated.pages))


def feed_settings(build: BuildState, config: MkDocsConfig) -> feeds.FeedSettings:
    return feeds.FeedSettings(
        site_url=config.site_url.rstrip("/") + "/",
        site_name=config.site_name,
        site_description=config.site_description or "",
        items=build.settings.feeds.items,
        full_content=build.settings.feeds.content == "full",
    )


def plan_feeds(build: BuildState, config: MkDocsConfig, published: list[Story], site: Site) -> list[feeds.Feed]:
    which = build.settings.feeds
    return feeds.plan(published, site.registry, build.options.category_names, feed_settings(build, config),
                      site=which.site, per_category=which.categories, per_unit=which.units)
