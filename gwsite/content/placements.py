"""The 刊用 list of a story: each outside outlet that ran it, checked against the registry.

A listed outlet scores at its registered level; an outlet not in the directory is kept as
pending (待核定) with a notice, and scores nothing until the office lists it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from ..problems import Problems
from .fields import PLACEMENT_KEYS, Fields, local_path, registered, written_datetime
from .names import normalize_name
from .registry import Outlet, Registry
from .story import Placement, StoryContext
from .values import DATE_EXPECTED, one_line
from .yamlsafe import LineDict, LineList


def _choices(entries: Any) -> str:
    return "、".join(f"{entry.key}（{entry.name}）" for entry in entries)


class _Entry:
    """One 刊用 entry being checked: its fields, and whether any of them was wrong."""

    def __init__(self, item: Fields, problems: Problems) -> None:
        self.item = item
        self.problems = problems
        self.ok = True

    def error(self, line: int, label: str, message: str) -> None:
        self.problems.error(line, label, message)
        self.ok = False

    def given(self, key: str) -> bool:
        return key in self.item and self.item.get(key) is not None


def check_placements(fields: Fields, src: str, story_date: dt.datetime | None, ctx: StoryContext,
                     problems: Problems) -> list[Placement]:
    raw, label = fields.get("placements"), fields.label("placements")
    if not isinstance(raw, LineList):
        problems.error(fields.line("placements"), label, "刊用记录应为列表，每条以“- 媒体: …”开头")
        return []
    placements: list[Placement] = []
    seen: dict[str, int] = {}
    for index, raw_entry in enumerate(raw):
        prefix = f"{label}[{index + 1}]."
        if not isinstance(raw_entry, LineDict):
            problems.error(raw.line_of(index), f"{label}[{index + 1}]", "每条刊用记录应写成“媒体: …、级别: …、日期: …”")
            continue
        item = Fields(raw_entry, PLACEMENT_KEYS, prefix, problems)
        placement = _placement(_Entry(item, problems), src, story_date, ctx)
        if placement is None:
            continue
        key = normalize_name(placement.outlet)
        if key in seen:
            problems.warning(
                item.line("outlet"),
                item.label("outlet"),
                f"“{placement.outlet}”已在第 {seen[key]} 条刊用记录中列出，同一媒体只计一次",
            )
            continue
        seen[key] = index + 1
        if not placement.listed:
            guess = ctx.registry.outlet_names.suggest(placement.outlet)
            hint = f"（名录中有相近的“{guess}”，如是同一家请改用该名称）" if guess else ""
            problems.notice(
                item.line("outlet"),
                item.label("outlet"),
                f"媒体“{placement.outlet}”尚未列入媒体名录，待办公室核定级别后计分{hint}",
            )
        placements.append(placement)
    return placements


def _placement(entry: _Entry, src: str, story_date: dt.datetime | None, ctx: StoryContext) -> Placement | None:
    """The placement one entry records, checking every field of it; None if any is wrong."""
    item, registry = entry.item, ctx.registry
    outlet = _outlet(entry, registry)
    outlet_name = outlet.name if outlet else one_line(item.get("outlet"))
    if outlet_name is None:
        entry.ok = False
    claimed = _level(entry, outlet, registry)
    placement_date = _date(entry, story_date, ctx)
    kind = _type(entry, registry)
    url = _url(entry)
    section = one_line(str(item.get("section"))) if entry.given("section") else None
    proof = None
    if entry.given("proof"):
        proof = local_path(item.get("proof"), src, ctx, item.line("proof"), item.label("proof"), entry.problems)
        entry.ok = entry.ok and proof is not None
    if not entry.ok:
        return None
    return Placement(
        outlet=outlet_name,
        listed=outlet is not None,
        level=outlet.level if outlet else claimed,
        date=placement_date,
        type=kind,
        url=url,
        section=section,
        proof=proof,
        line=item.line("outlet"),
        proof_line=item.line("proof"),
        proof_field=item.label("proof"),
        field=item.prefix.removesuffix("."),
    )


def _outlet(entry: _Entry, registry: Registry) -> Outlet | None:
    """The listed outlet the entry names; None for a missing name or an outlet not in the directory."""
    item = entry.item
    if "outlet" not in item:
        entry.error(item.data.line, f"{item.prefix}outlet", "缺少媒体名称（outlet 或 媒体）")
        return None
    return registered(registry.outlet_names, item.get("outlet"), item.line("outlet"), item.label("outlet"), "媒体",
                      entry.problems)


def _level(entry: _Entry, outlet: Outlet | None, registry: Registry) -> str | None:
    """The level key the entry claims, which must be the directory's for a listed outlet."""
    item = entry.item
    if not entry.given("level"):
        return None
    match = registry.level_names.lookup(str(item.get("level")))
    if match is None:
        entry.error(item.line("level"), item.label("level"), f"级别“{item.get('level')}”无效，应为 {_choices(registry.scoring.levels)}")
        return None
    if outlet is not None and match.item.key != outlet.level:
        entry.error(
            item.line("level"),
            item.label("level"),
            f"“{outlet.name}”在媒体名录中是{registry.scoring.level(outlet.level).name}，"
            f"不是{match.item.name}；请改正级别，或删去级别一项",
        )
    return match.item.key


def _date(entry: _Entry, story_date: dt.datetime | None, ctx: StoryContext) -> dt.date | None:
    """The day the outlet ran the story: not in the future, not before the story."""
    item = entry.item
    if "date" not in item:
        entry.error(item.data.line, f"{item.prefix}date", "缺少刊用日期（date 或 日期），即媒体刊发的日期")
        return None
    moment = written_datetime(item.get("date"), ctx, item.line("date"), item.label("date"), entry.problems)
    if moment is None:
        entry.error(item.line("date"), item.label("date"), f"{DATE_EXPECTED}，不是“{item.get('date')}”")
        return None
    placement_date = moment.date()
    if placement_date > ctx.now.date():
        entry.error(item.line("date"), item.label("date"), f"刊用日期 {placement_date} 晚于今天")
    elif story_date is not None and placement_date < story_date.date():
        entry.error(
            item.line("date"),
            item.label("date"),
            f"刊用日期 {placement_date} 早于稿件日期 {story_date.date()}，请核对",
        )
    return placement_date


def _type(entry: _Entry, registry: Registry) -> str:
    item = entry.item
    if not entry.given("type"):
        return "text"
    match = registry.type_names.lookup(str(item.get("type")))
    if match is None:
        entry.error(item.line("type"), item.label("type"), f"类型“{item.get('type')}”无效，应为 {_choices(registry.scoring.types)}")
        return "text"
    return match.item.key


def _url(entry: _Entry) -> str | None:
    """The web address of the outlet's article: http or https, with a host."""
    item = entry.item
    if not entry.given("url"):
        return None
    url = one_line(item.get("url"))
    try:
        parts = urlsplit(url) if url else None
    except ValueError:  # an unclosed “[” of an IPv6 address
        parts = None
    if not parts or parts.scheme not in ("http", "https") or not parts.netloc:
        if url and url.lower().startswith(("http://", "https://")):
            message = f"链接“{url}”不是有效的网址，请从浏览器地址栏复制完整的网址"
        else:
            message = f"链接应以 http:// 或 https:// 开头，不是“{item.get('url')}”"
        entry.error(item.line("url"), item.label("url"), message)
    return url
