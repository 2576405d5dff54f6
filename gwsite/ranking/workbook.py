"""The ranking as an Excel workbook (`gwsite tally --format xlsx`): one sheet per group, one sheet of
the placements scored, with real numbers and number formats, so the office can sort, sum and print
without retyping. The same content gives the same bytes: no clock, fixed zip entry dates."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any, Protocol

from ..files import fixed_zip
from . import exports
from .labels import cumulative_levels, ranking_title
from .tally import Ranking

CREATOR = "gwsite"
PLACEMENTS_SHEET = "计分刊用明细"
NOT_ISSUED = "未通报"

POINTS = "0.0"  # as every table shows points
PLACEMENT_POINTS = "0.0#"  # a placement's points and shares keep their second decimal (1.65, 1.67)
PERCENT = "0.0%"
COUNT = "0"
DATE = "yyyy-mm-dd"

# openpyxl refuses control characters in a cell; Excel cannot show them either.
ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
# Excel holds at most 32767 characters in a cell, and calls a workbook with a longer one damaged.
MAX_CELL = 32767
# What Excel forbids in a sheet's name, and its length limit.
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31


class Issued(Protocol):
    """What the workbook needs of an issued period: when it was issued and its cut-off date."""

    issued: dt.date
    cutoff: dt.date


def statistics_date(ranking: Ranking, issued: Issued | None = None) -> dt.date | None:
    """The date the numbers stand at: an issued period's cut-off, else the newest placement the
    ranking counted or holds pending (None for an empty period)."""
    if issued is not None:
        return issued.cutoff
    dates = [item.date for score in ranking.units for item in score.items]
    dates += [item.date for item in ranking.pending]
    return max(dates, default=None)


def state_text(ranking: Ranking, issued: Issued | None) -> str:
    """`统计截至 2025-09-30　已通报（2025-10-08）`, or `… 未通报`."""
    parts = []
    date = statistics_date(ranking, issued)
    if date is not None:
        parts.append(f"统计截至 {date.isoformat()}")
    parts.append(NOT_ISSUED if issued is None else f"已通报（{issued.issued.isoformat()}）")
    return "　".join(parts)


def text_width(value: Any, number_format: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, float) and number_format:
        return len(f"{value:.1f}") + (1 if number_format == PERCENT else 0) + 2
    return exports.width(str(value))


def sheet_name(name: str, taken: set[str]) -> str:
    """A group's name as a sheet's: without the characters Excel forbids, at most 31 characters,
    and different from every other sheet's (Excel compares them ignoring case)."""
    base = SHEET_FORBIDDEN.sub("_", ILLEGAL.sub("", name)).strip("'") or "分组"
    candidate, number = base[:SHEET_NAME_MAX], 1
    while candidate.lower() in taken:
        number += 1
        suffix = f"({number})"
        candidate = base[:SHEET_NAME_MAX - len(suffix)] + suffix
    taken.add(candidate.lower())
    return candidate


def write_sheet(sheet, title: str, headings: list[str], rows: list[list[tuple[Any, str | None]]],
                frozen_columns: int) -> None:
    """A title row, a heading row, then `rows` of (value, number format); headings frozen, widths fitted."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    # The title and headings hold names too (a group, a level named in scoring.yml or an issued
    # file): written as text cells like the rows, so that "=1+1" is never a formula.
    for row in [[(title, None)], [(heading, None) for heading in headings], *rows]:
        sheet.append([None] * len(row))
        for column, (value, number_format) in enumerate(row, start=1):
            cell = sheet.cell(row=sheet.max_row, column=column)
            if isinstance(value, str):
                text = ILLEGAL.sub("", value)
                cell.value = text if len(text) <= MAX_CELL else text[:MAX_CELL - 1] + "…"
                cell.data_type = "s"  # a name such as "=1+1" is text, never a formula
            else:
                cell.value = value
            if number_format:
                cell.number_format = number_format
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    # Only the heading row and the data decide the widths: the title is allowed to run across.
    for column, heading in enumerate(headings, start=1):
        widest = max([exports.width(heading)] + [text_width(row[column - 1][0], row[column - 1][1]) for row in rows])
        sheet.column_dimensions[get_column_letter(column)].width = min(max(widest + 2, 6), 60)
    sheet.freeze_panes = sheet.cell(row=3, column=frozen_columns + 1).coordinate
    sheet.print_title_rows = "1:2"


def group_rows(ranking: Ranking, group_index: int) -> list[list[tuple[Any, str | None]]]:
    """A group's units as the JSON gives them, with a number format for each value."""
    cumulative = cumulative_levels(ranking.scoring)
    rows = []
    for score in ranking.groups[group_index].units:
        data = exports.unit_json(score)
        rows.append([
            (score.rank, COUNT),
            (score.unit.name, None),
            *((count, COUNT) for count in score.placements.values()),
            *((score.at_or_above(key), COUNT) for key, _ in cumulative),
            (score.placements_total, COUNT),
            (data["points"], POINTS),
            (data["target"], POINTS),
            (data["completion"], PERCENT),
            (score.site_stories, COUNT),
            (score.pending, COUNT),
        ])
    return rows


def placement_sheet_rows(ranking: Ranking) -> list[list[tuple[Any, str | None]]]:
    rows = []
    for row in exports.placements_json(ranking)["placements"]:
        rows.append([
            (row["group"], None), (row["unit"], None), (row["story"], None), (row["path"], None),
            (row["outlet"], None), (row["level"], None), (row["type"], None), (row["section"] or None, None),
            (dt.date.fromisoformat(row["date"]), DATE), (row["points"], PLACEMENT_POINTS), (row["units"], COUNT),
            (row["share"], PLACEMENT_POINTS),
        ])
    return rows


def to_xlsx(ranking: Ranking, label: str, issued: Issued | None = None, *, stamp: dt.datetime | None = None,
            groups: bool = True, scored: Ranking | None = None) -> bytes:
    """The workbook's bytes. `label` is the period's Chinese name (2025年第一季度); `issued`, when the
    period has been issued, gives 已通报 and its date and the cut-off; `stamp` is the workbook's
    created/modified time (SOURCE_DATE_EPOCH), else the statistics date. Without `groups`, only the
    placements sheet. `scored`: the ranking whose placements that sheet lists, when `ranking` is an
    issued one (its rows only; the placements as issued are in its issued file)."""
    from openpyxl import Workbook

    state = state_text(ranking, issued)
    title = ranking_title(label)
    book = Workbook()
    book.remove(book.active)
    taken = {PLACEMENTS_SHEET.lower()}
    if groups:
        headings = exports.headings(ranking)[1:]
        for index, group in enumerate(ranking.groups):
            sheet = book.create_sheet(sheet_name(group.group.name, taken))
            write_sheet(sheet, f"{title}　{group.group.name}　{state}", headings, group_rows(ranking, index),
                        frozen_columns=2)
    sheet = book.create_sheet(PLACEMENTS_SHEET)
    detail = state if scored is None else f"{state}；明细按现有稿件，通报时的明细见已通报文件"
    write_sheet(sheet, f"{title}　{PLACEMENTS_SHEET}　{detail}", exports.PLACEMENT_HEADINGS,
                placement_sheet_rows(scored or ranking), frozen_columns=2)

    day = statistics_date(ranking, issued) or ranking.period.bounds(ranking.scoring.year_start_month)[0]
    return dated_bytes(book, title, stamp, day)


def dated_bytes(book: Any, title: str, stamp: dt.datetime | None, day: dt.date) -> bytes:
    """The workbook's (an openpyxl `Workbook`) bytes, dated `stamp` (SOURCE_DATE_EPOCH) or else `day`,
    never the clock."""
    from openpyxl.xml.constants import ARC_CORE
    from openpyxl.xml.functions import tostring

    when = stamp.astimezone(dt.timezone.utc).replace(tzinfo=None) if stamp is not None else None
    if when is None:
        when = dt.datetime(day.year, day.month, day.day)
    book.properties.creator = CREATOR
    book.properties.lastModifiedBy = CREATOR
    book.properties.title = title
    book.properties.created = when
    book.properties.modified = when
    out = io.BytesIO()
    book.save(out)
    # Saving stamps `modified` with the clock: the document properties are written again as set.
    book.properties.modified = when
    return fixed_zip(out.getvalue(), when, {ARC_CORE: tostring(book.properties.to_tree())})


CORRESPONDENTS_SHEET = "通讯员"


def correspondent_sheet_rows(tally, scoring) -> list[list[tuple[Any, str | None]]]:
    """The correspondents as the JSON gives them, with number formats; what stories without authors
    earned last, so that the points column sums to the units' total."""
    from . import correspondent_exports as by_author

    cumulative = cumulative_levels(scoring)
    rows = []
    for score in tally.correspondents:
        data = by_author.correspondent_json(score, scoring)
        rows.append([
            (score.rank, COUNT), (score.name, None), (score.unit.name, None), (score.site_stories, COUNT),
            *((count, COUNT) for count in score.placements.values()),
            *((data["at_or_above"][key], COUNT) for key, _ in cumulative),
            (score.placements_total, COUNT), (data["points"], POINTS), (score.pending, COUNT),
            ("是" if score.listed else "否", None),
        ])
    if tally.unattributed is not None:
        data = by_author.unattributed_json(tally.unattributed)
        rows.append([
            (None, None), (by_author.UNATTRIBUTED, None), (None, None), (data["site_stories"], COUNT),
            *((None, None) for _ in range(len(scoring.levels) + len(cumulative))),
            (data["placements"], COUNT), (data["points"], POINTS), (None, None), (None, None),
        ])
    return rows


def correspondents_to_xlsx(tally, scoring, label: str, *, cutoff: dt.date | None = None,
                           through: dt.date | None = None, stamp: dt.datetime | None = None) -> bytes:
    """`gwsite tally --by author --format xlsx`: one sheet of the correspondents. `cutoff`: an issued
    period's cut-off, up to which the correspondents were counted; `through`: the date the numbers
    stand at (the units' `statistics_date`, which sees the stories without authors too), else the
    newest date a correspondent is credited with. Dated like `to_xlsx`: `stamp` (SOURCE_DATE_EPOCH),
    else that date, never the clock."""
    from openpyxl import Workbook

    from . import correspondent_exports as by_author

    title = by_author.correspondents_title(label)
    dates = [item.date for score in tally.correspondents for item in score.items]
    dates += [story.date.date() for score in tally.correspondents for story in score.stories]
    newest = cutoff or through or max(dates, default=None)
    state = f"统计截至 {newest.isoformat()}" if newest is not None else ""
    if cutoff is not None:
        state = by_author.cutoff_note(cutoff.isoformat())
    book = Workbook()
    book.remove(book.active)
    sheet = book.create_sheet(CORRESPONDENTS_SHEET)
    write_sheet(sheet, "　".join(part for part in (title, state) if part), by_author.headings(scoring),
                correspondent_sheet_rows(tally, scoring), frozen_columns=3)

    return dated_bytes(book, title, stamp, newest or tally.period.bounds(scoring.year_start_month)[0])
