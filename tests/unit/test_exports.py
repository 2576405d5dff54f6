"""The ranking as the office downloads it: ranking.json, ranking.csv and `gwsite tally`'s table,
built from a registry and stories made here (DESIGN.md, "Scoring rules" 7, 10 and 11)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest

from gwsite.content.story import Placement, Story
from gwsite.content.registry import DEFAULT_SCORING, Group, Level, Outlet, Registry, Scoring, Unit
from gwsite.ranking import exports
from gwsite.ranking.tally import Period, tally

TZ = ZoneInfo("Asia/Shanghai")
Y2024 = Period(2024)
LEVELS = {"火炬": "national", "江北日报": "provincial", "青州日报": "city", "安平融媒": "county"}
COUNTY, DEPARTMENT = "县（市、区）关工委", "市直单位关工委"


def office() -> Registry:
    """Two groups; targets as the office writes them (20.0, 10, 7.5, none); a name that looks like a formula."""
    return Registry(
        groups=[Group("county", COUNTY), Group("department", DEPARTMENT)],
        units=[
            Unit("anping", "安平县关工委", "county", targets={2024: 20.0}),
            Unit("linhe", "临河区（新区）关工委", "county", targets={2024: 10}),
            Unit("qingxi", "清溪县关工委", "county"),
            Unit("jiaoyu", "市教育局关工委", "department", targets={2024: 7.5}),
            Unit("formula", "=1+2", "department"),
        ],
        outlets=[Outlet(name, level) for name, level in LEVELS.items()],
    )


def ran(outlet: str, date: str, kind: str = "text", listed: bool = True, level: str | None = None) -> Placement:
    return Placement(outlet=outlet, listed=listed, level=level or LEVELS.get(outlet),
                     date=dt.date.fromisoformat(date), type=kind)


def story(src: str, unit: str, date: str, *placements: Placement, co_units: tuple[str, ...] = ()) -> Story:
    return Story(src=f"news/2024/{src}.md", title=f"稿件{src}", slug=src, unit=unit, co_units=co_units,
                 date=dt.datetime.fromisoformat(date).replace(tzinfo=TZ), placements=placements)


def stories() -> list[Story]:
    return [
        story("a", "anping", "2024-03-01", ran("火炬", "2024-03-02")),  # 10 points
        # 5 × 0.5 = 2.5, split between two units: 1.25 each, reported 1.3 (half up, not 1.2).
        story("b", "anping", "2024-04-01", ran("江北日报", "2024-04-03", "photo"), co_units=("linhe",)),
        story("c", "qingxi", "2024-05-01", ran("未列入的报纸", "2024-05-02", listed=False, level="provincial")),
        story("d", "jiaoyu", "2024-06-01", ran("安平融媒", "2024-06-02")),  # 1 point of 7.5
    ]


def ranking():
    return tally(stories(), office(), Y2024)


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def unit_entry(rank, unit_id, name, counts, points, target, completion, site_stories, pending):
    return {
        "rank": rank, "id": unit_id, "name": name,
        "placements": dict(zip(("national", "provincial", "city", "county"), counts)),
        "placements_total": sum(counts), "points": points, "target": target, "completion": completion,
        "site_stories": site_stories, "pending": pending,
    }


def test_json_lists_every_unit_by_group_in_rank_order_with_rounded_numbers():
    assert json.loads(exports.to_json(ranking())) == {
        "period": "2024",
        "groups": [
            {"id": "county", "name": COUNTY, "units": [
                # 11.25 points → 11.3; 11.25 / 20 = 0.5625 → 0.563 (half up); the target 20.0 reads 20.
                unit_entry(1, "anping", "安平县关工委", (1, 1, 0, 0), 11.3, 20, 0.563, 2, 0),
                unit_entry(2, "linhe", "临河区（新区）关工委", (0, 1, 0, 0), 1.3, 10, 0.125, 1, 0),
                # A pending outlet earns nothing and counts only as pending; no target: null, null.
                unit_entry(3, "qingxi", "清溪县关工委", (0, 0, 0, 0), 0.0, None, None, 1, 1),
            ]},
            {"id": "department", "name": DEPARTMENT, "units": [
                unit_entry(1, "jiaoyu", "市教育局关工委", (0, 0, 0, 1), 1.0, 7.5, 0.133, 1, 0),
                # JSON is data, not a spreadsheet: the name stays as the office wrote it.
                unit_entry(2, "formula", "=1+2", (0, 0, 0, 0), 0.0, None, None, 0, 0),
            ]},
        ],
    }


def test_json_text_is_readable_chinese_indented_with_a_final_newline():
    text = exports.to_json(ranking())

    assert text.startswith('{\n  "period": "2024",\n  "groups": [\n')
    assert '"name": "安平县关工委"' in text and "\\u" not in text
    assert text.endswith("}\n") and not text.endswith("\n\n")


def test_csv_opens_in_excel_with_the_office_columns_and_rows():
    text = exports.to_csv(ranking())

    assert text.startswith("\ufeff分组,")  # the BOM makes Excel read UTF-8
    assert text.count("\r\n") == 6 and "\n" not in text.replace("\r\n", "")
    assert csv_rows(text) == [
        ["分组", "名次", "单位", "中央级", "省级", "市级", "县级", "省级（含）以上", "市级（含）以上",
         "上稿合计", "得分", "任务分值", "完成率", "网站稿件", "待核定"],
        [COUNTY, "1", "安平县关工委", "1", "1", "0", "0", "2", "2", "2", "11.3", "20", "56.3%", "2", "0"],
        [COUNTY, "2", "临河区（新区）关工委", "0", "1", "0", "0", "1", "1", "1", "1.3", "10", "12.5%", "1", "0"],
        [COUNTY, "3", "清溪县关工委", "0", "0", "0", "0", "0", "0", "0", "0.0", "", "", "1", "1"],
        [DEPARTMENT, "1", "市教育局关工委", "0", "0", "0", "1", "0", "0", "1", "1.0", "7.5", "13.3%", "1", "0"],
        [DEPARTMENT, "2", "'=1+2", "0", "0", "0", "0", "0", "0", "0", "0.0", "", "", "0", "0"],
    ]


def one_unit_ranking(points: float, target: float | None, group: str = "县（市、区）关工委",
                     name: str = "安平县关工委"):
    """One unit with one text placement worth exactly `points` (the level's points, written as a decimal)."""
    scoring = Scoring(levels=(Level("a", "甲级", points), Level("b", "乙级", 1)), types=DEFAULT_SCORING.types)
    registry = Registry(
        groups=[Group("g", group)],
        units=[Unit("u", name, "g", targets={} if target is None else {2024: target})],
        outlets=[Outlet("报", "a")],
        scoring=scoring,
    )
    placement = Placement(outlet="报", listed=True, level="a", date=dt.date(2024, 5, 1))
    return tally([story("x", "u", "2024-05-01", placement)], registry, Y2024)


@pytest.mark.parametrize(
    ("points", "target", "csv_cells", "json_numbers"),
    [
        pytest.param(2.25, 9, ["2.3", "9", "25.0%"], (2.3, 9, 0.25), id="points-half-up-2.25-to-2.3"),
        pytest.param(0.05, None, ["0.1", "", ""], (0.1, None, None), id="points-half-up-0.05-no-target"),
        pytest.param(1, 16, ["1.0", "16", "6.3%"], (1.0, 16, 0.063), id="completion-half-up-0.0625-to-0.063"),
        pytest.param(10, 60.0, ["10.0", "60", "16.7%"], (10.0, 60, 0.167), id="target-60.0-reads-60"),
        pytest.param(3, 2, ["3.0", "2", "150.0%"], (3.0, 2, 1.5), id="completion-above-target"),
    ],
)
def test_points_and_completion_are_rounded_half_up_as_reported(points, target, csv_cells, json_numbers):
    result = one_unit_ranking(points, target)

    row = csv_rows(exports.to_csv(result))[1]
    assert row[-5:-2] == csv_cells  # 得分, 任务分值, 完成率
    unit = json.loads(exports.to_json(result))["groups"][0]["units"][0]
    assert (unit["points"], unit["target"], unit["completion"]) == json_numbers


def test_two_levels_have_no_cumulative_columns():
    """"X级（含）以上" columns stand for the levels between the highest and the lowest: none here."""
    result = one_unit_ranking(2, 4)

    assert csv_rows(exports.to_csv(result))[0] == [
        "分组", "名次", "单位", "甲级", "乙级", "上稿合计", "得分", "任务分值", "完成率", "网站稿件", "待核定"]


@pytest.mark.parametrize(
    "name",
    ["=HYPERLINK(\"http://x\")", "+8613800000000", "-1", "@SUM(A1)", "\t制表", "\r回车"],
    ids=["equals", "plus", "minus", "at", "tab", "carriage-return"],
)
def test_a_group_or_unit_name_cannot_run_as_a_spreadsheet_formula(name):
    row = csv_rows(exports.to_csv(one_unit_ranking(1, None, group=name, name=name)))[1]

    assert row[0] == row[2] == "'" + name  # Excel and WPS show a leading apostrophe's cell as text
    assert row[1] == "1"


def test_names_that_only_contain_formula_characters_are_left_alone():
    row = csv_rows(exports.to_csv(one_unit_ranking(1, None, group="县-区", name="安平=关工委")))[1]

    assert row[:3] == ["县-区", "1", "安平=关工委"]


def test_exports_do_not_depend_on_the_order_the_stories_were_read():
    shuffled = list(reversed(stories()))
    again = tally(shuffled, office(), Y2024)

    assert exports.to_csv(again) == exports.to_csv(ranking())
    assert exports.to_json(again) == exports.to_json(ranking())
    assert exports.to_table(again, "2024年度") == exports.to_table(ranking(), "2024年度")


TABLE = """\
2024年度宣传上稿排名

【县（市、区）关工委】
名次  单位                  中央级  省级  市级  县级  省级（含）以上  市级（含）以上  上稿合计  得分  任务分值  年度任务完成率  网站稿件  待核定
----  --------------------  ------  ----  ----  ----  --------------  --------------  --------  ----  --------  --------------  --------  ------
   1  安平县关工委               1     1     0     0               2               2         2  11.3        20           56.3%         2       0
   2  临河区（新区）关工委       0     1     0     0               1               1         1   1.3        10           12.5%         1       0
   3  清溪县关工委               0     0     0     0               0               0         0   0.0         —               —         1       1

【市直单位关工委】
名次  单位            中央级  省级  市级  县级  省级（含）以上  市级（含）以上  上稿合计  得分  任务分值  年度任务完成率  网站稿件  待核定
----  --------------  ------  ----  ----  ----  --------------  --------------  --------  ----  --------  --------------  --------  ------
   1  市教育局关工委       0     0     0     1               0               0         1   1.0       7.5           13.3%         1       0
   2  =1+2                 0     0     0     0               0               0         0   0.0         —               —         0       0

待核定媒体的刊用记录 1 条，核定级别后计分（见网站“宣传排名”页）。
"""


def test_the_terminal_table_aligns_chinese_columns_and_counts_the_pending_placements():
    # Chinese characters, full-width brackets too, take two columns: names are padded by display
    # width, numbers aligned right; an empty target or completion shows a dash.
    assert exports.to_table(ranking(), "2024年度") == TABLE


def test_the_terminal_table_says_nothing_of_pending_placements_when_there_are_none():
    table = exports.to_table(one_unit_ranking(1, 4), "2024年第二季度")

    assert table.startswith("2024年第二季度宣传上稿排名\n\n【县（市、区）关工委】\n")
    assert "待核定媒体" not in table
    assert table.endswith("1       0\n")
