"""What the office takes away besides the ranking's JSON and CSV: the placements it was scored from
(JSON, CSV, terminal) and the Excel workbook, read back with openpyxl as Excel would read it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import time
import types
import zipfile
from dataclasses import dataclass
from fractions import Fraction

import openpyxl

from gwsite.content.registry import Group, Registry, Unit
from gwsite.ranking import exports, workbook
from gwsite.ranking.tally import tally

from test_exports import COUNTY, DEPARTMENT, LEVELS, Y2024, csv_rows, office, one_unit_ranking, ran, ranking, stories, story

LABEL = "2024年度"


@dataclass(frozen=True)
class Issued:
    issued: dt.date
    cutoff: dt.date


def read(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def values(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


# ---- placements ----------------------------------------------------------------------------------


def placement(group, unit, uid, src, outlet, level, kind, date, points, units, share, section=""):
    return {"group": group, "unit": unit, "unit_id": uid, "story": f"稿件{src}", "path": f"news/2024/{src}.md",
            "outlet": outlet, "level": level, "type": kind, "section": section, "date": date, "points": points,
            "units": units, "share": share}


PLACEMENTS = [
    placement(COUNTY, "安平县关工委", "anping", "a", "火炬", "中央级", "文字", "2024-03-02", 10, 1, 10),
    # 5 × 0.5 shared by two units: each share keeps two decimals, 1.25, not the ranking's 1.3.
    placement(COUNTY, "安平县关工委", "anping", "b", "江北日报", "省级", "图片", "2024-04-03", 2.5, 2, 1.25),
    placement(COUNTY, "临河区（新区）关工委", "linhe", "b", "江北日报", "省级", "图片", "2024-04-03", 2.5, 2, 1.25),
    # 清溪's placement is in an outlet not yet listed: it earns nothing and is not listed.
    placement(DEPARTMENT, "市教育局关工委", "jiaoyu", "d", "安平融媒", "县级", "文字", "2024-06-02", 1, 1, 1),
]


def test_placements_json_lists_each_scored_placement_once_per_credited_unit_in_ranking_order():
    assert json.loads(exports.placements_to_json(ranking())) == {"period": "2024", "placements": PLACEMENTS}


def test_a_placement_left_out_by_same_story_highest_is_not_listed_and_shares_add_up_to_the_points():
    base = office()
    registry = Registry(base.groups, base.units, base.outlets, dataclasses.replace(base.scoring, same_story="highest"))
    twice = [story("e", "jiaoyu", "2024-07-01", ran("火炬", "2024-07-02"), ran("江北日报", "2024-07-03"),
                   co_units=("anping", "linhe"))]
    result = tally(stories() + twice, registry, Y2024)
    rows = exports.placements_json(result)["placements"]

    assert [(r["unit_id"], r["outlet"]) for r in rows if r["path"] == "news/2024/e.md"] == [
        ("anping", "火炬"), ("linhe", "火炬"), ("jiaoyu", "火炬")]
    for score in result.units:
        earned = sum((item.share for _, s, item in exports.scored_items(result) if s is score), Fraction(0))
        assert earned == score.points


def test_placements_csv_opens_in_excel_and_neutralises_what_people_typed():
    registry = Registry(groups=[Group("g", "=组")], units=[Unit("u", "@单位", "g")], outlets=office().outlets)
    typed = dataclasses.replace(story("x", "u", "2024-03-01", dataclasses.replace(ran("火炬", "2024-03-02"), section="+头版")),
                                title="-标题")
    text = exports.placements_to_csv(tally([typed], registry, Y2024))

    assert text.startswith("\ufeff分组,单位,稿件标题,稿件文件,媒体,级别,类型,版面,刊发日期,得分,联合单位数,本单位得分\r\n")
    assert csv_rows(text)[1] == ["'=组", "'@单位", "'-标题", "news/2024/x.md", "火炬", "中央级", "文字", "'+头版",
                                 "2024-03-02", "20.00", "1", "20.00"]  # 头版 doubles it
    assert csv_rows(exports.placements_to_csv(ranking()))[1][:3] == [COUNTY, "安平县关工委", "稿件a"]


def test_placements_terminal_table_counts_the_rows_and_aligns_chinese():
    table = exports.placements_to_table(ranking(), LABEL)
    lines = table.splitlines()

    assert lines[0] == "2024年度宣传上稿排名：计分的刊用记录 4 条"
    assert lines[2].startswith("单位                  稿件标题  稿件文件")
    assert lines[4].startswith("安平县关工委          稿件a     news/2024/a.md")
    assert lines[4].endswith("10.00           1       10.00")
    assert exports.placements_to_table(one_unit_ranking(0, None), LABEL).splitlines()[0].endswith("记录 1 条")


# ---- the workbook --------------------------------------------------------------------------------


def test_each_group_sheet_read_back_equals_the_json():
    book = read(workbook.to_xlsx(ranking(), LABEL))
    data = exports.ranking_json(ranking())

    assert book.sheetnames == [COUNTY, DEPARTMENT, "计分刊用明细"]
    for group, sheet in zip(data["groups"], book.worksheets):
        rows = values(sheet)
        assert rows[1] == tuple(exports.headings(ranking())[1:])
        units = [
            {"rank": row[0], "name": row[1], "placements": dict(zip(LEVELS.values(), row[2:6])),
             "placements_total": row[8], "points": row[9], "target": row[10], "completion": row[11],
             "site_stories": row[12], "pending": row[13]}
            for row in rows[2:]
        ]
        assert units == [{k: v for k, v in u.items() if k != "id"} for u in group["units"]]
        # the cumulative columns, as in the CSV
        assert [row[6:8] for row in rows[2:]] == [
            (u["placements"]["national"] + u["placements"]["provincial"],
             u["placements"]["national"] + u["placements"]["provincial"] + u["placements"]["city"])
            for u in group["units"]]


def test_the_placements_sheet_read_back_equals_placements_json():
    rows = values(read(workbook.to_xlsx(ranking(), LABEL))["计分刊用明细"])

    assert rows[1] == tuple(exports.PLACEMENT_HEADINGS)
    keys = ["group", "unit", "story", "path", "outlet", "level", "type", "section", "date", "points", "units", "share"]
    read_back = [dict(zip(keys, row)) for row in rows[2:]]
    for row in read_back:
        row["section"] = row["section"] or ""
        row["date"] = row["date"].date().isoformat()  # a real date cell, not text
    assert read_back == [{k: v for k, v in p.items() if k != "unit_id"} for p in PLACEMENTS]


def test_placements_only_workbook_has_just_the_placements_sheet():
    assert read(workbook.to_xlsx(ranking(), LABEL, groups=False)).sheetnames == ["计分刊用明细"]


def test_title_row_names_the_period_the_statistics_date_and_that_it_is_not_issued():
    book = read(workbook.to_xlsx(ranking(), LABEL))

    # the newest placement of the period, pending ones included (清溪's, 2024-05-02, is older)
    assert book[COUNTY]["A1"].value == "2024年度宣传上稿排名　县（市、区）关工委　统计截至 2024-06-02　未通报"
    assert book["计分刊用明细"]["A1"].value == "2024年度宣传上稿排名　计分刊用明细　统计截至 2024-06-02　未通报"


def test_an_issued_period_shows_its_issue_date_and_cut_off():
    issued = Issued(issued=dt.date(2025, 1, 10), cutoff=dt.date(2024, 12, 31))
    book = read(workbook.to_xlsx(ranking(), LABEL, issued))

    assert book[DEPARTMENT]["A1"].value == "2024年度宣传上稿排名　市直单位关工委　统计截至 2024-12-31　已通报（2025-01-10）"
    assert book.properties.created == dt.datetime(2024, 12, 31)


def test_headings_are_frozen_and_numbers_carry_their_formats():
    sheet = read(workbook.to_xlsx(ranking(), LABEL))[COUNTY]

    assert sheet.freeze_panes == "C3"  # title and headings, rank and unit stay in view
    first = {cell.column_letter: cell for cell in sheet[3]}
    assert first["A"].number_format == "0"  # rank
    assert first["C"].number_format == "0"  # a count
    assert (first["J"].value, first["J"].number_format) == (11.3, "0.0")  # points
    assert (first["K"].value, first["K"].number_format) == (20, "0.0")  # target
    assert (first["L"].value, first["L"].number_format) == (0.563, "0.0%")  # completion
    assert sheet["K5"].value is None and sheet["L5"].value is None  # 清溪 has no target
    placements = read(workbook.to_xlsx(ranking(), LABEL))["计分刊用明细"]
    assert placements["I3"].number_format == "yyyy-mm-dd"
    assert (placements["L4"].value, placements["L4"].number_format) == (1.25, "0.0#")


def test_column_widths_fit_chinese_names():
    sheet = read(workbook.to_xlsx(ranking(), LABEL))[COUNTY]

    # 临河区（新区）关工委: ten characters, each two columns wide, and a margin
    assert sheet.column_dimensions["B"].width == 22
    assert sheet.column_dimensions["A"].width == 6  # 名次


def test_a_name_that_looks_like_a_formula_is_text_in_the_workbook():
    book = read(workbook.to_xlsx(ranking(), LABEL))
    cell = book[DEPARTMENT]["B4"]

    assert (cell.value, cell.data_type) == ("=1+2", "s")
    with zipfile.ZipFile(io.BytesIO(workbook.to_xlsx(ranking(), LABEL))) as archive:
        assert not any(b"<f>" in archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/"))


def test_sheet_names_drop_what_excel_forbids_and_stay_distinct():
    taken = {"计分刊用明细"}
    assert workbook.sheet_name("市直/部门:单位[一]", taken) == "市直_部门_单位_一_"
    long = "某" * 40
    assert workbook.sheet_name(long, taken) == "某" * 31
    assert workbook.sheet_name(long, taken) == "某" * 28 + "(2)"
    assert workbook.sheet_name("计分刊用明细", taken) == "计分刊用明细(2)"


def test_the_same_content_gives_the_same_bytes_whatever_the_clock(monkeypatch):
    first = workbook.to_xlsx(ranking(), LABEL)
    later = dt.datetime(2031, 7, 9, 10, 11, 12)

    class Clock(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return later.replace(tzinfo=tz)

    import openpyxl.writer.excel as writer

    monkeypatch.setattr(writer, "datetime", types.SimpleNamespace(datetime=Clock, timezone=dt.timezone))
    monkeypatch.setattr(time, "time", lambda: later.timestamp())
    again = workbook.to_xlsx(tally(list(reversed(stories())), office(), Y2024), LABEL)

    assert again == first
    book = read(first)
    assert book.properties.creator == "gwsite"
    assert book.properties.created == book.properties.modified == dt.datetime(2024, 6, 2)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2024, 6, 2, 0, 0, 0)}


def test_a_given_stamp_dates_the_workbook():
    stamp = dt.datetime(2025, 1, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    data = workbook.to_xlsx(ranking(), LABEL, stamp=stamp)
    book = read(data)

    assert book.properties.created == book.properties.modified == dt.datetime(2025, 1, 1, 0, 0)
    assert data == workbook.to_xlsx(ranking(), LABEL, stamp=stamp)
    assert data != workbook.to_xlsx(ranking(), LABEL)


def test_a_period_without_placements_still_makes_a_workbook_dated_by_the_period():
    book = read(workbook.to_xlsx(tally([], office(), Y2024), LABEL))

    assert book[COUNTY]["A1"].value == "2024年度宣传上稿排名　县（市、区）关工委　未通报"
    assert values(book["计分刊用明细"])[2:] == []
    assert book.properties.created == dt.datetime(2024, 1, 1)


def test_placements_json_never_holds_markup_but_reads_back_the_same_text():
    typed = dataclasses.replace(story("x", "anping", "2024-03-01",
                                      dataclasses.replace(ran("火炬", "2024-03-02"), section="<b>头版</b>")),
                                title="<script>alert(1)</script> A&B")
    text = exports.placements_to_json(tally([typed], office(), Y2024))

    assert "<" not in text and ">" not in text and "&" not in text
    assert '"story": "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e A\\u0026B"' in text
    row = json.loads(text)["placements"][0]
    assert (row["story"], row["section"]) == ("<script>alert(1)</script> A&B", "<b>头版</b>")


def test_a_date_beyond_what_a_zip_can_hold_still_makes_a_workbook():
    """An issued file's cut-off typed as 9999-12-31 (or a SOURCE_DATE_EPOCH that far) dates the
    workbook: its zip entries, which hold 1980 to 2107 only, are dated at the nearest end."""
    far = dt.datetime(9999, 12, 31, tzinfo=dt.timezone.utc)
    data = workbook.to_xlsx(tally([], office(), Y2024), LABEL, stamp=far)

    assert {info.date_time for info in zipfile.ZipFile(io.BytesIO(data)).infolist()} == {(2107, 12, 31, 23, 59, 58)}
    assert read(data)["计分刊用明细"]["A1"].value.startswith("2024年度")


def test_a_level_named_like_a_formula_is_a_text_heading():
    """Level names head the columns: one typed "=HYPERLINK(…)" in scoring.yml or an issued file is
    text in the workbook, as every name in its rows is."""
    ranking = tally([], office(), Y2024)
    levels = tuple(dataclasses.replace(level, name="=HYPERLINK(\"http://x\",\"y\")") if index == 0 else level
                   for index, level in enumerate(ranking.scoring.levels))
    ranking = dataclasses.replace(ranking, scoring=dataclasses.replace(ranking.scoring, levels=levels))
    sheet = read(workbook.to_xlsx(ranking, LABEL))[COUNTY]

    assert (sheet["C2"].value, sheet["C2"].data_type) == ("=HYPERLINK(\"http://x\",\"y\")", "s")
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_a_name_longer_than_an_excel_cell_is_cut_to_what_excel_holds():
    """Excel calls a workbook with a cell over 32767 characters damaged; nothing limits a name that long."""
    name = "长" * 40000
    book = read(workbook.to_xlsx(one_unit_ranking(10, None, name=name), LABEL))
    cells = [value for row in values(book.worksheets[0]) for value in row if isinstance(value, str)]
    assert max(len(value) for value in cells) == workbook.MAX_CELL
    assert "长" * (workbook.MAX_CELL - 1) + "…" in cells
