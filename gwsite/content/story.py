"""What a story is once read: the frozen `Story`, its placements and images, the site's options.

Nothing here reads a file or knows MkDocs; `reader.py` builds these from a story file.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .registry import Registry


@dataclass(frozen=True)
class Category:
    id: str
    name: str


DEFAULT_CATEGORIES = (
    Category("work", "工作动态"),
    Category("grassroots", "基层风采"),
    Category("elders", "五老风采"),
    Category("media", "媒体聚焦"),
    Category("notices", "通知公告"),
)


@dataclass(frozen=True)
class SiteOptions:
    categories: tuple[Category, ...] = DEFAULT_CATEGORIES
    timezone: ZoneInfo = ZoneInfo("Asia/Shanghai")
    news_dir: str = "news"
    data_dir: str = "_data"

    @property
    def category_names(self) -> dict[str, str]:
        """Category id → Chinese name, in display order."""
        return {cat.id: cat.name for cat in self.categories}


@dataclass(frozen=True)
class Placement:
    """One outside outlet that ran a story (刊用记录)."""

    outlet: str  # the registry's name of a listed outlet, else the name as written
    listed: bool  # False: a pending outlet (待核定) that earns nothing yet
    level: str | None  # level key: the directory's for a listed outlet, the claim otherwise
    date: dt.date
    type: str = "text"
    url: str | None = None
    section: str | None = None
    proof: str | None = None  # path relative to the docs folder
    line: int = 0
    proof_line: int = 0
    proof_field: str = ""
    field: str = ""  # the entry as the correspondent wrote it: 刊用[2] or placements[2]


@dataclass(frozen=True)
class ImageUse:
    """One place a story uses an image: its cover, a placement's proof, or its body."""

    path: str  # relative to the docs folder
    line: int
    field: str  # as the correspondent wrote it: 封面, 刊用[2].证明, 正文
    alt: str = ""  # the body's image text (its caption), if any


@dataclass(frozen=True)
class Story:
    src: str  # path relative to the docs folder, '/'-separated
    title: str
    date: dt.datetime  # aware, in the site's time zone
    unit: str  # unit id
    co_units: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    category: str = DEFAULT_CATEGORIES[0].id
    tags: tuple[str, ...] = ()
    summary: str = ""
    cover: str | None = None
    placements: tuple[Placement, ...] = ()
    draft: bool = False
    pinned: bool = False
    slug: str = ""
    slug_line: int = 1
    title_line: int = 1
    title_field: str = "title"  # as written: title or 标题
    images: tuple[ImageUse, ...] = ()  # every image the story uses, in the order written
    theme: tuple[tuple[str, Any], ...] = ()  # theme keys written and checked (`hide`, `search`), see pagemeta

    @functools.cached_property  # asked for tens of thousands of times a build
    def url(self) -> str:
        """The story's URL relative to the site root: `news/<yyyy>/<mm>/<slug>/`."""
        return story_url(self.date, self.slug)

    @functools.cached_property  # asked once per story, unit and period of the ranking
    def units(self) -> tuple[str, ...]:
        """Every unit the story credits: its unit, then its co_units."""
        return (self.unit, *self.co_units)


def story_url(date: dt.date, slug: str) -> str:
    """The URL of a story of `date` named `slug`, relative to the site root: `news/<yyyy>/<mm>/<slug>/`."""
    return f"news/{date:%Y}/{date:%m}/{slug}/"


def published(stories: Iterable[Story]) -> list[Story]:
    """Published stories, newest first (ties by path, so the order never depends on the disk)."""
    return sorted((story for story in stories if not story.draft), key=lambda s: (-s.date.timestamp(), s.src))


@dataclass
class StoryContext:
    """What validating a story needs besides the file; picklable, for worker processes."""

    docs_dir: Path
    registry: Registry
    options: SiteOptions
    now: dt.datetime
    shown_docs: str  # the docs folder as users see it, e.g. `content`

    def shown(self, src: str) -> str:
        """A story's path as users see it, from its docs-relative path."""
        return src if self.shown_docs in ("", ".") else f"{self.shown_docs}/{src}"
