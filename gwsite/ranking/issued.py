"""Issued periods: the ranking as the office issued it (通报), kept in `content/_data/issued/`.

`gwsite issue` writes one file per period: the rows as issued, the scoring rules and outlet levels
used, every scored placement, the cut-off and the issue date. From then on the period shows those
rows, and what the content gives now is compared with them, unit by unit, with the cause of each
difference. The file is office data: it is read as untrusted input, every problem one message.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Iterable

import yaml

from ..content import yamlsafe
from ..content.registry import Group, Level, PlacementType, Registry, Scoring, Unit
from ..content.story import Story
from ..problems import Problem, Problems, Severity
from .labels import points_text
from .tally import GroupRanking, Period, Ranking, ScoredPlacement, UnitScore, exact, round_half_up, score_placements, tally

ISSUED_DIR = "issued"  # under the registry folder (content/_data/)
ISSUED_MAX_BYTES = 20_000_000
MARK = "已通报"
CHANGED = "通报后变动"

HEADER = """\
# {label}宣传上稿排名（已通报）
# ------------------------------------------------------------
# 本文件由 gwsite issue {period} 生成，记录通报时的排名，请勿手工修改。
# 通报日期：{issued}；统计截止日期：{cutoff}（此后刊发的刊用记录不计入本次通报）。
# 网站和 gwsite tally 对本统计期始终显示本文件中的名次和得分，标注“已通报”；
# 此后稿件、名录或计分办法的改动不会改变已通报的结果，只在“通报后变动”中逐单位列出。
# 如确需重新通报，请运行 gwsite issue {period} --again。
# 内容：scoring 为当时的计分办法，outlets 为当时计分媒体的级别，
# units 为各单位的排名（placements 为各级别上稿篇数），placements 为每条计分的刊用记录。
"""


@dataclass(frozen=True)
class IssuedPlacement:
    story: str  # the story file, relative to the docs folder
    units: tuple[str, ...]
    outlet: str
    level: str
    type: str
    section: str | None
    date: dt.date
    points: float

    @property
    def key(self) -> tuple[str, str, dt.date]:
        return (self.story, self.outlet, self.date)


@dataclass(frozen=True)
class IssuedRow:
    rank: int
    id: str
    name: str
    group: str
    placements: dict[str, int]
    total: int
    points: float
    target: float | None
    completion: float | None
    site_stories: int
    pending: int
    line: int = 1


@dataclass(frozen=True)
class IssuedScore(UnitScore):
    """A unit's row as issued: its completion as the file gives it, not computed again."""

    issued_completion: float | None = None

    @property
    def completion(self) -> Fraction | None:
        return None if self.issued_completion is None else Fraction(str(self.issued_completion))


@dataclass(frozen=True)
class Issued:
    """One issued period, as read from its file."""

    period: Period
    path: str  # as users see it
    issued: dt.date
    cutoff: dt.date
    levels: dict[str, tuple[str, float]]  # key → (name, points)
    types: dict[str, tuple[str, float]]  # key → (name, factor)
    sections: dict[str, float]
    rules: dict[str, Any]
    outlets: dict[str, str]  # outlet → level key
    groups: tuple[tuple[str, str], ...]  # (id, name)
    rows: tuple[IssuedRow, ...]
    placements: tuple[IssuedPlacement, ...]


@dataclass(frozen=True)
class Change:
    """One unit whose numbers now differ from the issued ones."""

    unit: str
    name: str
    before: dict[str, Any] | None  # None: the unit was not in the issued ranking
    after: dict[str, Any] | None  # None: the unit is no longer registered
    causes: tuple[str, ...]
    line: int = 1


@dataclass(frozen=True)
class IssuedPeriod:
    """An issued period as the site shows it: the issued ranking, and the changes since."""

    record: Issued
    ranking: Ranking
    changes: tuple[Change, ...] = field(default=())


# ---------------------------------------------------------------- making the record

def _number(value: float | int) -> int | float:
    return int(value) if float(value).is_integer() else value


def _counted(item: ScoredPlacement) -> bool:
    return not item.pending and item.counted


def make(stories: Iterable[Story], registry: Registry, period: Period, issued: dt.date, cutoff: dt.date) -> dict[str, Any]:
    """The issued record of `period`: only placements (and stories) dated up to `cutoff` count."""
    stories = [story for story in stories if not story.draft]
    scoring = registry.scoring
    scored = [item for item in score_placements(stories, registry) if item.date <= cutoff]
    ranking = tally([s for s in stories if s.date.date() <= cutoff], registry, period, scored=scored)
    start, end = period.bounds(scoring.year_start_month)
    used = [item for item in scored if start <= item.date < end and _counted(item)]
    units = []
    for group in ranking.groups:
        for score in group.units:
            completion = score.completion
            units.append({
                "rank": score.rank,
                "id": score.unit.id,
                "name": score.unit.name,
                "group": group.group.id,
                "placements": dict(score.placements),
                "total": score.placements_total,
                "points": round_half_up(score.points, 1),
                "target": None if score.target is None else _number(score.target),
                "completion": None if completion is None else round_half_up(completion, 3),
                "site_stories": score.site_stories,
                "pending": score.pending,
            })
    return {
        "period": str(period),
        "issued": issued,
        "cutoff": cutoff,
        "scoring": {
            "levels": {lv.key: {"name": lv.name, "points": _number(lv.points)} for lv in scoring.levels},
            "types": {t.key: {"name": t.name, "factor": _number(t.factor)} for t in scoring.types},
            "sections": {key: _number(factor) for key, factor in scoring.sections},
            "rules": {"same_story": scoring.same_story, "year_start_month": scoring.year_start_month},
        },
        "outlets": {name: level for name, level in sorted({(i.placement.outlet, i.placement.level) for i in used})},
        "groups": [{"id": g.id, "name": g.name} for g in registry.groups],
        "units": units,
        "placements": [
            {
                "story": item.story.src,
                "units": list(item.units),
                "outlet": item.placement.outlet,
                "level": item.placement.level,
                "type": item.placement.type,
                "section": item.placement.section,
                "date": item.date,
                "points": round_half_up(item.points, 2),
            }
            for item in sorted(used, key=lambda i: (i.date, i.story.src, i.placement.outlet))
        ],
    }


def dump(record: dict[str, Any], label: str) -> str:
    """The record as the file's text: a Chinese header, then YAML; the same record gives the same bytes."""
    header = HEADER.format(label=label, period=record["period"], issued=record["issued"], cutoff=record["cutoff"])
    body = yaml.safe_dump(record, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)
    return header + "\n" + body


def file_name(period: Period) -> str:
    return f"{period.slug}.yml"


# ---------------------------------------------------------------- reading the record

class _Reader:
    """Typed fields of one issued file, each problem recorded with its line."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems

    def get(self, where: Any, key: str, kinds: tuple[type, ...], expected: str, label: str,
            optional: bool = False) -> Any:
        if not isinstance(where, yamlsafe.LineDict):
            return None
        if key not in where:
            if not optional:
                self.problems.error(where.line, label, f"缺少“{key}”，应为{expected}")
            return None
        value = where[key]
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, kinds):
            self.problems.error(where.line_of(key), label, f"应为{expected}，不是“{one_line_shown(value)}”")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.problems.error(where.line_of(key), label, f"应为{expected}，不是“{value}”")
            return None
        if dt.date in kinds and isinstance(value, dt.datetime):
            self.problems.error(where.line_of(key), label, f"应为{expected}，不带时间")
            return None
        return value


def one_line_shown(value: Any) -> str:
    """A wrong value as a message quotes it: one line, at most 40 characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:40] + "…"


NUMBER = (int, float)
MAPPING = (yamlsafe.LineDict,)
LIST = (yamlsafe.LineList,)


def read(path: Path, shown: str, period: Period) -> tuple[Issued | None, list[Problem]]:
    """One issued file, validated; None with the reasons when it is unusable."""
    problems = Problems(shown)
    data = _load(path, problems)
    if data is None:
        return None, problems.items
    if not isinstance(data, yamlsafe.LineDict):
        problems.error(1, "文件", "已通报排名文件应由 gwsite issue 生成，内容应以“period:”等字段开头")
        return None, problems.items
    r = _Reader(problems)
    text = r.get(data, "period", (str, int), f"统计期“{period}”", "period")
    if text is not None and str(text).lower() != str(period).lower():
        problems.error(data.line_of("period"), "period",
                       f"统计期“{text}”与文件名不符，文件 {file_name(period)} 应记录统计期“{period}”")
    issued = r.get(data, "issued", (dt.date,), "通报日期，如 2025-04-03", "issued")
    cutoff = r.get(data, "cutoff", (dt.date,), "统计截止日期，如 2025-03-31", "cutoff")
    scoring = r.get(data, "scoring", MAPPING, "计分办法（levels、types、sections、rules）", "scoring")
    levels = _named(r, scoring, "levels", "points", "scoring.levels")
    types = _named(r, scoring, "types", "factor", "scoring.types")
    sections: dict[str, float] = {}
    section_data = r.get(scoring, "sections", MAPPING, "版面系数，如 头版: 2", "scoring.sections", optional=True)
    for key in section_data or {}:
        factor = r.get(section_data, key, NUMBER, "数字", f"scoring.sections.{key}")
        if factor is not None:
            sections[str(key)] = factor
    rules = r.get(scoring, "rules", MAPPING, "规则（same_story、year_start_month）", "scoring.rules", optional=True) or {}
    outlets: dict[str, str] = {}
    outlet_data = r.get(data, "outlets", MAPPING, "媒体及其级别，如 青州日报: city", "outlets")
    for name in outlet_data or {}:
        level = r.get(outlet_data, name, (str,), "级别代码，如 city", f"outlets.{name}")
        if level is not None:
            outlets[str(name)] = level
    groups = []
    for index, entry in enumerate(r.get(data, "groups", LIST, "分组列表", "groups") or []):
        label = f"groups[{index + 1}]"
        if not isinstance(entry, yamlsafe.LineDict):
            problems.error(data["groups"].line_of(index), label, "每个分组应有 id 和 name")
            continue
        group_id, name = r.get(entry, "id", (str,), "分组代码", f"{label}.id"), r.get(entry, "name", (str,), "分组名称", f"{label}.name")
        if group_id is not None and name is not None:
            groups.append((group_id, name))
    rows = _rows(r, data, levels)
    known = {group_id for group_id, _ in groups}
    seen: dict[str, int] = {}
    for row in rows:
        if row.group not in known:
            problems.error(row.line, "units.group", f"分组“{row.group}”不在本文件的 groups 中（{'、'.join(sorted(known))}）")
        if row.id in seen:
            problems.error(row.line, "units.id", f"单位“{row.id}”重复（第 {seen[row.id]} 行已有）")
        seen.setdefault(row.id, row.line)
    placements = _placements(r, data)
    if problems.has_errors or issued is None or cutoff is None:
        return None, problems.items
    return Issued(period, shown, issued, cutoff, levels, types, sections, dict(rules), outlets, tuple(groups),
                  tuple(rows), tuple(placements)), problems.items


def _load(path: Path, problems: Problems) -> Any:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.error(1, "文件", f"无法读取文件（{exc.strerror}）")
        return None
    if len(raw) > ISSUED_MAX_BYTES:
        problems.error(1, "文件", "文件超过 20 MB，不像是已通报排名文件，请检查")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.error(raw[: exc.start].count(b"\n") + 1, "编码", "文件不是 UTF-8 编码，请用 gwsite issue 重新生成")
        return None
    try:
        return yamlsafe.load(text.replace("\r\n", "\n"))
    except yamlsafe.YamlError as exc:
        problems.error(exc.line, exc.key or yamlsafe.key_on_line(text, exc.line, "YAML"), exc.message)
        return None


def _named(r: _Reader, scoring: Any, key: str, value_key: str, label: str) -> dict[str, tuple[str, float]]:
    result: dict[str, tuple[str, float]] = {}
    entries = r.get(scoring, key, MAPPING, f"{key} 列表，如 city: {{name: 市级, {value_key}: 2}}", label)
    for entry_key in entries or {}:
        entry = r.get(entries, entry_key, MAPPING, f"{{name: …, {value_key}: …}}", f"{label}.{entry_key}")
        name = r.get(entry, "name", (str,), "名称", f"{label}.{entry_key}.name")
        value = r.get(entry, value_key, NUMBER, "数字", f"{label}.{entry_key}.{value_key}")
        if name is not None and value is not None:
            result[str(entry_key)] = (name, value)
    return result


INT = (int,)


def _rows(r: _Reader, data: Any, levels: dict[str, tuple[str, float]]) -> list[IssuedRow]:
    rows = []
    units = r.get(data, "units", LIST, "各单位排名列表", "units") or []
    for index, entry in enumerate(units):
        label = f"units[{index + 1}]"
        if not isinstance(entry, yamlsafe.LineDict):
            r.problems.error(units.line_of(index), label, "每个单位应有 rank、id、name、group、points 等字段")
            continue
        values = {
            "rank": r.get(entry, "rank", INT, "名次（整数）", f"{label}.rank"),
            "id": r.get(entry, "id", (str,), "单位代码", f"{label}.id"),
            "name": r.get(entry, "name", (str,), "单位名称", f"{label}.name"),
            "group": r.get(entry, "group", (str,), "分组代码", f"{label}.group"),
            "total": r.get(entry, "total", INT, "上稿合计（整数）", f"{label}.total"),
            "points": r.get(entry, "points", NUMBER, "得分（数字）", f"{label}.points"),
            "target": r.get(entry, "target", NUMBER, "任务分值（数字）或空", f"{label}.target", optional=True),
            "completion": r.get(entry, "completion", NUMBER, "完成率（数字）或空", f"{label}.completion", optional=True),
            "site_stories": r.get(entry, "site_stories", INT, "网站稿件篇数（整数）", f"{label}.site_stories"),
            "pending": r.get(entry, "pending", INT, "待核定篇数（整数）", f"{label}.pending"),
        }
        counts = r.get(entry, "placements", MAPPING, "各级别上稿篇数，如 {city: 2}", f"{label}.placements")
        placements: dict[str, int] = {}
        for key in counts or {}:
            if str(key) not in levels and levels:
                r.problems.error(counts.line_of(key), f"{label}.placements",
                                 f"级别“{key}”不在本文件 scoring.levels 中（{'、'.join(levels)}）")
                continue
            number = r.get(counts, key, INT, "篇数（整数）", f"{label}.placements.{key}")
            if number is not None:
                placements[str(key)] = number
        required = ("rank", "id", "name", "group", "total", "points", "site_stories", "pending")
        if counts is None or any(values[key] is None for key in required):
            continue
        placements = {key: placements.get(key, 0) for key in levels}  # every level, in the issued order
        rows.append(IssuedRow(placements=placements, line=entry.line, **values))
    return rows


def _placements(r: _Reader, data: Any) -> list[IssuedPlacement]:
    result = []
    items = r.get(data, "placements", LIST, "计分的刊用记录列表", "placements") or []
    for index, entry in enumerate(items):
        label = f"placements[{index + 1}]"
        if not isinstance(entry, yamlsafe.LineDict):
            r.problems.error(items.line_of(index), label, "每条刊用记录应有 story、units、outlet、level、date、points")
            continue
        units = r.get(entry, "units", LIST, "单位代码列表", f"{label}.units")
        values = {
            "story": r.get(entry, "story", (str,), "稿件文件路径", f"{label}.story"),
            "outlet": r.get(entry, "outlet", (str,), "媒体名称", f"{label}.outlet"),
            "level": r.get(entry, "level", (str,), "级别代码", f"{label}.level"),
            "type": r.get(entry, "type", (str,), "类型代码", f"{label}.type"),
            "section": r.get(entry, "section", (str,), "版面名称或空", f"{label}.section", optional=True),
            "date": r.get(entry, "date", (dt.date,), "刊发日期，如 2025-03-18", f"{label}.date"),
            "points": r.get(entry, "points", NUMBER, "得分（数字）", f"{label}.points"),
        }
        if units is not None and not all(isinstance(u, str) for u in units):
            r.problems.error(entry.line_of("units"), f"{label}.units", "应为单位代码列表，如 [anping]")
            continue
        if units is None or any(values[k] is None for k in ("story", "outlet", "level", "type", "date", "points")):
            continue
        result.append(IssuedPlacement(units=tuple(units), **values))
    return result


def read_all(data_dir: Path, shown_dir: str) -> tuple[dict[Period, Issued], list[Problem]]:
    """Every issued file in `<data_dir>/issued/`, by period; a file whose name is no period is an error."""
    folder = data_dir / ISSUED_DIR
    records: dict[Period, Issued] = {}
    problems: list[Problem] = []
    if not folder.is_dir():
        return records, problems
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        shown = f"{shown_dir}/{ISSUED_DIR}/{path.name}"
        if path.suffix not in (".yml", ".yaml"):
            problems.append(Problem(shown, 1, "文件", "issued 文件夹只应存放 gwsite issue 生成的 .yml 文件"))
            continue
        try:
            period = Period.parse(path.stem)
        except ValueError:
            problems.append(Problem(shown, 1, "文件",
                                    f"文件名“{path.name}”不是统计期，应为 2025.yml、2025q1.yml 或 2025-03.yml"))
            continue
        if path.stem != period.slug or period in records:
            problems.append(Problem(shown, 1, "文件", f"文件名应为 {file_name(period)}（同一统计期只能有一个文件）"))
            continue
        record, found = read(path, shown, period)
        problems.extend(found)
        if record is not None:
            records[period] = record
    return records, problems


# ---------------------------------------------------------------- showing and comparing

def issued_scoring(record: Issued) -> Scoring:
    """The scoring rules the period was issued under, as far as its tables need them."""
    return Scoring(
        levels=tuple(Level(key, name, points) for key, (name, points) in record.levels.items()),
        types=tuple(PlacementType(key, name, factor) for key, (name, factor) in record.types.items()),
        sections=tuple(record.sections.items()),
        same_story=str(record.rules.get("same_story", "each")),
        year_start_month=record.rules.get("year_start_month", 1) if isinstance(record.rules.get("year_start_month"), int) else 1,
    )


def issued_ranking(record: Issued, pending: tuple[ScoredPlacement, ...] = ()) -> Ranking:
    """The ranking as issued: the file's rows, grouped as issued, under the rules it was issued with.
    `pending`: today's pending placements of the period, which the office still has to rate."""
    groups = []
    for group_id, name in record.groups:
        scores = tuple(
            IssuedScore(
                unit=Unit(row.id, row.name, row.group),
                rank=row.rank,
                placements=dict(row.placements),
                points=exact(row.points),
                target=row.target,
                site_stories=row.site_stories,
                pending=row.pending,
                issued_completion=row.completion,
            )
            for row in record.rows if row.group == group_id
        )
        groups.append(GroupRanking(Group(group_id, name), scores))
    return Ranking(record.period, issued_scoring(record), tuple(groups), pending)


def _numbers(placements: dict[str, int], points: Fraction | float) -> dict[str, Any]:
    value = round_half_up(points if isinstance(points, Fraction) else exact(points), 1)
    return {"points": value, "placements": dict(placements), "placements_total": sum(placements.values())}


def _placement_text(story: str, outlet: str, date: dt.date) -> str:
    return f"{story}：{outlet} {date}"


def _causes(record: Issued, registry: Registry, unit_id: str, now: list[ScoredPlacement]) -> list[str]:
    """Why a unit's numbers moved: each placement added, removed or changed, and why it changed."""
    before = {p.key: p for p in record.placements if unit_id in p.units}
    after = {(i.story.src, i.placement.outlet, i.date): i for i in now if unit_id in i.units and _counted(i)}
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
            changes.append(f"{(old or new)[0]} {'—' if old is None else _number(old[1])} 分改为 "
                           f"{'—' if new is None else _number(new[1])} 分")
    now_types = {t.key: (t.name, t.factor) for t in scoring.types}
    for key in sorted(set(record.types) | set(now_types)):
        old, new = record.types.get(key), now_types.get(key)
        if old is None or new is None or exact(old[1]) != exact(new[1]):
            changes.append(f"{(old or new)[0]} 系数 {'—' if old is None else _number(old[1])} 改为 "
                           f"{'—' if new is None else _number(new[1])}")
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
            causes.append("单位已从 units.yml 删去")
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
