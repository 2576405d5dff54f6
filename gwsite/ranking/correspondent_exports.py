"""The per-correspondent tally as the office takes it away (`gwsite tally --by author`): JSON rows
(also in the site's ranking.json), CSV for Excel and a terminal table. Each ends with what stories
without authors earned, so that the correspondents' points and it add up to the units' total."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from typing import Any

from ..content.registry import Scoring
from .correspondents import CorrespondentScore, CorrespondentTally, Unattributed
from .exports import HTML_SAFE, pad, safe_cell, terminal_text, width
from .labels import PENDING, cumulative_levels, points_text
from .tally import round_half_up

TITLE = "通讯员上稿统计"
UNATTRIBUTED = "（未署作者的稿件）"
LISTED = "名录内"


def correspondents_title(label: str) -> str:
    """The heading of a period's per-correspondent tally: 2025年度通讯员上稿统计."""
    return f"{label}{TITLE}"


def correspondent_json(score: CorrespondentScore, scoring: Scoring) -> dict[str, Any]:
    return {
        "rank": score.rank,
        "name": score.name,
        "unit_id": score.unit.id,
        "unit": score.unit.name,
        "listed": score.listed,
        "site_stories": score.site_stories,
        "placements": dict(score.placements),
        "placements_total": score.placements_total,
        "at_or_above": {key: score.at_or_above(key) for key, _ in cumulative_levels(scoring)},
        "points": round_half_up(score.points, 1),
        "pending": score.pending,
    }


def unattributed_json(unattributed: Unattributed) -> dict[str, Any]:
    data: dict[str, Any] = {
        "site_stories": unattributed.site_stories,
        "placements": unattributed.placements,
        "points": round_half_up(unattributed.points, 1),
    }
    if unattributed.unmatched:  # an issued period's placements no story has any more: among `placements`
        data["unmatched"] = unattributed.unmatched
    return data


def unmatched_note(unattributed: Unattributed) -> str:
    """What an issued period's unattributed numbers also hold, in words (empty when nothing)."""
    if not unattributed.unmatched:
        return ""
    return (f"（其中 {unattributed.unmatched} 条是通报时计分、现已找不到对应稿件的刊用记录：稿件文件改名、删除或改为草稿，"
            f"或刊用记录的媒体、日期已改动）")


def correspondents_json(tally: CorrespondentTally, scoring: Scoring) -> dict[str, Any]:
    """The keys ranking.json gains, and `gwsite tally --by author --format json` gives (with the
    period). `unattributed` is left out of a tally narrowed to a group (see `for_units`)."""
    data: dict[str, Any] = {"correspondents": [correspondent_json(score, scoring) for score in tally.correspondents]}
    if tally.unattributed is not None:
        data["unattributed"] = unattributed_json(tally.unattributed)
    return data


def for_units(tally: CorrespondentTally, unit_ids: set[str]) -> CorrespondentTally:
    """The correspondents of some units (a group's), ranked among themselves (ties share a rank).
    What stories without authors earned is not split by group: it is left out (None)."""
    scores: list[CorrespondentScore] = []
    for position, score in enumerate((s for s in tally.correspondents if s.unit.id in unit_ids), start=1):
        rank = scores[-1].rank if scores and scores[-1].points == score.points else position
        scores.append(replace(score, rank=rank))
    return replace(tally, correspondents=tuple(scores), unattributed=None)


def to_json(tally: CorrespondentTally, scoring: Scoring, issued: dict[str, str] | None = None) -> str:
    """`issued`: an issued period's dates ({"date", "cutoff"}): the correspondents were credited with
    its issued placements only (`correspondents.tally_as_issued`). Names are text from content: written with HTML_SAFE."""
    data: dict[str, Any] = {"period": str(tally.period)}
    if issued is not None:
        data["issued"] = issued
    data.update(correspondents_json(tally, scoring))
    return json.dumps(data, ensure_ascii=False, indent=2).translate(HTML_SAFE) + "\n"


def headings(scoring: Scoring) -> list[str]:
    return [
        "名次",
        "姓名",
        "单位",
        "网站稿件",
        *(level.name for level in scoring.levels),
        *(heading for _, heading in cumulative_levels(scoring)),
        "上稿合计",
        "得分",
        PENDING,
        LISTED,
    ]


def rows(tally: CorrespondentTally, scoring: Scoring, unattributed: bool = True) -> list[list[str]]:
    """The rows as text in `headings`' order; with `unattributed`, what stories without authors
    earned as the last row (no rank, no unit), so that the points column sums to the units' total."""
    result = []
    for score in tally.correspondents:
        result.append([
            str(score.rank), score.name, score.unit.name, str(score.site_stories),
            *(str(n) for n in score.placements.values()),
            *(str(score.at_or_above(key)) for key, _ in cumulative_levels(scoring)),
            str(score.placements_total), points_text(score.points), str(score.pending),
            "是" if score.listed else "否",
        ])
    if unattributed and tally.unattributed is not None:
        blank = [""] * (len(scoring.levels) + len(cumulative_levels(scoring)))
        nobody = tally.unattributed
        result.append(["", UNATTRIBUTED, "", str(nobody.site_stories), *blank, str(nobody.placements),
                       points_text(nobody.points), "", ""])
    return result


def to_csv(tally: CorrespondentTally, scoring: Scoring) -> str:
    """UTF-8 with a BOM, like the units' CSV; the name and unit cells are neutralised (`safe_cell`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(heading) for heading in headings(scoring)])
    for row in rows(tally, scoring):
        writer.writerow([row[0], safe_cell(row[1]), safe_cell(row[2]), *row[3:]])
    return "\ufeff" + out.getvalue()


def cutoff_note(cutoff: str) -> str:
    """What an issued period's correspondent numbers are: not issued themselves, counted from the
    content up to the issued cut-off."""
    return f"该统计期已通报；通讯员只计通报时计分的刊用记录（统计截至 {cutoff}），姓名和署名按现有稿件"


def to_table(tally: CorrespondentTally, scoring: Scoring, label: str, cutoff: str | None = None) -> str:
    head = headings(scoring)
    lines = [correspondents_title(label)]
    if cutoff is not None:
        lines.append(f"（{cutoff_note(cutoff)}）")
    lines.append("")
    body = [[cell or "—" for cell in row] for row in rows(tally, scoring, unattributed=False)]
    if tally.correspondents:
        left = {1, 2, len(head) - 1}
        sizes = [max(width(cell) for cell in column) for column in zip(head, *body)]
        lines.append("  ".join(pad(cell, size, i not in left) for i, (cell, size) in enumerate(zip(head, sizes))))
        lines.append("  ".join("-" * size for size in sizes))
        for row in body:
            lines.append("  ".join(pad(cell, size, i not in left) for i, (cell, size) in enumerate(zip(row, sizes))))
    else:
        lines.append("本期没有署名作者的稿件，各单位也未在 units.yml 中登记通讯员。")
    if tally.unattributed is not None:
        nobody = tally.unattributed
        lines += ["", f"未署作者的稿件：网站稿件 {nobody.site_stories} 篇，计分刊用 {nobody.placements} 条，"
                      f"得分 {points_text(nobody.points)}（与各通讯员得分相加，即各单位得分之和）{unmatched_note(nobody)}"]
    else:
        lines += ["", "按分组列出时，名次为本组通讯员之间的名次，不列未署作者的稿件。"]
    return terminal_text(lines)
