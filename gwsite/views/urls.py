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
TOPICS = Link("专题专栏", "topics/")


def category_url(category_id: str) -> str:
    return f"news/{category_id}/"


def topic_url(topic_id: str) -> str:
    return f"{TOPICS.url}{topic_id}/"


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


# The two forms a name takes when it carries a hash: `<slug>-<6 hex>` and `<8 hex>`. A name that is
# itself of such a form (an author called "ab-1f43cf") gets a hash too, or it would take the page of
# the name whose hashed form it copies ("Ab").
_HASHED = re.compile(r"(.*-[0-9a-f]{6}|[0-9a-f]{8})")


def name_slug(name: str, max_bytes: int, reserved: tuple[str, ...] = ()) -> str:
    """A name as one folder of a URL, never shared by two names: itself where URLs allow it (readable
    when shared); changed (spaces, slashes, dots, capitals, which Windows and macOS do not tell
    apart) and with a hash of itself; only a hash when nothing is left or it is too long (a folder
    name has at most 255 bytes); with a hash too when it is one of `reserved` or looks hashed."""
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()
    slug = re.sub(r"[\s/\\?#%&.:;\"'<>|*\x00-\x1f\x7f]+", "-", name).strip("-").lower()
    if not slug or len(slug.encode("utf-8")) > max_bytes:
        return digest[:8]
    if slug == name and slug not in reserved and not _HASHED.fullmatch(slug):
        return slug
    return f"{slug}-{digest[:6]}"


def tag_url(tag: str) -> str:
    """A tag's page: its name where URLs allow it (readable when shared), else a hash.

    Two tags never share a page: a name changed on the way to a URL (spaces, slashes, capitals,
    which Windows and macOS do not tell apart) also carries a hash of itself, so "a b", "a/b"
    and "A-B" get three pages."""
    # "page" would look like the tag index's own pages (`tags/page/2/`).
    return f"tags/{name_slug(tag, MAX_TAG_SLUG_BYTES, reserved=('page',))}/"


MAX_PERSON_SLUG_BYTES = 90


def correspondents_url(period: Period) -> str:
    """A year's per-correspondent table, beside its ranking."""
    return f"{ranking_url(period)}correspondents/"


def correspondent_url(period: Period, unit_id: str, name: str) -> str:
    """A correspondent's stories and credited placements of a year: under the unit's id, so that two
    people of one name in two units have two pages; the name as `name_slug` makes it (itself where URLs allow
    it, else changed and with a hash of itself, or only a hash), so that no name is ever a path of
    its own (`/`, `..`) and two names never share a page."""
    slug = name_slug(name, MAX_PERSON_SLUG_BYTES)
    return f"{correspondents_url(period)}{unit_id}/{slug}/"
