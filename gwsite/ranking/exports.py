"""The ranking as the office takes it away: JSON, CSV for Excel, and a terminal table."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from typing import Any

from .issued import CHANGED, Issued, IssuedPeriod, change_json, numbers_text
from .labels import COMPLETION, PENDING, percent, points_text, ranking_title
from .tally import Ranking, UnitScore, round_half_up


def number(value: float | None) -> int | float | None:
    """60.0 → 60, so targets read as the office wrote them."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def unit_json(score: UnitScore) -> dict[str, Any]:
    completion = score.completion
    return {
        "rank": score.rank,
        "id": score.unit.id,
        "name": score.unit.name,
        "placements": dict(score.placements),
        "placements_total": score.placements_total,
        "points": round_half_up(score.points, 1),
        "target": number(score.target),
        "completion": None if completion is None else round_half_up(completion, 3),
        "site_stories": score.site_stories,
        "pending": score.pending,
    }


def ranking_json(ranking: Ranking, issued: IssuedPeriod | None = None) -> dict[str, Any]:
    """`issued`: the period's issued state, whose ranking is `ranking`, when the period was issued."""
    data = {
        "period": str(ranking.period),
        "groups": [
            {"id": g.group.id, "name": g.group.name, "units": [unit_json(score) for score in g.units]}
            for g in ranking.groups
        ],
    }
    if issued is not None:
        data.update(issued_json(issued))
    return data


def issued_json(issued: IssuedPeriod) -> dict[str, Any]:
    """The keys an issued period adds: when it was issued, and what changed since."""
    record = issued.record
    return {
        "issued": {"date": str(record.issued), "cutoff": str(record.cutoff)},
        "changes_since_issue": [change_json(change) for change in issued.changes],
    }


def to_json(ranking: Ranking, issued: IssuedPeriod | None = None) -> str:
    return json.dumps(ranking_json(ranking, issued), ensure_ascii=False, indent=2) + "\n"


def cumulative_levels(ranking: Ranking) -> list[tuple[str, str]]:
    """(level key, heading) of the "X级(含)以上" columns: every level but the highest and lowest."""
    levels = ranking.scoring.levels
    return [(level.key, f"{level.name}(含)以上") for level in levels[1:-1]]


def headings(ranking: Ranking) -> list[str]:
    return [
        "分组",
        "名次",
        "单位",
        *(level.name for level in ranking.scoring.levels),
        *(heading for _, heading in cumulative_levels(ranking)),
        "上稿合计",
        "得分",
        "任务分值",
        "完成率",
        "网站稿件",
        PENDING,
    ]


def rows(ranking: Ranking) -> list[list[str]]:
    result = []
    for group in ranking.groups:
        for score in group.units:
            data = unit_json(score)
            result.append(
                [
                    group.group.name,
                    str(score.rank),
                    score.unit.name,
                    *(str(n) for n in score.placements.values()),
                    *(str(score.at_or_above(key)) for key, _ in cumulative_levels(ranking)),
                    str(score.placements_total),
                    points_text(score.points),
                    "" if data["target"] is None else str(data["target"]),
                    percent(data["completion"]),
                    str(score.site_stories),
                    str(score.pending),
                ]
            )
    return result


def safe_cell(text: str) -> str:
    """Keep a spreadsheet from running a cell as a formula: a name starting with = + - @, a tab or a
    carriage return (OWASP's list) gets a leading apostrophe, which Excel and WPS show as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(ranking: Ranking) -> str:
    """UTF-8 with a BOM, so Excel opens the Chinese text correctly. Every cell that holds a name
    (group, unit) is neutralised; the others are numbers and percentages this module writes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(heading) for heading in headings(ranking)])
    for row in rows(ranking):
        writer.writerow([safe_cell(row[0]), row[1], safe_cell(row[2]), *row[3:]])
    return "\ufeff" + out.getvalue()


def width(text: str) -> int:
    """Columns a string takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int, right: bool) -> str:
    space = " " * (size - width(text))
    return space + text if right else text + space


def to_table(ranking: Ranking, label: str, issued: IssuedPeriod | None = None) -> str:
    # The CSV keeps its header bytes (完成率); the table says what the rate is measured against.
    head = [COMPLETION if heading == "完成率" else heading for heading in headings(ranking)[1:]]
    title = ranking_title(label)
    if issued is not None:
        title += f"（{issued_mark(issued.record)}）"
    lines = [title, ""]
    for group in ranking.groups:
        body = [[cell or "—" for cell in row[1:]] for row in rows(ranking) if row[0] == group.group.name]
        sizes = [max(width(cell) for cell in column) for column in zip(head, *body)]
        lines.append(f"【{group.group.name}】")
        lines.append("  ".join(pad(cell, size, i not in (1,)) for i, (cell, size) in enumerate(zip(head, sizes))))
        lines.append("  ".join("-" * size for size in sizes))
        for row in body:
            lines.append("  ".join(pad(cell, size, i not in (1,)) for i, (cell, size) in enumerate(zip(row, sizes))))
        lines.append("")
    if issued is not None:
        lines += issued_lines(issued)
    if ranking.pending:
        lines.append(f"{PENDING}媒体的刊用记录 {len(ranking.pending)} 条，核定级别后计分（见网站“宣传排名”页）。")
    return "\n".join(lines).rstrip() + "\n"


def issued_mark(record: Issued) -> str:
    """已通报 with the dates, as every title of an issued period shows it."""
    return f"已通报，通报日期 {record.issued}，统计截至 {record.cutoff}"


def issued_lines(issued: IssuedPeriod) -> list[str]:
    """The terminal table's 通报后变动 list, after the groups."""
    if not issued.changes:
        return []
    lines = [f"{CHANGED}（以上为通报时的结果，不随之改变）："]
    for change in issued.changes:
        lines.append(f"  {change.name}：{numbers_text(change.before)} → {numbers_text(change.after)}")
        lines += [f"    {cause}" for cause in change.causes]
    return lines + [""]
