"""The per-correspondent tally of tests/fixtures/correspondents, worked out by hand, through the real
`gwsite tally --by author` in every format and period form, and through a real `mkdocs build`
(ranking.json's `correspondents`, the 通讯员 page and each correspondent's page)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import openpyxl
import pytest

from conftest import FIXTURES, run_mkdocs_build

LEVELS = ("national", "provincial", "city", "county")


def person(rank, name, unit_id, unit, stories, counts, points, pending=0):
    return {
        "rank": rank, "name": name, "unit_id": unit_id, "unit": unit, "listed": False, "site_stories": stories,
        "placements": dict(zip(LEVELS, counts)), "placements_total": sum(counts),
        "at_or_above": {"provincial": counts[0] + counts[1], "city": counts[0] + counts[1] + counts[2]},
        "points": points, "pending": pending,
    }


HOSTILE = "<script>alert(1)</script>"
# Worked out by hand from tests/fixtures/correspondents (no unit lists correspondents yet, so every
# author is their story's unit's): three people called 张伟 in three units.
YEAR = [
    # a2: 中国火炬 图片 10 × 0.5, one author
    person(1, "张伟", "linhe", "临河区关工委", 1, (1, 0, 0, 0), 5.0),
    # a1 (joint with 临河区, so 安平县's authors): 江北日报 5 ÷ 2 authors
    person(2, "张伟", "anping", "安平县关工委", 1, (0, 1, 0, 0), 2.5),
    person(2, "李红", "anping", "安平县关工委", 1, (0, 1, 0, 0), 2.5),
    # a3: 青州日报 2; 某某网 is pending
    person(4, HOSTILE, "anping", "安平县关工委", 1, (0, 0, 1, 0), 2.0, pending=1),
    # a5: 安平融媒 1 ÷ 2; equal rows by name (张 U+5F20 before 王 U+738B)
    person(5, "张伟", "jiaoyu", "市教育局关工委", 1, (0, 0, 0, 1), 0.5),
    person(5, "王芳/二", "jiaoyu", "市教育局关工委", 1, (0, 0, 0, 1), 0.5),
]
# a4, without authors: 江北日报 5. 13 + 5 = the units' 18 (5 + 5 + 2 + 5 + 1).
YEAR_UNATTRIBUTED = {"site_stories": 1, "placements": 1, "points": 5.0}


def by_author(site, gwsite, *args):
    result = gwsite(site, "tally", "--by", "author", *args)
    assert result.exit_code == 0, result.output
    return result


def test_json_by_hand(make_site, gwsite):
    site = make_site("correspondents")
    data = json.loads(by_author(site, gwsite, "--format", "json").output)
    assert data == {"period": "2024", "correspondents": YEAR, "unattributed": YEAR_UNATTRIBUTED}
    units = json.loads(gwsite(site, "tally", "--format", "json").output)
    total = sum(u["points"] for g in units["groups"] for u in g["units"])
    assert total == 18.0 == sum(p["points"] for p in YEAR) + YEAR_UNATTRIBUTED["points"]
    # The units' JSON (the site's ranking.json) carries the same rows.
    assert units["correspondents"] == YEAR and units["unattributed"] == YEAR_UNATTRIBUTED


@pytest.mark.parametrize(("args", "expected"), [
    # Q1: stories a1, a2; only a1's placement (a2's ran on 2024-04-01)
    (["--period", "2024Q1"], [("张伟", "anping", 1, 2.5), ("李红", "anping", 1, 2.5), ("张伟", "linhe", 1, 0.0)]),
    (["--period", "2024-04"], [("张伟", "linhe", 0, 5.0)]),
    (["--period", "2024-03..2024-05"], [("张伟", "linhe", 1, 5.0), ("张伟", "anping", 1, 2.5),
                                        ("李红", "anping", 1, 2.5), (HOSTILE, "anping", 1, 2.0)]),
    (["--year", "2024"], [(p["name"], p["unit_id"], p["site_stories"], p["points"]) for p in YEAR]),
])
def test_every_period_form(make_site, gwsite, args, expected):
    data = json.loads(by_author(make_site("correspondents"), gwsite, *args, "--format", "json").output)
    assert [(p["name"], p["unit_id"], p["site_stories"], p["points"]) for p in data["correspondents"]] == expected


def test_a_group_ranks_its_own_correspondents(make_site, gwsite):
    site = make_site("correspondents")
    data = json.loads(by_author(site, gwsite, "--group", "department", "--format", "json").output)
    # Ranked among the group's correspondents; no unattributed totals (they are not split by group).
    assert data == {"period": "2024", "correspondents": [{**row, "rank": 1} for row in YEAR[4:]]}
    table = by_author(site, gwsite, "--group", "county").output
    assert "市教育局关工委" not in table and "按分组列出时，名次为本组通讯员之间的名次" in table


def test_table(make_site, gwsite):
    lines = by_author(make_site("correspondents"), gwsite).output.splitlines()
    assert lines[0] == "2024年度通讯员上稿统计"
    assert lines[2].split() == ["名次", "姓名", "单位", "网站稿件", "中央级", "省级", "市级", "县级", "省级（含）以上",
                                "市级（含）以上", "上稿合计", "得分", "待核定", "名录内"]
    assert lines[4].split() == ["1", "张伟", "临河区关工委", "1", "1", "0", "0", "0", "1", "1", "1", "5.0", "0", "否"]
    assert lines[7].split() == ["4", HOSTILE, "安平县关工委", "1", "0", "0", "1", "0", "0", "1", "1", "2.0", "1", "否"]
    assert lines[-1] == "未署作者的稿件：网站稿件 1 篇，计分刊用 1 条，得分 5.0（与各通讯员得分相加，即各单位得分之和）"


def test_csv(make_site, gwsite):
    raw = by_author(make_site("correspondents"), gwsite, "--format", "csv").stdout_bytes
    assert raw.startswith("\ufeff".encode("utf-8"))
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(table) == 1 + len(YEAR) + 1
    assert table[1] == ["1", "张伟", "临河区关工委", "1", "1", "0", "0", "0", "1", "1", "1", "5.0", "0", "否"]
    assert [row[1] for row in table[1:]] == [p["name"] for p in YEAR] + ["（未署作者的稿件）"]
    assert table[-1][10:12] == ["1", "5.0"]


def test_xlsx_read_back_equals_the_json(make_site, gwsite, monkeypatch):
    site = make_site("correspondents")
    result = gwsite(site, "tally", "--by", "author", "--format", "xlsx", "-o", "通讯员.xlsx")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(site / "通讯员.xlsx")
    assert book.sheetnames == ["通讯员"]
    rows = list(book["通讯员"].iter_rows(values_only=True))
    # Dated by the newest placement counted (a5's 2024-12-25), never the clock.
    assert rows[0][0] == "2024年度通讯员上稿统计　统计截至 2024-12-25"
    read = [{"rank": r[0], "name": r[1], "unit": r[2], "site_stories": r[3], "counts": r[4:8],
             "at_or_above": r[8:10], "total": r[10], "points": r[11], "pending": r[12]} for r in rows[2:-1]]
    assert read == [{"rank": p["rank"], "name": p["name"], "unit": p["unit"], "site_stories": p["site_stories"],
                     "counts": tuple(p["placements"].values()), "at_or_above": tuple(p["at_or_above"].values()),
                     "total": p["placements_total"], "points": p["points"], "pending": p["pending"]} for p in YEAR]
    assert rows[-1][1] == "（未署作者的稿件）" and rows[-1][10:12] == (1, 5.0)
    again = gwsite(site, "tally", "--by", "author", "--format", "xlsx", "-o", "again.xlsx")
    assert again.exit_code == 0
    assert (site / "again.xlsx").read_bytes() == (site / "通讯员.xlsx").read_bytes()
    refused = gwsite(site, "tally", "--by", "author", "--format", "xlsx")
    assert refused.exit_code == 2 and "请用 -o 指定保存的文件" in refused.output


def test_placements_by_author_is_refused_in_chinese(make_site, gwsite):
    result = gwsite(make_site("correspondents"), "tally", "--by", "author", "--placements")
    assert result.exit_code == 2
    assert "--by author 不能与 --placements 同用" in result.output
    assert "Traceback" not in result.output


def issue_2024_to_april(site, gwsite, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768003200")  # 2026-01-10
    result = gwsite(site, "issue", "2024", "--cutoff", "2024-04-30")
    assert result.exit_code == 0, result.output


def test_an_issued_period_counts_correspondents_to_its_cutoff(make_site, gwsite, monkeypatch):
    site = make_site("correspondents")
    issue_2024_to_april(site, gwsite, monkeypatch)
    data = json.loads(by_author(site, gwsite, "--format", "json").output)
    assert data["issued"] == {"date": "2026-01-10", "cutoff": "2024-04-30"}
    # Up to 2024-04-30: a1 and a2, with their placements; a3–a5 ran later.
    assert [(p["name"], p["unit_id"], p["points"]) for p in data["correspondents"]] == [
        ("张伟", "linhe", 5.0), ("张伟", "anping", 2.5), ("李红", "anping", 2.5)]
    assert data["unattributed"] == {"site_stories": 0, "placements": 0, "points": 0.0}
    table = by_author(site, gwsite).output.splitlines()
    assert table[1] == "（该统计期已通报；通讯员只计通报时计分的刊用记录（统计截至 2024-04-30），姓名和署名按现有稿件）"
    units = json.loads(gwsite(site, "tally", "--format", "json").output)
    assert units["correspondents"] == data["correspondents"]
    # A placement recorded after the issue, though dated before its cut-off, counts for no unit of
    # the issued ranking, so for no correspondent either: their points still add up to the units'.
    story = site / "content/news/2024/a1-anping.md"
    story.write_text(story.read_text(encoding="utf-8").replace(
        "  - {outlet: 江北日报, date: 2024-03-05}",
        "  - {outlet: 江北日报, date: 2024-03-05}\n  - {outlet: 中国火炬, date: 2024-03-20}"), encoding="utf-8")
    after = json.loads(by_author(site, gwsite, "--format", "json").output)
    assert after["correspondents"] == data["correspondents"]


def test_an_issued_period_keeps_its_issued_points_after_the_content_changes(make_site, gwsite, monkeypatch):
    """The issued units keep their issued numbers whatever changes since; the correspondents too: a
    placement earns its issued points under a new scoring, and one whose story was renamed (no story
    has it any more) goes with the stories without authors, so that the sums still agree."""
    site = make_site("correspondents")
    issue_2024_to_april(site, gwsite, monkeypatch)
    scoring = site / "content/_data/scoring.yml"
    scoring.write_text(scoring.read_text(encoding="utf-8").replace("points: 5}", "points: 7}"), encoding="utf-8")
    data = json.loads(by_author(site, gwsite, "--format", "json").output)
    assert [(p["name"], p["unit_id"], p["points"]) for p in data["correspondents"]] == [
        ("张伟", "linhe", 5.0), ("张伟", "anping", 2.5), ("李红", "anping", 2.5)]
    assert data["unattributed"] == {"site_stories": 0, "placements": 0, "points": 0.0}
    folder = site / "content/news/2024"
    (folder / "a2-linhe.md").rename(folder / "a2-linhe-renamed.md")
    data = json.loads(by_author(site, gwsite, "--format", "json").output)
    units = json.loads(gwsite(site, "tally", "--format", "json").output)
    assert [(p["name"], p["unit_id"], p["points"]) for p in data["correspondents"]] == [
        ("张伟", "anping", 2.5), ("李红", "anping", 2.5), ("张伟", "linhe", 0.0)]
    assert data["unattributed"] == {"site_stories": 0, "placements": 1, "points": 5.0, "unmatched": 1}
    assert sum(p["points"] for p in data["correspondents"]) + data["unattributed"]["points"] == sum(
        u["points"] for group in units["groups"] for u in group["units"]) == 10.0
    assert "（其中 1 条是通报时计分、现已找不到对应稿件的刊用记录" in by_author(site, gwsite).output


# -- Through a real build ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = tmp_path_factory.mktemp("built") / "correspondents"
    shutil.copytree(FIXTURES / "correspondents", site)
    result = run_mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    return site


def links(html: str, page: Path) -> list[Path]:
    """The pages a page's table links to, as files of the built site."""
    table = html[html.index("<table"):html.index("</table>")]
    return [(page.parent / unquote(href)).resolve() / "index.html" for href in re.findall(r'href="([^"]+)"', table)]


def test_built_ranking_json_has_the_correspondents(built, gwsite):
    text = (built / "site/ranking/2024/ranking.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["correspondents"] == YEAR and data["unattributed"] == YEAR_UNATTRIBUTED
    assert "<script>" not in text  # names from content are written \u003c…
    assert text == gwsite(built, "tally", "--format", "json").output
    quarter = json.loads((built / "site/ranking/2024q2/ranking.json").read_text(encoding="utf-8"))
    assert quarter["correspondents"] == json.loads(
        gwsite(built, "tally", "--by", "author", "--period", "2024Q2", "--format", "json").output)["correspondents"]


def test_built_correspondents_page(built):
    page = built / "site/ranking/2024/correspondents/index.html"
    html = page.read_text(encoding="utf-8")
    assert "<h1>2024年度通讯员上稿统计</h1>" in html
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    cells = [re.sub(r"<[^>]+>", "", row) for row in re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)]
    assert len(re.findall("<tr>", body)) == len(YEAR)
    assert cells[:4] == ["1", "张伟", "临河区关工委", "1"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and HOSTILE not in html
    targets = links(html, page)
    assert len(targets) == 2 * len(YEAR)  # each name and each unit
    assert all(target.is_file() for target in targets), [t for t in targets if not t.is_file()]
    # Three 张伟 in three units: three pages. A name with "/" is one folder, never two.
    people = sorted(str(t.parent.relative_to(page.parent.resolve())) for t in targets[::2])
    assert [p for p in people if p.endswith("/张伟")] == ["anping/张伟", "jiaoyu/张伟", "linhe/张伟"]
    assert any(re.fullmatch(r"jiaoyu/王芳-二-[0-9a-f]{6}", p) for p in people), people
    assert all(p.count("/") == 1 for p in people)
    # The year's ranking and the current ranking (/ranking/) link to it.
    for ranking in ("site/ranking/2024/index.html", "site/ranking/index.html"):
        ranking_html = (built / ranking).read_text(encoding="utf-8")
        href = re.search(r'<a href="([^"]*correspondents/)">通讯员上稿统计</a>', ranking_html).group(1)
        assert ((built / ranking).parent / href / "index.html").resolve() == page.resolve()


def test_built_correspondent_page_is_the_audit_trail(built):
    page = built / "site/ranking/2024/correspondents/anping/张伟/index.html"
    html = page.read_text(encoding="utf-8")
    assert "<h1>张伟</h1>" in html and "安平县关工委" in html
    rows = re.findall(r"<tr class=\"gw-audit__row[^\"]*\">(.*?)</tr>", html, re.S)
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", rows[0], re.S)]
    # 江北日报 5 points, two authors: 2.5 each.
    assert cells == ["2024-03-05", "安平县与临河区联合开展五老宣讲", "江北日报", "省级", "文字", "5", "2", "2.5", "计分"]
    assert len(rows) == 1
    story = re.search(r'<li><a href="([^"]+)">安平县与临河区联合开展五老宣讲</a>', html).group(1)
    assert (page.parent / story / "index.html").resolve().is_file()
    hostile = next((built / "site/ranking/2024/correspondents/anping").glob("script-alert(1)-script-*/index.html"))
    text = hostile.read_text(encoding="utf-8")
    assert HOSTILE not in text and "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in text
    assert "待核定" in text  # 某某网, credited as pending


def test_an_issued_year_through_a_build(make_site, gwsite, monkeypatch):
    site = make_site("correspondents")
    issue_2024_to_april(site, gwsite, monkeypatch)
    result = run_mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    html = (site / "site/ranking/2024/correspondents/index.html").read_text(encoding="utf-8")
    assert "该统计期已通报；通讯员只计通报时计分的刊用记录（统计截至 2024-04-30），姓名和署名按现有稿件" in html
    text = (site / "site/ranking/2024/ranking.json").read_text(encoding="utf-8")
    assert text == gwsite(site, "tally", "--format", "json").output
    assert [p["name"] for p in json.loads(text)["correspondents"]] == ["张伟", "张伟", "李红"]
