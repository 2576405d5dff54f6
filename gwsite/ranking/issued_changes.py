"""What changed since a period was issued: unit by unit, before → after, with the story or
registry entry that caused it, for the ranking page, its JSON and `gwsite check`."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from ..content.registry import Registry
from ..content.story import Story
from ..problems import Problem, Severity
from .issued import CHANGED, Change, Issued, IssuedPeriod, is_counted, plain_number, issued_ranking
from .labels import points_text
from .tally import Period, Ranking, ScoredPlacement, exact, round_half_up, score_placements, tally


def _numbers(placements: dict[str, int], points: Fraction | float) -> dict[str, Any]:
    value = round_half_up(points if isinstance(points, Fraction) else exact(points), 1)
    return {"points": value, "placements": dict(placements), "placements_total": sum(placements.values())}


def _placement_text(story: str, outlet: str, date: dt.date) -> str:
    return f"{story}：{outlet} {date}"


def _causes(record: Issued, registry: Registry, unit_id: str, now: list[ScoredPlacement]) -> list[str]:
    """Why a unit's numbers moved: each placement added, removed or changed, and why it changed."""
    before = {p.key: p for p in record.placements if unit_id in p.units}
    after = {(i.story.src, i.placement.outlet, i.date): i for i in now if unit_id in i.units and is_counted(i)}
    causes = []
    outlets_now = {outlet.name: outlet.level for outlet in registry.outlets}
    for key in sorted(set(after) - set(before)):
        item = after[key]
        when = "（刊发于截止日期之后）" if item.date > record.cutoff else ""
        causes.append(f"新增刊用记录{when} {_placement_text(*key)}，得分 {points_text(item.share)}")
    for key in sorted(set(before) - set(after)):
        causes.append(f"删去或不再计分的刊用记录 {_placement_text(*key)}")
    for key in sorted(set(before) & set(after)):
        old, item = before[key], after[key]
        new = item.placement
        details = []
        if old.level != new.level:
            was, now_level = _level_name(record, old.level), scoring_level_name(registry, new.level)
            if record.outlets.get(old.outlet) == old.level and outlets_now.get(new.outlet) == new.level:
                details.append(f"媒体“{new.outlet}”级别由{was}改为{now_level}（outlets.yml）")
            else:
                details.append(f"级别由{was}改为{now_level}")
        if old.type != new.type:
            details.append(f"类型由 {old.type} 改为 {new.type}")
        if (old.section or None) != (new.section or None):
            details.append(f"版面由“{old.section or '无'}”改为“{new.section or '无'}”")
        if tuple(old.units) != tuple(item.units):
            details.append(f"署名单位由 {'、'.join(old.units)} 改为 {'、'.join(item.units)}")
        if not details and round_half_up(item.points, 2) != round_half_up(exact(old.points), 2):
            details.append(f"计分办法变更（scoring.yml），{points_text(exact(old.points))} 分改为 {points_text(item.points)} 分")
        if details:
            causes.append(f"刊用记录变更 {_placement_text(*key)}：{'；'.join(details)}")
    return causes


def _absent(registry: Registry, unit_id: str, period: Period) -> str:
    """Why an issued unit has no row now: gone from units.yml, or its since/until leave the period out."""
    try:
        unit = registry.unit(unit_id)
    except KeyError:
        return "单位已从 units.yml 删去"
    years = [f"{key}: {value}" for key, value in (("since", unit.since), ("until", unit.until)) if value is not None]
    return (f"units.yml 中该单位的 {'、'.join(years)} 使它不再参加{period.label(registry.scoring.year_start_month)}"
            "的排名")


def _level_name(record: Issued, key: str) -> str:
    return record.levels.get(key, (key, 0))[0]


def scoring_level_name(registry: Registry, key: str | None) -> str:
    return next((lv.name for lv in registry.scoring.levels if lv.key == key), key or "未填")


def rule_changes(record: Issued, registry: Registry) -> list[str]:
    """The scoring rules that differ from those the period was issued under."""
    scoring = registry.scoring
    changes = []
    now_levels = {lv.key: (lv.name, lv.points) for lv in scoring.levels}
    for key in sorted(set(record.levels) | set(now_levels)):
        old, new = record.levels.get(key), now_levels.get(key)
        if old is None or new is None or exact(old[1]) != exact(new[1]):
            changes.append(f"{(old or new)[0]} {'—' if old is None else plain_number(old[1])} 分改为 "
                           f"{'—' if new is None else plain_number(new[1])} 分")
    now_types = {t.key: (t.name, t.factor) for t in scoring.types}
    for key in sorted(set(record.types) | set(now_types)):
        old, new = record.types.get(key), now_types.get(key)
        if old is None or new is None or exact(old[1]) != exact(new[1]):
            changes.append(f"{(old or new)[0]} 系数 {'—' if old is None else plain_number(old[1])} 改为 "
                           f"{'—' if new is None else plain_number(new[1])}")
    now_sections = dict(scoring.sections)
    if {k: exact(v) for k, v in record.sections.items()} != {k: exact(v) for k, v in now_sections.items()}:
        changes.append("版面系数有改动")
    rules = {"same_story": scoring.same_story, "year_start_month": scoring.year_start_month}
    for key, value in rules.items():
        if key in record.rules and record.rules[key] != value:
            changes.append(f"{key} 由 {record.rules[key]} 改为 {value}")
    return changes


def compare(record: Issued, live: Ranking, registry: Registry, scored: list[ScoredPlacement]) -> tuple[Change, ...]:
    """Each unit whose points or placements now differ from the issued row, with the causes."""
    start, end = record.period.bounds(registry.scoring.year_start_month)
    now = [item for item in scored if start <= item.date < end]
    issued_rows = {row.id: row for row in record.rows}
    live_scores = {score.unit.id: score for score in live.units}
    rules = rule_changes(record, registry)
    changes = []
    for unit_id in sorted(set(issued_rows) | set(live_scores)):
        row, score = issued_rows.get(unit_id), live_scores.get(unit_id)
        before = None if row is None else _numbers(row.placements, row.points)
        after = None if score is None else _numbers(score.placements, score.points)
        if before == after:
            continue
        causes = []
        if row is None:
            causes.append("通报后新增的单位（units.yml）")
        elif score is None:
            causes.append(_absent(registry, unit_id, record.period))
        causes += _causes(record, registry, unit_id, now)
        if rules and any("计分办法" in cause for cause in causes):
            causes.append(f"计分办法改动（scoring.yml）：{'；'.join(rules)}")
        if not causes:
            causes.append("计分办法或名录改动（scoring.yml、outlets.yml）" + (f"：{'；'.join(rules)}" if rules else ""))
        name = score.unit.name if score is not None else row.name  # type: ignore[union-attr]
        changes.append(Change(unit_id, name, before, after, tuple(causes), row.line if row else 1))
    return tuple(changes)


def numbers_text(numbers: dict[str, Any] | None) -> str:
    if numbers is None:
        return "—"
    return f"{numbers['points']:.1f} 分，上稿 {numbers['placements_total']} 篇"


def notices(issued: IssuedPeriod) -> list[Problem]:
    """Each change since the issue, one notice naming the issued file: never a warning."""
    record = issued.record
    return [
        Problem(record.path, change.line, CHANGED,
                f"{record.period} 已于 {record.issued} 通报，{change.name}现为 {numbers_text(change.after)}"
                f"（通报时 {numbers_text(change.before)}），通报结果不变；原因：{'；'.join(change.causes)}",
                severity=Severity.NOTICE)
        for change in issued.changes
    ]


def apply(records: dict[Period, Issued], stories: list[Story], registry: Registry,
          scored: list[ScoredPlacement] | None = None,
          live: dict[Period, Ranking] | None = None) -> dict[Period, IssuedPeriod]:
    """Every issued period with its issued ranking and its changes since."""
    if not records:
        return {}  # nothing issued: no placement need be scored for it
    stories = [story for story in stories if not story.draft]
    if scored is None:
        scored = score_placements(stories, registry)
    result = {}
    for period, record in sorted(records.items()):
        current = (live or {}).get(period) or tally(stories, registry, period, scored=scored)
        result[period] = IssuedPeriod(record, issued_ranking(record, current.pending),
                                      compare(record, current, registry, scored))
    return result


def change_json(change: Change) -> dict[str, Any]:
    return {"unit": change.unit, "name": change.name, "before": change.before, "after": change.after,
            "causes": list(change.causes)}
