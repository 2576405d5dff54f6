"""The per-correspondent tally and its exports, on stories and a registry built in code, every number
worked out by hand (DESIGN "Per-correspondent rule")."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import re
from fractions import Fraction
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from gwsite.content.registry import DEFAULT_SCORING, Correspondent, Group, Outlet, Registry, Unit
from gwsite.content.story import Placement, Story
from gwsite.ranking import correspondent_exports as by_author
from gwsite.ranking import workbook
from gwsite.ranking.correspondents import tally_correspondents
from gwsite.ranking.tally import Period, tally
from gwsite.views.urls import correspondent_url

TZ = ZoneInfo("Asia/Shanghai")
LEVELS = {"火炬": "national", "江北日报": "provincial", "青州日报": "city", "安平融媒": "county"}
Y2024 = Period(2024)


def sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def registry(**scoring_changes) -> Registry:
    return Registry(
        groups=[Group("county", "县（市、区）关工委"), Group("department", "市直单位关工委")],
        units=[
            # 张伟 is a correspondent of two units: two people.
            Unit("anping", "安平县关工委", "county",
                 correspondents=(Correspondent("张伟", aliases=("张卫",)), Correspondent("陈静"))),
            Unit("linhe", "临河区关工委", "county", correspondents=(Correspondent("张伟"), Correspondent("李红"))),
            Unit("qingxi", "清溪县关工委", "county"),
            Unit("jiaoyu", "市教育局关工委", "department", correspondents=(Correspondent("王芳"),)),
        ],
        outlets=[Outlet(name, level) for name, level in LEVELS.items()],
        scoring=dataclasses.replace(DEFAULT_SCORING, **scoring_changes),
    )


def placed(outlet: str, date: str, kind: str = "text", section: str | None = None, listed: bool = True) -> Placement:
    return Placement(outlet=outlet, listed=listed, level=LEVELS.get(outlet, "provincial"),
                     date=dt.date.fromisoformat(date), type=kind, section=section)


def story(number: int, unit: str, date: str, authors: tuple[str, ...], *placements: Placement,
          co_units: tuple[str, ...] = (), draft: bool = False) -> Story:
    return Story(src=f"news/2024/s{number}.md", title=f"稿件{number}",
                 date=dt.datetime.fromisoformat(date).replace(tzinfo=TZ), unit=unit, co_units=co_units,
                 authors=authors, placements=placements, draft=draft, slug=f"s{number}")


STORIES = [
    # Joint with 临河区: 张伟 is 安平县's (the story's own unit's list first), 李红 临河区's. 5 ÷ 2 each.
    story(1, "anping", "2024-03-01", ("张伟", "李红"), placed("江北日报", "2024-03-05"), co_units=("linhe",)),
    # 临河区's own 张伟: 火炬 图片 10 × 0.5.
    story(2, "linhe", "2024-03-20", ("张伟",), placed("火炬", "2024-04-01", "photo")),
    # Three authors (张卫 is 安平县 张伟's alias; 赵六 and 孙七 unlisted, so 安平县's): 青州日报 头版 2 × 2
    # and 安平融媒 1, each split three ways; a pending outlet counted as pending, earning nothing.
    story(3, "anping", "2024-04-28", ("张卫", "赵六", "孙七"), placed("青州日报", "2024-05-01", section="头版"),
          placed("安平融媒", "2024-05-02"), placed("某某网", "2024-05-03", listed=False)),
    # No authors: 江北日报 5 in 清溪县's points and in no correspondent's.
    story(4, "qingxi", "2024-06-01", (), placed("江北日报", "2024-06-01")),
    # A draft earns nobody anything.
    story(5, "jiaoyu", "2024-07-01", ("王芳",), placed("火炬", "2024-07-02"), draft=True),
    # 王芳 and a guest: 安平融媒 1 ÷ 2; the 青州日报 placement ran in 2025.
    story(6, "jiaoyu", "2024-12-20", ("王芳", "外来"), placed("安平融媒", "2024-12-25"), placed("青州日报", "2025-01-10")),
]


def rows(result) -> list[tuple]:
    return [(s.rank, s.name, s.unit.id, s.listed, s.site_stories, tuple(s.placements.values()), s.points, s.pending)
            for s in result.correspondents]


def test_correspondents_of_a_year_by_hand():
    result = tally_correspondents(STORIES, registry(), Y2024)
    assert rows(result) == [
        (1, "张伟", "linhe", True, 1, (1, 0, 0, 0), Fraction(5), 0),
        # 5/2 + 4/3 + 1/3 = 25/6
        (2, "张伟", "anping", True, 2, (0, 1, 1, 1), Fraction(25, 6), 1),
        (3, "李红", "linhe", True, 1, (0, 1, 0, 0), Fraction(5, 2), 0),
        # 4/3 + 1/3 each; equal points share a rank, then the name: 孙 (U+5B59) before 赵 (U+8D75)
        (4, "孙七", "anping", False, 1, (0, 0, 1, 1), Fraction(5, 3), 1),
        (4, "赵六", "anping", False, 1, (0, 0, 1, 1), Fraction(5, 3), 1),
        # 外来 (U+5916) before 王芳 (U+738B)
        (6, "外来", "jiaoyu", False, 1, (0, 0, 0, 1), Fraction(1, 2), 0),
        (6, "王芳", "jiaoyu", True, 1, (0, 0, 0, 1), Fraction(1, 2), 0),
        # listed by 安平县, nothing written: a row of zeros
        (8, "陈静", "anping", True, 0, (0, 0, 0, 0), Fraction(0), 0),
    ]
    assert (result.unattributed.site_stories, result.unattributed.placements, result.unattributed.points) == (1, 1, 5)
    # The office's reconciliation: 16 + 5 = the units' 21 (5 + 5 + 5 + 5 + 1).
    units = tally(STORIES, registry(), Y2024)
    assert sum(s.points for s in result.correspondents) == 16
    assert sum(s.points for s in units.units) == 21 == 16 + result.unattributed.points


def test_a_correspondent_who_left_is_no_row_of_zeros_but_keeps_their_stories():
    base = registry()
    anping = dataclasses.replace(base.unit("anping"), correspondents=(
        Correspondent("张伟", aliases=("张卫",), until=2023), Correspondent("陈静", until=2023)))
    left = Registry(base.groups, [anping, *base.units[1:]], base.outlets, base.scoring)
    result = tally_correspondents(STORIES, left, Y2024)
    by_name = {(s.unit.id, s.name): s for s in result.correspondents}
    assert ("anping", "陈静") not in by_name  # listed with zeros only in the years served
    assert by_name[("anping", "张伟")].points == Fraction(25, 6)  # stories written are still theirs
    earlier = tally_correspondents(STORIES, left, Period(2023))
    assert [(s.name, s.site_stories) for s in earlier.correspondents if s.unit.id == "anping"] == [
        ("张伟", 0), ("陈静", 0)]


def test_each_credited_placement_carries_the_number_of_people_sharing_it():
    result = tally_correspondents(STORIES, registry(), Y2024)
    zhang = next(s for s in result.correspondents if (s.unit.id, s.name) == ("anping", "张伟"))
    # Story 1 (张伟, 李红): 江北日报 in two; story 3 (张卫 = 张伟, 赵六, 孙七): three placements in three.
    assert [(item.placement.outlet, n) for item, n in zip(zhang.items, zhang.authors)] == [
        ("江北日报", 2), ("青州日报", 3), ("安平融媒", 3), ("某某网", 3)]
    assert sum(item.points / n for item, n in zip(zhang.items, zhang.authors)) == zhang.points


def test_same_story_highest_counts_one_placement_per_story():
    result = tally_correspondents(STORIES, registry(same_story="highest"), Y2024)
    by_name = {(s.unit.id, s.name): s for s in result.correspondents}
    # Story 3 keeps only 青州日报 头版 4: 4/3 each; 安平融媒 is on the audit trail but uncounted.
    assert by_name[("anping", "张伟")].points == Fraction(5, 2) + Fraction(4, 3)
    assert tuple(by_name[("anping", "张伟")].placements.values()) == (0, 1, 1, 0)
    assert by_name[("anping", "赵六")].points == Fraction(4, 3)
    assert len(by_name[("anping", "赵六")].items) == 3  # 青州日报, 安平融媒 (uncounted), 某某网 (pending)


def test_cutoff_drops_what_ran_after_it():
    result = tally_correspondents(STORIES, registry(), Y2024, cutoff=dt.date(2024, 12, 21))
    by_name = {(s.unit.id, s.name): s for s in result.correspondents}
    # Story 6 (2024-12-20) still counts as a story; its 2024-12-25 placement does not.
    assert (by_name[("jiaoyu", "王芳")].site_stories, by_name[("jiaoyu", "王芳")].points) == (1, 0)
    assert by_name[("jiaoyu", "外来")].placements_total == 0
    assert by_name[("anping", "张伟")].points == Fraction(25, 6)
    early = tally_correspondents(STORIES, registry(), Y2024, cutoff=dt.date(2024, 3, 31))
    # Up to March: stories 1 and 2, and only story 1's placement (story 2's ran on 2024-04-01).
    assert [(s.name, s.unit.id, s.site_stories, s.points) for s in early.correspondents if s.site_stories] == [
        ("张伟", "anping", 1, Fraction(5, 2)), ("李红", "linhe", 1, Fraction(5, 2)), ("张伟", "linhe", 1, 0)]


def test_json_rows_round_half_up_and_name_the_unit():
    result = tally_correspondents(STORIES, registry(), Y2024)
    data = json.loads(by_author.to_json(result, registry().scoring))
    assert data["period"] == "2024"
    assert data["correspondents"][1] == {
        "rank": 2, "name": "张伟", "unit_id": "anping", "unit": "安平县关工委", "listed": True, "site_stories": 2,
        "placements": {"national": 0, "provincial": 1, "city": 1, "county": 1}, "placements_total": 3,
        "at_or_above": {"provincial": 1, "city": 2}, "points": 4.2, "pending": 1,
    }
    assert [row["points"] for row in data["correspondents"]] == [5.0, 4.2, 2.5, 1.7, 1.7, 0.5, 0.5, 0.0]
    assert data["unattributed"] == {"site_stories": 1, "placements": 1, "points": 5.0}
    # Four authors of a 县级 placement: 0.25 each, shown 0.3 (half up, not to even).
    four = [story(9, "qingxi", "2024-02-01", ("甲", "乙", "丙", "丁"), placed("安平融媒", "2024-02-02"))]
    quarter = json.loads(by_author.to_json(tally_correspondents(four, registry(), Y2024), registry().scoring))
    assert {row["name"]: row["points"] for row in quarter["correspondents"]}["甲"] == 0.3


def test_csv_table_and_workbook_neutralise_names_and_reconcile():
    hostile = [story(1, "qingxi", "2024-03-01", ("=HYPERLINK(1)", "<b>x"), placed("江北日报", "2024-03-05")),
               story(2, "qingxi", "2024-03-02", (), placed("火炬", "2024-03-06"))]
    result = tally_correspondents(hostile, registry(), Y2024)
    scoring = registry().scoring
    table = list(csv.reader(io.StringIO(by_author.to_csv(result, scoring).removeprefix("\ufeff"))))
    assert table[0] == ["名次", "姓名", "单位", "网站稿件", "中央级", "省级", "市级", "县级", "省级（含）以上",
                        "市级（含）以上", "上稿合计", "得分", "待核定", "名录内"]
    assert table[1] == ["1", "<b>x", "清溪县关工委", "1", "0", "1", "0", "0", "1", "1", "1", "2.5", "0", "否"]
    assert table[2] == ["1", "'=HYPERLINK(1)", "清溪县关工委", "1", "0", "1", "0", "0", "1", "1", "1", "2.5", "0", "否"]
    # 陈静, 张伟 ×2, 李红, 王芳 (listed, zeros), then the unattributed row: 2.5 + 2.5 + 10 = 15, the units' total.
    assert table[-1] == ["", "（未署作者的稿件）", "", "1", "", "", "", "", "", "", "1", "10.0", "", ""]
    text = by_author.to_table(result, scoring, "2024年度")
    assert text.startswith("2024年度通讯员上稿统计\n")
    assert "未署作者的稿件：网站稿件 1 篇，计分刊用 1 条，得分 10.0" in text

    # Dated by the units' newest placement (2024-03-06, a story without authors), passed as `through`.
    data = workbook.correspondents_to_xlsx(result, scoring, "2024年度", through=dt.date(2024, 3, 6))
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["通讯员"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "2024年度通讯员上稿统计　统计截至 2024-03-06"
    assert values[3][:4] == (1, "=HYPERLINK(1)", "清溪县关工委", 1)
    assert sheet.cell(row=4, column=2).data_type == "s"  # text, never a formula
    assert values[-1][1] == "（未署作者的稿件）" and values[-1][11] == 10.0
    # Deterministic: the same bytes twice, dated by the content.
    assert data == workbook.correspondents_to_xlsx(result, scoring, "2024年度", through=dt.date(2024, 3, 6))


def test_a_group_ranks_its_own_correspondents():
    result = tally_correspondents(STORIES, registry(), Y2024)
    county = by_author.for_units(result, {"anping", "linhe", "qingxi"})
    assert [(s.rank, s.name) for s in county.correspondents] == [
        (1, "张伟"), (2, "张伟"), (3, "李红"), (4, "孙七"), (4, "赵六"), (6, "陈静")]
    department = by_author.for_units(result, {"jiaoyu"})
    assert [(s.rank, s.name) for s in department.correspondents] == [(1, "外来"), (1, "王芳")]
    assert "unattributed" not in json.loads(by_author.to_json(department, registry().scoring))


@pytest.mark.parametrize(("unit", "name", "url"), [
    pytest.param("anping", "张伟", "ranking/2024/correspondents/anping/张伟/", id="as-written"),
    pytest.param("linhe", "张伟", "ranking/2024/correspondents/linhe/张伟/", id="same-name-other-unit"),
    pytest.param("anping", "王芳/二", "ranking/2024/correspondents/anping/王芳-二-" + sha("王芳/二")[:6] + "/",
                 id="slash"),
    pytest.param("anping", "..", "ranking/2024/correspondents/anping/" + sha("..")[:8] + "/", id="dots"),
    pytest.param("anping", "x" * 100, "ranking/2024/correspondents/anping/" + sha("x" * 100)[:8] + "/", id="long"),
])
def test_correspondent_urls(unit, name, url):
    assert correspondent_url(Y2024, unit, name) == url


def test_correspondent_urls_never_collide_nor_leave_their_folder():
    names = ["张伟", "张伟 ", "a b", "a/b", "A-B", "a-b", "a\\b", "..", ".", "/", "<script>", "李\u0000红",
             "x" * 90, "x" * 91, "长" * 30, "长" * 31]
    # A name written as another's hashed form: "Ab" is ab-1f43cf/, ".." is 9d891e73/.
    names += ["Ab", "ab-" + sha("Ab")[:6], "..", sha("..")[:8], "a-b-" + sha("a/b")[:6]]
    urls = [correspondent_url(Y2024, unit, name) for unit in ("anping", "linhe") for name in dict.fromkeys(names)]
    assert len(set(urls)) == len(urls)
    for url in urls:
        parts = url.split("/")
        assert len(parts) == 6 and parts[-1] == "" and parts[:3] == ["ranking", "2024", "correspondents"], url
        assert parts[4] not in ("", ".", "..") and len(parts[4].encode("utf-8")) <= 100, url
        assert not re.search(r"[\s\\?#%&:;\"'<>|*\x00-\x1f]", parts[4]), url


def test_a_correspondent_who_moved_is_one_row_of_the_unit_served_in_the_year():
    # 陈静 left 安平县 after 2023 and joined 市教育局 in 2024 (both list her, with the years): a story of
    # 清溪县 (which lists nobody) is hers as the correspondent of the unit she served in the story's
    # tally year, not of the first unit in units.yml that ever listed her: one row in 2024, not a second
    # one under the unit she left. A story of 安平县 itself stays its listing's (the story's own units first).
    base = registry()
    anping = dataclasses.replace(base.unit("anping"), correspondents=(
        Correspondent("张伟", aliases=("张卫",)), Correspondent("陈静", until=2023)))
    jiaoyu = dataclasses.replace(base.unit("jiaoyu"), correspondents=(
        Correspondent("王芳"), Correspondent("陈静", since=2024)))
    moved = Registry(base.groups, [anping, *base.units[1:3], jiaoyu], base.outlets, base.scoring)
    stories = [story(7, "qingxi", "2024-02-01", ("陈静",), placed("江北日报", "2024-02-02")),
               story(8, "qingxi", "2024-02-03", ("陈静",), placed("安平融媒", "2024-02-04")),
               story(9, "qingxi", "2023-02-01", ("陈静",), placed("江北日报", "2023-02-02"))]

    def chen(period):
        return [(s.unit.id, s.site_stories, s.points) for s in tally_correspondents(stories, moved, period).correspondents
                if s.name == "陈静"]

    assert chen(Y2024) == [("jiaoyu", 2, 6)]
    assert chen(Period(2023)) == [("anping", 1, 5)]
    own = [story(10, "anping", "2024-03-01", ("陈静",), placed("安平融媒", "2024-03-02"))]
    assert [s.unit.id for s in tally_correspondents(own, moved, Y2024).correspondents if s.name == "陈静"] == [
        "anping", "jiaoyu"]


def test_one_person_is_one_row_whatever_dot_separates_the_name():
    # A registry built in code (names not read through units.yml) and authors as a Word or WeChat paste
    # gives them: the bullet and the katakana middle dot are the 间隔号 of the listed name.
    base = registry()
    jiaoyu = dataclasses.replace(base.unit("jiaoyu"), correspondents=(Correspondent("阿依古丽·买买提"),))
    dotted = Registry(base.groups, [*base.units[:3], jiaoyu], base.outlets, base.scoring)
    stories = [story(11, "jiaoyu", "2024-02-01", ("阿依古丽•买买提",), placed("江北日报", "2024-02-02")),
               story(12, "qingxi", "2024-02-03", ("阿依古丽・买买提",), placed("安平融媒", "2024-02-04"))]
    assert [(s.name, s.unit.id, s.listed, s.site_stories, s.points)
            for s in tally_correspondents(stories, dotted, Y2024).correspondents if "买买提" in s.name] == [
        ("阿依古丽·买买提", "jiaoyu", True, 2, 6)]


def test_a_latin_name_in_another_case_is_one_row():
    stories = [story(13, "qingxi", "2024-02-01", ("John Smith",), placed("江北日报", "2024-02-02")),
               story(14, "qingxi", "2024-02-03", ("JOHN SMITH",), placed("安平融媒", "2024-02-04"))]
    assert [(s.name, s.site_stories, s.points) for s in tally_correspondents(stories, registry(), Y2024).correspondents
            if not s.listed] == [("JOHN SMITH", 2, 6)]


def test_another_units_name_comes_before_an_alias():
    # 安平县 lists 张伟 with the alias 张卫; 市教育局 lists a 张卫 of its own. A story of 清溪县 (which lists
    # nobody) by 张卫 is 市教育局's 张卫, not 安平县's 张伟 though 安平县 comes first in units.yml.
    base = registry()
    jiaoyu = dataclasses.replace(base.unit("jiaoyu"), correspondents=(Correspondent("王芳"), Correspondent("张卫")))
    named = Registry(base.groups, [*base.units[:3], jiaoyu], base.outlets, base.scoring)
    stories = [story(15, "qingxi", "2024-02-01", ("张卫",), placed("江北日报", "2024-02-02"))]
    assert [(s.name, s.unit.id) for s in tally_correspondents(stories, named, Y2024).correspondents if s.points] == [
        ("张卫", "jiaoyu")]
    assert named.correspondent("张卫", ("qingxi",)) == ("jiaoyu", "张卫")
    assert named.correspondent("张卫", ("anping",)) == ("anping", "张伟")  # the story's own unit first
