"""Reading the issued files in `content/_data/issued/`: office data, read as untrusted input.

Every problem of a file (bad YAML, a missing key, a wrong type, a number that is not finite, a
period that does not match the file's name) is one Chinese message naming file, line and field.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any


from ..content import yamlsafe
from ..problems import Problem, Problems
from .issued import ISSUED_DIR, ISSUED_MAX_BYTES, Issued, IssuedPlacement, IssuedRow, file_name
from .tally import Period


# Every number of an issued file (rank, counts, points, targets, rates) is at least 0 and at most
# this: larger ones are a slip of the hand, and cannot be rounded or compared as decimals.
MAX_NUMBER = 1_000_000_000


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
        if isinstance(value, (int, float)) and not 0 <= value <= MAX_NUMBER:
            self.problems.error(where.line_of(key), label,
                                f"应为 0 至 {MAX_NUMBER} 之间的{expected}，不是“{number_shown(value)}”")
            return None
        if dt.date in kinds and isinstance(value, dt.datetime):
            self.problems.error(where.line_of(key), label, f"应为{expected}，不带时间")
            return None
        return value


def one_line_shown(value: Any) -> str:
    """A wrong value as a message quotes it: one line, at most 40 characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:40] + "…"


def number_shown(value: int | float) -> str:
    """A wrong number as a message quotes it: a huge integer (too long even to print) only said to be."""
    if isinstance(value, int) and value.bit_length() > 64:
        return "一个过大的数"
    return one_line_shown(value)


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
        if group_id is not None and group_id in {known_id for known_id, _ in groups}:
            problems.error(entry.line_of("id"), f"{label}.id", f"分组“{group_id}”重复，每个分组只应列一次")
        elif group_id is not None and name is not None:
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
    start_month = rules.get("year_start_month") if isinstance(rules, dict) else None
    if type(start_month) is not int or not 1 <= start_month <= 12:  # a bool or 8.0 is no month
        start_month = 1
    start, _ = period.bounds(start_month)
    if cutoff is not None and cutoff < start:
        # As `gwsite issue` refuses it: every placement issued would lie after the cut-off.
        problems.error(data.line_of("cutoff"), "cutoff",
                       f"统计截止日期 {cutoff} 早于统计期 {period} 的第一天 {start}，应为 gwsite issue 写入的截止日期")
    if problems.has_errors or issued is None or cutoff is None:
        return None, problems.items
    return Issued(period, shown, issued, cutoff, levels, types, sections, dict(rules), outlets, tuple(groups),
                  tuple(rows), tuple(placements)), problems.items


def _load(path: Path, problems: Problems) -> Any:
    return yamlsafe.load_file(path, problems, ISSUED_MAX_BYTES, "文件超过 20 MB，不像是已通报排名文件，请检查",
                              "文件不是 UTF-8 编码，请用 gwsite issue 重新生成")


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
            if period.kind == "range":  # `gwsite issue` issues a year, a quarter or a month only
                raise ValueError(path.stem)
        except ValueError:
            problems.append(Problem(shown, 1, "文件",
                                    f"文件名“{path.name}”不是统计期，应为 2025.yml、2025q1.yml 或 2025-03.yml"))
            continue
        if path.name != file_name(period):  # 2025Q1.yml, 2025q1.yaml: never read beside the real one
            problems.append(Problem(shown, 1, "文件", f"文件名应为 {file_name(period)}（同一统计期只能有一个文件）"))
            continue
        record, found = read(path, shown, period)
        problems.extend(found)
        if record is not None:
            records[period] = record
    return records, problems


# ---------------------------------------------------------------- showing and comparing

