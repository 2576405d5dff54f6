"""RSS 2.0 and Atom 1.0 feeds with feedgen: the whole site, each category, each unit.

Output depends only on the content: the channel's date is the newest item's, never the clock,
and items are ordered by date then path, so the same stories give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from lxml import etree

from ..content.story import Story
from ..content.values import without_control_chars
from ..content.registry import Registry
from .sanitize import Sanitiser
from ..views.urls import category_url, unit_url

RSS = "feed.xml"
ATOM = "atom.xml"

# The attributes of an Atom <link>, in the order they are written.
_LINK_ATTRIBUTES = ("rel", "type", "length", "hreflang", "title", "href")


class _Entry(FeedEntry):
    """A feed entry whose Atom links keep what `link()` was given.

    feedgen 1.0.0 writes an entry's Atom links with their href only, so a cover given as
    `link(rel="enclosure", ...)` came out as a bare `<link href=...>`: a second alternate link,
    which RFC 4287 forbids. The links are written again here from the entry's own link data.
    """

    def atom_entry(self, extensions: bool = True) -> etree._Element:
        entry = super().atom_entry(extensions)
        written = [child for child in entry if child.tag == "link"]
        for element, data in zip(written, self.link() or [], strict=True):
            element.attrib.clear()
            for name in _LINK_ATTRIBUTES:
                if data.get(name):
                    element.set(name, str(data[name]))
        return entry

@dataclass(frozen=True)
class Feed:
    """One pair of feeds: where they live, what they are called and which stories they hold."""

    folder: str  # site-relative, '' for the site's own pair
    title: str
    description: str
    page: str  # the site-relative page the feed stands for
    stories: tuple[Story, ...]

    @property
    def rss(self) -> str:
        return f"{self.folder}{RSS}"

    @property
    def atom(self) -> str:
        return f"{self.folder}{ATOM}"


@dataclass(frozen=True)
class FeedSettings:
    site_url: str  # absolute, ends with '/'
    site_name: str
    site_description: str
    items: int
    full_content: bool


def plan(published: list[Story], registry: Registry, categories: dict[str, str], settings: FeedSettings,
         *, site: bool = True, per_category: bool = True, per_unit: bool = True) -> list[Feed]:
    """The feeds to write, each with the first `settings.items` of `published` (newest first) it holds."""
    feeds = []
    if site:
        feeds.append(Feed("", settings.site_name, settings.site_description, "", tuple(published[: settings.items])))
    if per_category:
        for cat_id, name in categories.items():
            members = [s for s in published if s.category == cat_id][: settings.items]
            feeds.append(Feed(category_url(cat_id), f"{name} - {settings.site_name}",
                              f"{settings.site_name}“{name}”栏目的最新稿件", category_url(cat_id), tuple(members)))
    if per_unit:
        for unit in registry.units:
            members = [s for s in published if unit.id in s.units][: settings.items]
            feeds.append(Feed(unit_url(unit.id), f"{unit.name} - {settings.site_name}",
                              f"{unit.name}在{settings.site_name}发布的最新稿件", unit_url(unit.id), tuple(members)))
    return feeds


SITEMAP = "sitemap.xml"


def section_sitemap(feed: Feed, settings: FeedSettings) -> bytes:
    """A sitemap beside a category's or unit's feeds, listing the page they stand for.

    Material's JavaScript takes every `<link rel="alternate">` for a translation of the site and
    fetches `sitemap.xml` from beside it on each page view; for a feed in a folder that would be a
    404 on every category and unit page. This small sitemap, valid for its folder, answers instead.
    """
    loc = html.escape(urljoin(settings.site_url, feed.page), quote=False)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"<url><loc>{loc}</loc></url>\n</urlset>\n").encode()


def render(feed: Feed, settings: FeedSettings, registry: Registry, categories: dict[str, str],
           bodies: dict[str, str], covers: dict[str, tuple[str, int, str]], fallback_date: dt.datetime,
           sanitiser: Sanitiser) -> tuple[bytes, bytes]:
    """The RSS and Atom documents of one feed.

    `bodies` maps a story's source path to its rendered HTML, which `sanitiser` cleans again
    with its links and images made absolute (sanitising last: no rewriting of HTML after it is
    cleaned can turn its text into markup); `covers` maps a cover's
    docs-relative path to the site path, length in bytes and MIME type of the image sent
    with the story (its processed JPEG); `fallback_date` dates a feed
    without items (the newest story of the whole site), so it too is reproducible.
    """
    base = settings.site_url
    gen = FeedGenerator()
    gen.load_extension("dc", atom=False, rss=True)
    gen.id(urljoin(base, feed.atom))
    gen.title(without_control_chars(feed.title))
    gen.subtitle(without_control_chars(feed.description or feed.title))
    gen.language("zh-CN")
    gen.generator("gwsite")
    updated = feed.stories[0].date if feed.stories else fallback_date
    gen.updated(updated)
    gen.lastBuildDate(updated)
    for story in feed.stories:
        entry = gen.add_entry(_Entry(), order="append")
        _describe(entry, story, urljoin(base, story.url), registry, categories)
        _attach(entry, story, urljoin(base, story.url), settings, bodies.get(story.src), covers, sanitiser)
    # The self link differs between RSS and Atom; feedgen takes RSS's <link> from the last link.
    page = urljoin(base, feed.page)
    gen.link(href=urljoin(base, feed.rss), rel="self", type="application/rss+xml")
    gen.link(href=page, rel="alternate", type="text/html")
    rss = gen.rss_str(pretty=True)
    gen.link(href=urljoin(base, feed.atom), rel="self", type="application/atom+xml", replace=True)
    gen.link(href=page, rel="alternate", type="text/html")
    atom = gen.atom_str(pretty=True)
    return rss, atom


def _describe(entry: FeedEntry, story: Story, url: str, registry: Registry, categories: dict[str, str]) -> None:
    """An item's address, title, dates, authors (its units, then its people) and categories."""
    clean = without_control_chars
    entry.id(url)
    entry.guid(url, permalink=True)
    entry.title(clean(story.title))
    entry.link(href=url, rel="alternate", type="text/html")
    entry.published(story.date)
    entry.updated(story.date)
    entry.pubDate(story.date)
    units = [registry.unit(unit_id).name for unit_id in story.units]
    people = [clean(name) for name in story.authors]
    for name in units + people:
        entry.author(name=name)
    entry.dc.dc_creator(units + people, replace=True)
    entry.category(term=categories.get(story.category, story.category))
    for tag in story.tags:
        entry.category(term=clean(tag))


def _attach(entry: FeedEntry, story: Story, url: str, settings: FeedSettings, body: str | None,
            covers: dict[str, tuple[str, int, str]], sanitiser: Sanitiser) -> None:
    """An item's summary, its whole text (when the feeds carry it) and its cover photo."""
    # Every piece of HTML in a feed is the sanitiser's own output, written as it wrote it.
    cleaned = sanitiser.elsewhere(url)
    # RSS's description is HTML, so the summary's text is escaped for it; Atom's summary says so too.
    entry.summary(cleaned(html.escape(without_control_chars(story.summary or story.title))), type="html")
    if settings.full_content and body is not None:
        entry.content(cleaned(without_control_chars(body)), type="html")
    if story.cover and story.cover in covers:
        path, length, mime = covers[story.cover]
        # One link serves both: RSS's <enclosure> and Atom's <link rel="enclosure">.
        entry.link(href=urljoin(settings.site_url, path), rel="enclosure", type=mime, length=str(length))


def cover_info(site_dir: Path, cover: str) -> tuple[int, str] | None:
    path = site_dir / cover
    if not path.is_file():
        return None
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return path.stat().st_size, mime
