"""The same story, or the same placement, recorded in two story files.

One article of 青州日报 entered in two stories would be scored twice; a story file copied (or
`gwsite new` run twice) would list the same work twice. Either is an error on the later file
(by path, so the verdict never depends on the disk's order) naming the earlier one.

Drafts take no part: a draft is work in progress, often a copy being reworked, and scores
nothing; it is checked when it is published (its `draft` removed).

Stories are indexed by key, never compared in pairs: 10,000 stories cost one pass.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass

from ..problems import Problem
from .names import normalize_name
from .story import Placement, Story, StoryContext
from .weburl import web_address


@dataclass(frozen=True)
class Duplicate:
    """An error on a later copy, and the earlier file it names (shown as users see it)."""

    problem: Problem
    other: str


def url_key(url: str) -> str:
    """`url` in the form two records of one article share: scheme and host in lower case, no
    default port (as browsers read an address), http and https alike, no trailing slash, no `#…`,
    percent escapes in one form (`%e6` is `%E6`, `%41` is `A`: RFC 3986 6.2.2)."""
    address = web_address(url.strip())
    if address is None:
        return url.strip()
    path = address.pathname.rstrip("/")
    return _ESCAPE.sub(_one_escape, f"{address.host}{path}{address.search}")


_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")


def _one_escape(match: re.Match[str]) -> str:
    """An escape of a character that never needs one, as the character; any other in upper case."""
    char = chr(int(match.group(1), 16))
    return char if char in _UNRESERVED else match.group(0).upper()


def placement_key(placement: Placement) -> tuple[str, ...] | None:
    """What makes two placements the same article: the outlet (its registry name, so aliases
    agree; a pending outlet by its normalised name) and the URL; without a URL, the outlet, the
    date and the section. None when there is neither URL nor section: two articles of one
    outlet on one day cannot be told apart, so none is called a copy."""
    outlet = normalize_name(placement.outlet)
    if placement.url:
        return ("url", outlet, url_key(placement.url))
    if placement.section and normalize_name(placement.section):
        return ("section", outlet, placement.date.isoformat(), normalize_name(placement.section))
    return None


def story_key(story: Story) -> tuple[str, ...]:
    """Title (normalised: width, spaces, case), day and unit: two files sharing it are one story."""
    return (normalize_name(story.title).casefold(), story.date.date().isoformat(), story.unit)


def duplicates(stories: Iterable[Story], ctx: StoryContext) -> list[Duplicate]:
    """Every published story that copies an earlier one (by path), and every placement that an
    earlier published story already records."""
    found: list[Duplicate] = []
    first_story: dict[tuple[str, ...], Story] = {}
    first_placement: dict[tuple[str, ...], tuple[Story, Placement]] = {}
    for story in sorted((s for s in stories if not s.draft), key=_path_order):
        twin = first_story.setdefault(story_key(story), story)
        if twin is not story:
            found.append(_story_copy(story, twin, ctx))
        for placement in story.placements:
            key = placement_key(placement)
            if key is None:
                continue
            earlier, earlier_placement = first_placement.setdefault(key, (story, placement))
            # A copy of a whole story is one error, not one more for each of its placements.
            if earlier is not story and earlier is not twin:
                found.append(_placement_copy(story, placement, earlier, earlier_placement, ctx))
    return found


def _path_order(story: Story) -> tuple[str, str]:
    """By path, the name without `.md` first: `a.md` (the original) before `a-2.md` (the copy
    `gwsite new` names so), where a plain comparison puts `-` before `.`."""
    return (story.src.removesuffix(".md"), story.src)


def _story_copy(story: Story, twin: Story, ctx: StoryContext) -> Duplicate:
    other = ctx.shown(twin.src)
    unit = _unit_name(story.unit, ctx)
    message = (f"与 {other} 的标题、日期和单位相同（{story.date:%Y-%m-%d}，{unit}），是同一篇稿件的两份副本，"
               f"请删去其中一篇；如确是两篇不同的稿件，请修改标题加以区分")
    return Duplicate(Problem(ctx.shown(story.src), story.title_line, story.title_field, message), other)


def _placement_copy(story: Story, placement: Placement, earlier: Story, earlier_placement: Placement,
                    ctx: StoryContext) -> Duplicate:
    other = ctx.shown(earlier.src)
    if placement.url:
        what = f"{placement.outlet}，{placement.url}"
    else:
        what = f"{placement.outlet}，{placement.date.isoformat()}，{placement.section}"
    message = (f"与 {other} 第 {earlier_placement.line} 行的刊用记录重复（{what}）：同一篇报道只能记录一次，"
               f"请删去这一条")
    if story.unit != earlier.unit:
        co_units = "co_units" if placement.field.isascii() else "联合单位"
        message += (f"；两篇稿件分属{_unit_name(earlier.unit, ctx)}和{_unit_name(story.unit, ctx)}，如是合作完成的同一篇报道，"
                    f"请合为一篇稿件，把另一单位写入{co_units}，再删去另一篇")
    field = placement.field or "placements"
    return Duplicate(Problem(ctx.shown(story.src), placement.line, field, message), other)


def _unit_name(unit_id: str, ctx: StoryContext) -> str:
    try:
        return ctx.registry.unit(unit_id).name
    except KeyError:  # a story is only valid with a registered unit; kept safe all the same
        return unit_id
