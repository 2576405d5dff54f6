"""Issued periods: `gwsite issue` records a period's ranking; from then on the period shows it, with
every later difference listed as 通报后变动, through the command and a real build."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from conftest import Page, run_mkdocs_build
from test_ranking import EXPECTED, csv_rows

EPOCH = "1768003200"  # 2026-01-10 08:00 +08:00: the issue date of these tests
ISSUED_ON = "2026-01-10"
ISSUED = Path("content/_data/issued/2024.yml")


@pytest.fixture
def issued_site(make_site, gwsite, monkeypatch):
    """The ranking fixture with 2024 issued (cut-off at the year's end)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    site = make_site("ranking")
    result = gwsite(site, "issue", "2024", "--cutoff", "2024-12-31")
    assert result.exit_code == 0, result.output
    assert result.output == f"已通报 2024：{ISSUED.as_posix()}（通报日期 {ISSUED_ON}，统计截至 2024-12-31）\n"
    return site


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def later_placement(site: Path) -> None:
    edit(site / "content/news/2024/s1-anping.md", "  - {outlet: 中国火炬, date: 2024-04-20}",
         "  - {outlet: 中国火炬, date: 2024-04-20}\n  - {outlet: 江北日报, date: 2024-06-01}")


def new_unit(site: Path) -> None:
    edit(site / "content/_data/units.yml", "  - id: qingxi\n",
         "  - id: xinyuan\n    name: 新园区关工委\n    group: county\n  - id: qingxi\n")
    (site / "content/news/2024/s9-xinyuan.md").write_text(
        "---\ntitle: 新园区关工委成立\ndate: 2024-09-01\nunit: 新园区关工委\n"
        "placements:\n  - {outlet: 安平融媒, date: 2024-09-02}\n---\n正文。\n", encoding="utf-8")


def outlet_level(site: Path) -> None:
    edit(site / "content/_data/outlets.yml", "{name: 青州日报, level: city}", "{name: 青州日报, level: provincial}")


def scoring_rule(site: Path) -> None:
    edit(site / "content/_data/scoring.yml", "{name: 中央级, points: 10}", "{name: 中央级, points: 12}")


CHANGES = {
    # change: what it does, {unit: (points before, after, a cause)}
    "later placement": (later_placement, {
        "anping": (14.0, 19.0, "新增刊用记录 news/2024/s1-anping.md：江北日报 2024-06-01，得分 5.0"),
    }),
    "new unit": (new_unit, {
        "xinyuan": (None, 1.0, "通报后新增的单位（units.yml）"),
    }),
    "outlet level": (outlet_level, {
        "anping": (14.0, 20.0, "媒体“青州日报”级别由市级改为省级（outlets.yml）"),
        "jiaoyu": (4.8, 9.3, "媒体“青州日报”级别由市级改为省级（outlets.yml）"),
    }),
    "scoring rule": (scoring_rule, {
        "anping": (14.0, 16.0, "计分办法改动（scoring.yml）：中央级 10 分改为 12 分"),
    }),
}


@pytest.mark.parametrize("change", CHANGES)
def test_issued_period_keeps_its_numbers_and_lists_each_change(issued_site, gwsite, change):
    apply, expected = CHANGES[change]
    apply(issued_site)

    data = json.loads(gwsite(issued_site, "tally", "--year", "2024", "--format", "json").output)
    assert data["groups"] == EXPECTED["2024"]["groups"]  # the numbers as issued
    assert data["issued"] == {"date": ISSUED_ON, "cutoff": "2024-12-31"}
    changes = {c["unit"]: c for c in data["changes_since_issue"]}
    assert set(changes) == set(expected)
    for unit_id, (before, after, cause) in expected.items():
        assert (changes[unit_id]["before"] or {}).get("points") == before
        assert changes[unit_id]["after"]["points"] == after
        assert any(cause in text for text in changes[unit_id]["causes"]), changes[unit_id]["causes"]

    table = gwsite(issued_site, "tally", "--year", "2024").output
    assert table.startswith(f"2024年度宣传上稿排名（已通报，通报日期 {ISSUED_ON}，统计截至 2024-12-31）\n")
    assert "通报后变动" in table

    # A notice in `gwsite check`, naming the issued file: the site still passes --strict.
    check = gwsite(issued_site, "check", "--strict")
    assert check.exit_code == 0, check.output
    notices = [line for line in check.output.splitlines() if "通报后变动: 提示：" in line]
    assert len(notices) == len(expected)
    assert all(line.startswith(f"{ISSUED.as_posix()}:") for line in notices)


def test_an_unchanged_issued_period_lists_no_change(issued_site, gwsite):
    data = json.loads(gwsite(issued_site, "tally", "--year", "2024", "--format", "json").output)
    assert data == {**EXPECTED["2024"], "issued": {"date": ISSUED_ON, "cutoff": "2024-12-31"}, "changes_since_issue": []}
    # Other periods keep their JSON exactly as before.
    other = json.loads(gwsite(issued_site, "tally", "--year", "2025", "--format", "json").output)
    assert other == EXPECTED["2025"]
    check = gwsite(issued_site, "check").output
    assert "通报后变动" not in check
    assert check.endswith("共 0 处错误，0 处警告，1 条提示（有效稿件 8 篇）\n")


def test_issuing_again_needs_again_and_replaces(issued_site, gwsite, monkeypatch):
    first = (issued_site / ISSUED).read_bytes()
    refused = gwsite(issued_site, "issue", "2024", "--cutoff", "2024-06-30")
    assert refused.exit_code == 1
    assert "2024 已经通报过（content/_data/issued/2024.yml）" in refused.output
    assert "gwsite issue 2024 --again" in refused.output
    assert (issued_site / ISSUED).read_bytes() == first

    later_placement(issued_site)
    again = gwsite(issued_site, "issue", "2024", "--cutoff", "2024-12-31", "--again")
    assert again.exit_code == 0, again.output
    assert again.output.startswith("已重新通报 2024，替换了原来的记录：content/_data/issued/2024.yml")
    data = json.loads(gwsite(issued_site, "tally", "--year", "2024", "--format", "json").output)
    assert data["groups"][0]["units"][0]["points"] == 19.0
    assert data["changes_since_issue"] == []


def test_the_issued_file_is_deterministic(issued_site, gwsite, make_site):
    first = (issued_site / ISSUED).read_bytes()
    assert gwsite(issued_site, "issue", "2024", "--cutoff", "2024-12-31", "--again").exit_code == 0
    assert (issued_site / ISSUED).read_bytes() == first
    text = first.decode("utf-8")
    assert text.startswith("# 2024年度宣传上稿排名（已通报）\n")
    assert f"issued: {ISSUED_ON}\ncutoff: 2024-12-31\n" in text
    assert "  青州日报: city\n" in text  # the outlets' levels used
    assert "- story: news/2024/s1-anping.md\n" in text  # every scored placement


def test_only_placements_up_to_the_cutoff_count(make_site, gwsite, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    site = make_site("ranking")
    assert gwsite(site, "issue", "2024", "--cutoff", "2024-04-15").exit_code == 0
    data = json.loads(gwsite(site, "tally", "--year", "2024", "--format", "json").output)
    anping = data["groups"][0]["units"][0]
    assert (anping["id"], anping["points"], anping["placements_total"]) == ("anping", 4.0, 1)
    change = next(c for c in data["changes_since_issue"] if c["unit"] == "anping")
    assert change["after"]["points"] == 14.0
    assert any("新增刊用记录（刊发于截止日期之后） news/2024/s1-anping.md：中国火炬 2024-04-20" in c for c in change["causes"])


def test_issue_reads_a_period_and_cutoff_typed_in_full_width(make_site, gwsite, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    site = make_site("ranking")
    result = gwsite(site, "issue", "２０２４", "--cutoff", "２０２４－１２－３１")
    assert result.exit_code == 0, result.output
    assert result.output == f"已通报 2024：{ISSUED.as_posix()}（通报日期 {ISSUED_ON}，统计截至 2024-12-31）\n"


def test_issue_refuses_errors_and_a_cutoff_before_the_period(make_site, gwsite, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    site = make_site("ranking")
    early = gwsite(site, "issue", "2025Q1", "--cutoff", "2024-12-31")
    assert early.exit_code == 1
    assert "错误：截止日期 2024-12-31 早于统计期 2025Q1（2025年第一季度）的第一天 2025-01-01，不能通报" in early.output
    cumulative = gwsite(site, "issue", "2024-01..2024-03", "--cutoff", "2024-03-31")
    assert cumulative.exit_code == 2
    assert "累计期“2024-01..2024-03”不能通报：通报的统计期应为年 2025、季度 2025Q1 或月 2025-03" in cumulative.output
    edit(site / "content/news/2024/s1-anping.md", "unit: 安平县关工委", "unit: 火星关工委")
    broken = gwsite(site, "issue", "2024")
    assert broken.exit_code == 1
    assert "不能通报" in broken.output
    assert not (site / "content/_data/issued").exists()


MALFORMED = {
    "bad YAML": ("cutoff: 2024-12-31\n", "cutoff: [2024-12-31\n", ":13: cutoff: YAML 格式错误"),
    "missing key": ("cutoff: 2024-12-31\n", "", ":11: cutoff: 缺少“cutoff”，应为统计截止日期"),
    "wrong type": ("  points: 14.0\n", "  points: 很多\n", ": units[1].points: 应为得分（数字），不是“很多”"),
    "other period": ("period: '2024'\n", "period: 2023Q1\n", ":11: period: 统计期“2023Q1”与文件名不符"),
    "cutoff before the period": ("cutoff: 2024-12-31\n", "cutoff: 2023-12-31\n",
                                 ":13: cutoff: 统计截止日期 2023-12-31 早于统计期 2024 的第一天 2024-01-01，"
                                 "应为 gwsite issue 写入的截止日期"),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_issued_file_is_one_message(issued_site, gwsite, case):
    old, new, message = MALFORMED[case]
    edit(issued_site / ISSUED, old, new)
    check = gwsite(issued_site, "check")
    assert check.exit_code == 1
    errors = [line for line in check.output.splitlines() if line.startswith(ISSUED.as_posix())]
    assert len(errors) == 1, check.output
    assert message in errors[0]
    assert "Traceback" not in check.output
    tally = gwsite(issued_site, "tally", "--year", "2024")
    assert tally.exit_code == 1
    assert "已通报排名文件有 1 处错误" in tally.output


def test_an_issued_period_through_a_real_build(issued_site, gwsite):
    later_placement(issued_site)
    result = run_mkdocs_build(issued_site)
    assert result.returncode == 0, result.stderr
    assert "通报后变动: 提示：2024 已于 2026-01-10 通报，安平县关工委现为 19.0 分" in result.stderr
    folder = issued_site / "site/ranking/2024"

    text = (folder / "ranking.json").read_text(encoding="utf-8")
    assert text == gwsite(issued_site, "tally", "--year", "2024", "--format", "json").output
    assert json.loads(text)["groups"] == EXPECTED["2024"]["groups"]

    table = list(csv.reader(io.StringIO((folder / "ranking.csv").read_bytes().decode("utf-8-sig"))))
    assert table[1:] == csv_rows(EXPECTED["2024"])

    page = Page(folder / "index.html")
    assert page.h1 == ["2024年度宣传上稿排名（已通报）"]
    assert f"已通报（通报日期 {ISSUED_ON}，统计截至 2024-12-31）" in page.html
    changes = page.html[page.html.index('id="changes-since-issue"'):]
    assert re.search(r"<td>安平县关工委</td>\s*<td>14\.0 分，上稿 2 篇</td>\s*<td>19\.0 分，上稿 3 篇</td>", changes)
    assert "新增刊用记录 news/2024/s1-anping.md：江北日报 2024-06-01" in changes
    # A period not issued has no such mark.
    assert "已通报" not in (issued_site / "site/ranking/2025/index.html").read_text(encoding="utf-8")
