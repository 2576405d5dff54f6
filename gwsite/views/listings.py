"""Lists of stories: all news, each category, each year and month, each tag, the tag index, and
the home page's blocks. Stories come newest first; long lists are paginated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..content.story import SiteOptions, Story
from ..content.registry import Registry
from .generated import LISTING_TEMPLATE, TAGS_TEMPLATE, GeneratedPage
from .pagination import PER_PAGE, TAGS_PER_PAGE, PageLink, chunks, paged
from .story import StoryCard, newest_date, story_card
from .urls import HOME, NEWS, RANKING, TAGS, UNITS, Link, archive_url, category_url, tag_url

# A listing of some stories: (stories, base URL, heading, crumbs, section links) → its pages.
Lister = Callable[..., list[GeneratedPage]]


@dataclass(frozen=True)
class ListingView:
    heading: str
    crumbs: tuple[Link, ...]
    cards: tuple[StoryCard, ...]
    page: int
    pages: int
    total: int
    page_links: tuple[PageLink, ...]
    previous: str | None
    next: str | None
    sections: tuple[Link, ...] = ()  # links shown above the list: categories, years, months


@dataclass(frozen=True)
class TagIndexView:
    tags: tuple[tuple[Link, int], ...]
    page: int = 1
    pages: int = 1
    total: int = 0  # tags on every page
    page_links: tuple[PageLink, ...] = ()
    previous: str | None = None
    next: str | None = None


@dataclass(frozen=True)
class HomeView:
    pinned: tuple[StoryCard, ...]
    latest: tuple[StoryCard, ...]
    categories: tuple[tuple[Link, tuple[StoryCard, ...]], ...]
    links: tuple[Link, ...]


def paginate(cards: list[StoryCard], base: str, heading: str, crumbs: tuple[Link, ...],
             sections: tuple[Link, ...] = (), per_page: int = PER_PAGE,
             updated: dt.date | None = None) -> list[GeneratedPage]:
    """`base`, `base/page/2/`, …: `per_page` stories each, with page links on every page."""
    def view(part: list[StoryCard], pages: dict[str, Any]) -> ListingView:
        return ListingView(heading=heading, crumbs=crumbs, cards=tuple(part), total=len(cards), sections=sections,
                           **pages)

    # Every page of a listing shifts when a story joins it: all carry the newest story's date.
    return paged(base, heading, chunks(cards, per_page), LISTING_TEMPLATE, view, updated, in_nav=(base == NEWS.url))


def news_pages(stories: list[Story], registry: Registry, options: SiteOptions, per_page: int) -> list[GeneratedPage]:
    """All news, each category, each year and month, each tag; stories newest first."""
    cards = {story.src: story_card(story, registry, options.category_names) for story in stories}

    def listing(members: list[Story], base: str, heading: str, crumbs: tuple[Link, ...],
                sections: tuple[Link, ...] = ()) -> list[GeneratedPage]:
        return paginate([cards[s.src] for s in members], base, heading, crumbs, sections, per_page,
                        newest_date(members))

    category_links = tuple(Link(cat.name, category_url(cat.id)) for cat in options.categories)
    years = sorted({f"{story.date:%Y}" for story in stories}, reverse=True)
    year_links = tuple(year_link(year) for year in years)
    pages = listing(stories, NEWS.url, NEWS.title, (HOME,), category_links + year_links)
    for cat in options.categories:
        pages += listing([s for s in stories if s.category == cat.id], category_url(cat.id), cat.name, (HOME, NEWS),
                         category_links)
    pages += archive_pages(stories, years, listing)
    return pages + tag_pages(stories, listing)


def year_link(year: str) -> Link:
    return Link(f"{year}年", archive_url(year))


def archive_pages(stories: list[Story], years: list[str], listing: Lister) -> list[GeneratedPage]:
    """Each year's news, then each of its months'."""
    pages: list[GeneratedPage] = []
    for year in years:
        in_year = [s for s in stories if f"{s.date:%Y}" == year]
        months = sorted({f"{s.date:%m}" for s in in_year})
        month_links = tuple(Link(f"{int(m)}月", archive_url(year, m)) for m in months)
        pages += listing(in_year, archive_url(year), f"{year}年新闻", (HOME, NEWS), month_links)
        for month in months:
            in_month = [s for s in in_year if f"{s.date:%m}" == month]
            pages += listing(in_month, archive_url(year, month), f"{year}年{int(month)}月新闻",
                             (HOME, NEWS, year_link(year)), month_links)
    return pages


def tag_pages(stories: list[Story], listing: Lister) -> list[GeneratedPage]:
    """The tag index, most used tags first, then each tag's listing."""
    tags: dict[str, list[Story]] = {}
    for story in stories:
        for tag in story.tags:
            tags.setdefault(tag, []).append(story)
    ordered = sorted(tags.items(), key=lambda item: (-len(item[1]), item[0]))
    entries = [(Link(tag, tag_url(tag)), len(members)) for tag, members in ordered]

    def view(part: list[tuple[Link, int]], pages: dict[str, Any]) -> TagIndexView:
        return TagIndexView(tuple(part), total=len(ordered), **pages)

    tagged = newest_date([s for s in stories if s.tags])
    pages = paged(TAGS.url, TAGS.title, chunks(entries, TAGS_PER_PAGE), TAGS_TEMPLATE, view, tagged)
    for tag, members in ordered:
        pages += listing(members, tag_url(tag), f"标签：{tag}", (HOME, TAGS))
    return pages


def home_view(stories: list[Story], registry: Registry, options: SiteOptions) -> HomeView:
    categories = options.category_names

    def cards(members: list[Story]) -> tuple[StoryCard, ...]:
        return tuple(story_card(s, registry, categories) for s in members)

    blocks = tuple(
        (Link(cat.name, category_url(cat.id)), cards([s for s in stories if s.category == cat.id][:5]))
        for cat in options.categories
    )
    return HomeView(
        pinned=cards([s for s in stories if s.pinned][:4]),
        latest=cards([s for s in stories if not s.pinned][:8]),
        categories=blocks,
        links=(NEWS, RANKING, UNITS, TAGS),
    )
