"""Where each generated page lives: the URLs of listings, tags, units, ranking periods and their
pages, all relative to the site root. Templates and the plugin link through these, never by hand."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..ranking.tally import Period


@dataclass(frozen=True)
class Link:
    title: str
    url: str


# The site's sections, as the navigation, the crumbs and the home page's links name them.
HOME = Link("首页", "")
NEWS = Link("新闻动态", "news/")
RANKING = Link("宣传排名", "ranking/")
UNITS = Link("各单位", "units/")
TAGS = Link("标签", "tags/")


def category_url(category_id: str) -> str:
    return f"news/{category_id}/"


def archive_url(year: str, month: str | None = None) -> str:
    """The news of a year (`news/2024/`) or of one of its months (`news/2024/03/`)."""
    return f"news/{year}/" if month is None else f"news/{year}/{month}/"


def unit_url(unit_id: str) -> str:
    return f"units/{unit_id}/"


def ranking_url(period: Period) -> str:
    return f"ranking/{period.slug}/"


def ranking_data_url(period: Period, kind: str) -> str:
    """A period's ranking as the office downloads it: `kind` is `json` or `csv`."""
    return f"{ranking_url(period)}ranking.{kind}"


def placements_data_url(period: Period, kind: str) -> str:
    """The placements a period's ranking was scored from, beside its ranking: `kind` is `json` or `csv`."""
    return f"{ranking_url(period)}placements.{kind}"


def pending_url(period: Period) -> str:
    return f"{ranking_url(period)}pending/"


def page_url(base: str, number: int) -> str:
    """Page `number` of a paginated list at `base`: `base` itself, then `base/page/2/`, …"""
    return base if number == 1 else f"{base}page/{number}/"


MAX_TAG_SLUG_BYTES = 120


def tag_url(tag: str) -> str:
    """A tag's page: its name where URLs allow it (readable when shared), else a hash.

    Two tags never share a page: a name changed on the way to a URL (spaces, slashes, capitals,
    which Windows and macOS do not tell apart) also carries a hash of itself, so "a b", "a/b"
    and "A-B" get three pages."""
    digest = hashlib.sha1(tag.encode("utf-8")).hexdigest()
    slug = re.sub(r"[\s/\\?#%&.:;\"'<>|*]+", "-", tag).strip("-").lower()
    # A folder name has at most 255 bytes: a tag pasted from a whole paragraph gets a hash.
    if not slug or len(slug.encode("utf-8")) > MAX_TAG_SLUG_BYTES:
        return f"tags/{digest[:8]}/"
    # "page" would look like the tag index's own pages (`tags/page/2/`).
    return f"tags/{slug}/" if slug == tag and slug != "page" else f"tags/{slug}-{digest[:6]}/"


MAX_PERSON_SLUG_BYTES = 90


def correspondents_url(period: Period) -> str:
    """A year's per-correspondent table, beside its ranking."""
    return f"{ranking_url(period)}correspondents/"


def correspondent_url(period: Period, unit_id: str, name: str) -> str:
    """A correspondent's stories and credited placements of a year: under the unit's id, so that two
    people of one name in two units have two pages; the name as in `tag_url` (itself where URLs allow
    it, else changed and with a hash of itself, or only a hash), so that no name is ever a path of
    its own (`/`, `..`) and two names never share a page."""
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()
    slug = re.sub(r"[\s/\\?#%&.:;\"'<>|*\x00-\x1f\x7f]+", "-", name).strip("-").lower()
    if not slug or len(slug.encode("utf-8")) > MAX_PERSON_SLUG_BYTES:
        slug = digest[:8]
    elif slug != name:
        slug = f"{slug}-{digest[:6]}"
    return f"{correspondents_url(period)}{unit_id}/{slug}/"
