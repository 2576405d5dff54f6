"""What the templates show: stories and placements turned into plain template data."""

from __future__ import annotations

from dataclasses import dataclass

from .model import SiteOptions, Story
from .registry import Registry


@dataclass(frozen=True)
class PlacementView:
    outlet: str
    listed: bool
    level: str  # the level's Chinese name, or 待核定
    date: str
    type: str
    url: str | None
    section: str | None


@dataclass(frozen=True)
class StoryView:
    """A story as its page shows it. Strings are raw: the templates escape them."""

    title: str
    date_iso: str
    date_text: str  # 2024年3月15日
    unit: str
    co_units: tuple[str, ...]
    authors: tuple[str, ...]
    category: str
    tags: tuple[str, ...]
    summary: str
    placements: tuple[PlacementView, ...]


def chinese_date(story: Story) -> str:
    date = story.date
    return f"{date.year}年{date.month}月{date.day}日"


def story_view(story: Story, registry: Registry, options: SiteOptions) -> StoryView:
    scoring = registry.scoring
    categories = {cat.id: cat.name for cat in options.categories}
    placements = tuple(
        PlacementView(
            outlet=p.outlet,
            listed=p.listed,
            level=scoring.level(p.level).name if p.listed and p.level else "待核定",
            date=f"{p.date.year}年{p.date.month}月{p.date.day}日",
            type=scoring.type(p.type).name,
            url=p.url,
            section=p.section,
        )
        for p in sorted(story.placements, key=lambda p: (p.date, p.outlet))
    )
    return StoryView(
        title=story.title,
        date_iso=story.date.isoformat(),
        date_text=chinese_date(story),
        unit=registry.unit(story.unit).name,
        co_units=tuple(registry.unit(u).name for u in story.co_units),
        authors=story.authors,
        category=categories[story.category],
        tags=story.tags,
        summary=story.summary,
        placements=placements,
    )
