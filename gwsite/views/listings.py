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
from .topics import Topic, TopicBanner, topic_banners
from .urls import HOME, NEWS, TAGS, Link, archive_url, category_url, tag_url

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
    """The home page's blocks; no story is in two of them."""

    lead: StoryCard | None  # 头条
    photos: tuple[StoryCard, ...]  # 图片新闻: stories with a cover
    notices: tuple[StoryCard, ...]  # 通知公告
    notices_link: Link | None  # the notices' category; None: no such block
    categories: tuple[tuple[Link, tuple[StoryCard, ...]], ...]  # a block per other category
    topics: tuple[TopicBanner, ...] = ()  # 专题专栏: the topics that gather a story


HOME_PHOTOS = 6  # stories in 图片新闻
HOME_NOTICES = 8  # titles in 通知公告
HOME_BLOCK = 5  # titles in each category's block


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
    by_year: dict[str, list[Story]] = {}  # one pass: formatting every date for each year costs more
    by_month: dict[str, dict[str, list[Story]]] = {}
    for story in stories:  # newest first, kept so in each list
        year = f"{story.date:%Y}"
        by_year.setdefault(year, []).append(story)
        by_month.setdefault(year, {}).setdefault(f"{story.date:%m}", []).append(story)
    for year in years:
        in_year, in_months = by_year.get(year, []), by_month.get(year, {})
        months = sorted(in_months)
        month_links = tuple(Link(f"{int(m)}月", archive_url(year, m)) for m in months)
        pages += listing(in_year, archive_url(year), f"{year}年新闻", (HOME, NEWS), month_links)
        for month in months:
            in_month = in_months[month]
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


def notices_category(options: SiteOptions, configured: str | None = None) -> str | None:
    """The category shown as 通知公告: the one `configured`, else the one whose id is `notices`,
    else the first whose name says 通知 or 公告; None: the home page has no such block."""
    ids = [cat.id for cat in options.categories]
    if configured is not None:
        return configured if configured in ids else None
    if "notices" in ids:
        return "notices"
    return next((cat.id for cat in options.categories if "通知" in cat.name or "公告" in cat.name), None)


def lead_story(stories: list[Story]) -> Story | None:
    """头条, shown large with its photo: the newest pinned story with a cover, else the newest story
    with a cover; with no cover anywhere, the newest pinned story, else the newest."""
    for chosen in (lambda s: s.pinned and s.cover, lambda s: s.cover, lambda s: s.pinned, lambda s: True):
        found = next((s for s in stories if chosen(s)), None)
        if found is not None:
            return found
    return None


def home_view(stories: list[Story], registry: Registry, options: SiteOptions, notices: str | None = None,
              topics: tuple[Topic, ...] = ()) -> HomeView:
    """The home page's blocks from `stories` (newest first): 头条, 图片新闻, 通知公告, then a block per
    category, each filled with the newest stories no earlier block shows."""
    categories = options.category_names

    def cards(members: list[Story]) -> tuple[StoryCard, ...]:
        return tuple(story_card(s, registry, categories) for s in members)

    shown: set[str] = set()

    def take(members: list[Story], count: int) -> list[Story]:
        chosen = [s for s in members if s.src not in shown][:count]
        shown.update(s.src for s in chosen)
        return chosen

    lead = lead_story(stories)
    take([lead] if lead else [], 1)
    photos = take([s for s in stories if s.cover], HOME_PHOTOS)
    notices_id = notices_category(options, notices)
    notice_list = take([s for s in stories if s.category == notices_id], HOME_NOTICES) if notices_id else []
    blocks = tuple(
        (Link(cat.name, category_url(cat.id)), cards(take([s for s in stories if s.category == cat.id], HOME_BLOCK)))
        for cat in options.categories if cat.id != notices_id
    )
    return HomeView(
        lead=cards([lead])[0] if lead else None,
        photos=cards(photos),
        notices=cards(notice_list),
        notices_link=Link(categories[notices_id], category_url(notices_id)) if notices_id else None,
        categories=blocks,
        topics=tuple(banner for banner in topic_banners(topics, stories) if banner.count),  # never a banner to an empty page
    )
