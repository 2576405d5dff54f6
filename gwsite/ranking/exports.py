"""The ranking as the office takes it away: JSON, CSV for Excel, and a terminal table; and the
placements it was scored from (`placements.json`/`.csv`), one row per placement and unit credited."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from typing import Any

from ..problems import printable
from .issued import CHANGED, Issued, IssuedPeriod
from .issued_changes import change_json, numbers_text
from .labels import COMPLETION, PENDING, cumulative_levels, level_name, percent, points_text, ranking_title
from .tally import Ranking, ScoredPlacement, UnitScore, round_half_up

# A placement's points and a unit's share of them keep two decimals: 江北日报 图片 at 1.1 × 1.5 earns
# 1.65, and a third of 5 is 1.67, where the ranking's one decimal would hide what the sum is made of.
PLACEMENT_DIGITS = 2


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


def ranking_json(ranking: Ranking, issued: IssuedPeriod | None = None,
                 correspondents: dict[str, Any] | None = None) -> dict[str, Any]:
    """`issued`: the period's issued state, whose ranking is `ranking`, when the period was issued.
    `correspondents`: the keys of the per-correspondent tally (`correspondent_exports.correspondents_json`)."""
    data: dict[str, Any] = {
        "period": str(ranking.period),
        "groups": [
            {"id": g.group.id, "name": g.group.name, "units": [unit_json(score) for score in g.units]}
            for g in ranking.groups
        ],
    }
    if issued is not None:
        data.update(issued_json(issued))
    if correspondents is not None:
        data.update(correspondents)
    return data


def issued_json(issued: IssuedPeriod) -> dict[str, Any]:
    """The keys an issued period adds: when it was issued, and what changed since."""
    record = issued.record
    return {
        "issued": {"date": str(record.issued), "cutoff": str(record.cutoff)},
        "changes_since_issue": [change_json(change) for change in issued.changes],
    }


def to_json(ranking: Ranking, issued: IssuedPeriod | None = None, correspondents: dict[str, Any] | None = None) -> str:
    # Unit and group names, and the causes of changes since an issue (outlets, story paths), are text
    # from content: written with HTML_SAFE like the placements.
    data = ranking_json(ranking, issued, correspondents)
    return json.dumps(data, ensure_ascii=False, indent=2).translate(HTML_SAFE) + "\n"


def headings(ranking: Ranking) -> list[str]:
    return [
        "分组",
        "名次",
        "单位",
        *(level.name for level in ranking.scoring.levels),
        *(heading for _, heading in cumulative_levels(ranking.scoring)),
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
                    *(str(score.at_or_above(key)) for key, _ in cumulative_levels(ranking.scoring)),
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
    return terminal_text(lines)


def terminal_text(lines: list[str]) -> str:
    """A table's lines for a terminal: names from units.yml or an issued file, titles and outlets
    from stories, with their control characters (an escape sequence, a line break) written as
    escapes, so that no name can drive the terminal or forge a line."""
    return "\n".join(printable(line) for line in lines).rstrip() + "\n"


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


PLACEMENT_HEADINGS = ["分组", "单位", "稿件标题", "稿件文件", "媒体", "级别", "类型", "版面", "刊发日期", "得分",
                      "联合单位数", "本单位得分"]


def scored_items(ranking: Ranking) -> list[tuple[str, UnitScore, ScoredPlacement]]:
    """Every placement that earns points in the period, once for each unit it credits: (group name,
    the unit's score, the placement), in the ranking's order (groups, ranks), then by date. These are
    the items the tally summed (`UnitScore.items`), so a unit's shares add up to its points."""
    return [
        (group.group.name, score, item)
        for group in ranking.groups
        for score in group.units
        for item in score.items
        if item.counted and not item.pending
    ]


def placement_json(group: str, score: UnitScore, item: ScoredPlacement, ranking: Ranking) -> dict[str, Any]:
    placement = item.placement
    return {
        "group": group,
        "unit": score.unit.name,
        "unit_id": score.unit.id,
        "story": item.story.title,
        "path": item.story.src,
        "outlet": placement.outlet,
        "level": level_name(ranking.scoring, placement),
        "type": ranking.scoring.type(placement.type).name,
        "section": placement.section or "",
        "date": placement.date.isoformat(),
        "points": number(round_half_up(item.points, PLACEMENT_DIGITS)),
        "units": len(item.units),
        "share": number(round_half_up(item.share, PLACEMENT_DIGITS)),
    }


def placements_json(ranking: Ranking) -> dict[str, Any]:
    return {
        "period": str(ranking.period),
        "placements": [placement_json(group, score, item, ranking) for group, score, item in scored_items(ranking)],
    }


# Story titles, outlets and sections are what correspondents typed: in the JSON, `<`, `>` and `&` are
# written as \u escapes (the same strings to every JSON reader), so the file never holds markup a
# browser could run were it ever shown as a page.
HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def placements_to_json(ranking: Ranking) -> str:
    # JSON's own syntax has none of these characters: only text inside strings is changed.
    return json.dumps(placements_json(ranking), ensure_ascii=False, indent=2).translate(HTML_SAFE) + "\n"


def placement_rows(ranking: Ranking) -> list[list[str]]:
    """The placements as text, in PLACEMENT_HEADINGS' order."""
    result = []
    for row in placements_json(ranking)["placements"]:
        result.append([row["group"], row["unit"], row["story"], row["path"], row["outlet"], row["level"],
                       row["type"], row["section"], row["date"], f"{row['points']:.{PLACEMENT_DIGITS}f}",
                       str(row["units"]), f"{row['share']:.{PLACEMENT_DIGITS}f}"])
    return result


# Columns of a placement row written by people (names, titles, paths, outlets, sections): neutralised.
PLACEMENT_TEXT_COLUMNS = frozenset(range(8))


def placements_to_csv(ranking: Ranking) -> str:
    """UTF-8 with a BOM, like `to_csv`; every cell the office or a correspondent typed is neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(PLACEMENT_HEADINGS)
    for row in placement_rows(ranking):
        writer.writerow([safe_cell(cell) if i in PLACEMENT_TEXT_COLUMNS else cell for i, cell in enumerate(row)])
    return "\ufeff" + out.getvalue()


def placements_to_table(ranking: Ranking, label: str) -> str:
    """The placements in a terminal: the columns the office checks, aligned for Chinese."""
    head = PLACEMENT_HEADINGS[1:]
    body = [[cell or "—" for cell in row[1:]] for row in placement_rows(ranking)]
    lines = [f"{ranking_title(label)}：计分的刊用记录 {len(body)} 条", ""]
    if body:
        numeric = {len(head) - 3, len(head) - 2, len(head) - 1}
        sizes = [max(width(cell) for cell in column) for column in zip(head, *body)]
        for i, row in enumerate([head, None, *body]):
            if row is None:
                lines.append("  ".join("-" * size for size in sizes))
                continue
            lines.append("  ".join(pad(cell, size, j in numeric and i > 0) for j, (cell, size) in enumerate(zip(row, sizes))))
    return terminal_text(lines)
