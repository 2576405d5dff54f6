"""What a story shows: its own page (placements, unit, tags, neighbours) and its card in a list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..content.story import Placement, SiteOptions, Story
from ..content.registry import Registry, Scoring
from ..ranking.labels import level_name
from .urls import Link, category_url, tag_url, unit_url


@dataclass(frozen=True)
class PlacementView:
    outlet: str
    listed: bool
    level: str  # the level's Chinese name, or 待核定
    date: str
    type: str
    url: str | None
    section: str | None
    proof: str | None = None  # docs-relative path of the page scan or screenshot


@dataclass(frozen=True)
class StoryView:
    """A story as its page shows it. Strings are raw: the templates escape them."""

    title: str
    date_iso: str
    date_text: str  # 2024年3月15日
    unit: Link
    co_units: tuple[Link, ...]
    authors: tuple[str, ...]
    category: Link
    tags: tuple[Link, ...]
    summary: str
    cover: str | None  # docs-relative path of the image
    placements: tuple[PlacementView, ...]
    older: Link | None = None  # 上一篇: the previous story of the same category
    newer: Link | None = None  # 下一篇


@dataclass(frozen=True)
class StoryCard:
    """A story in a list: everything a reader needs to choose it."""

    title: str
    url: str
    date_iso: str
    date_text: str
    unit: Link
    category: Link
    summary: str
    cover: str | None
    pinned: bool


def story_updated(story: Story) -> dt.date:
    """The last day a story's page changed, as far as the content tells: its date, or its newest
    placement's (the sitemap's `lastmod`, never the clock, so that two builds give the same bytes)."""
    return max([story.date.date(), *(p.date for p in story.placements)])


def newest_date(stories: list[Story]) -> dt.date | None:
    """The newest of the stories' own dates: when a list of them last changed."""
    return max((story.date.date() for story in stories), default=None)


def chinese_date(day: dt.date) -> str:
    """2024年3月15日."""
    return f"{day.year}年{day.month}月{day.day}日"


def unit_link(registry: Registry, unit_id: str) -> Link:
    return Link(registry.unit(unit_id).name, unit_url(unit_id))


def placement_view(placement: Placement, scoring: Scoring) -> PlacementView:
    return PlacementView(
        outlet=placement.outlet,
        listed=placement.listed,
        level=level_name(scoring, placement),
        date=chinese_date(placement.date),
        type=scoring.type(placement.type).name,
        url=placement.url,
        section=placement.section,
        proof=placement.proof,
    )


def story_view(story: Story, registry: Registry, options: SiteOptions,
               neighbours: tuple[Story | None, Story | None] = (None, None)) -> StoryView:
    category = next(cat for cat in options.categories if cat.id == story.category)
    placements = tuple(placement_view(p, registry.scoring)
                       for p in sorted(story.placements, key=lambda p: (p.date, p.outlet)))
    older, newer = neighbours
    return StoryView(
        title=story.title,
        date_iso=story.date.isoformat(),
        date_text=chinese_date(story.date),
        unit=unit_link(registry, story.unit),
        co_units=tuple(unit_link(registry, u) for u in story.co_units),
        authors=story.authors,
        category=Link(category.name, category_url(category.id)),
        tags=tuple(Link(tag, tag_url(tag)) for tag in story.tags),
        summary=story.summary,
        cover=story.cover,
        placements=placements,
        older=Link(older.title, older.url) if older else None,
        newer=Link(newer.title, newer.url) if newer else None,
    )


def story_card(story: Story, registry: Registry, categories: dict[str, str]) -> StoryCard:
    return StoryCard(
        title=story.title,
        url=story.url,
        date_iso=story.date.isoformat(),
        date_text=chinese_date(story.date),
        unit=unit_link(registry, story.unit),
        category=Link(categories[story.category], category_url(story.category)),
        summary=story.summary,
        cover=story.cover,
        pinned=story.pinned,
    )


def neighbours(stories: list[Story]) -> dict[str, tuple[Story | None, Story | None]]:
    """Each story's older and newer story in the same category."""
    result: dict[str, tuple[Story | None, Story | None]] = {}
    by_category: dict[str, list[Story]] = {}
    for story in stories:  # newest first
        by_category.setdefault(story.category, []).append(story)
    for members in by_category.values():
        for index, story in enumerate(members):
            older = members[index + 1] if index + 1 < len(members) else None
            newer = members[index - 1] if index > 0 else None
            result[story.src] = (older, newer)
    return result
