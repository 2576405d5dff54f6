"""The ranking of a fixture site computed by hand, checked through every way the office reads it."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from html.parser import HTMLParser

import pytest

from conftest import REPO, Page


def unit(rank, uid, name, counts, points, target, completion, site_stories, pending=0):
    return {
        "rank": rank, "id": uid, "name": name,
        "placements": dict(zip(("national", "provincial", "city", "county"), counts)),
        "placements_total": sum(counts), "points": points, "target": target, "completion": completion,
        "site_stories": site_stories, "pending": pending,
    }


COUNTY, DEPARTMENT = ("county", "县（市、区）关工委"), ("department", "市直单位关工委")


def ranking(period, county, department, unattributed):
    """`unattributed`: (stories, placements, points) of the period's stories without authors: here
    every story, no fixture story naming its authors, so no correspondent is listed."""
    stories, placements, points = unattributed
    return {"period": period, "groups": [
        {"id": COUNTY[0], "name": COUNTY[1], "units": county},
        {"id": DEPARTMENT[0], "name": DEPARTMENT[1], "units": department},
    ], "correspondents": [], "unattributed": {"site_stories": stories, "placements": placements, "points": points}}


# Worked out by hand from tests/fixtures/ranking (see the stories there):
EXPECTED = {
    "2024": ranking("2024", [
        # 青州日报 头版 2×2 + 中国火炬 10
        unit(1, "anping", "安平县关工委", (1, 0, 1, 0), 14.0, 20, 0.7, 1),
        # joint with 市教育局: (江北日报 图片 5×0.5 + 安平融媒 1) ÷ 2 = 1.75, half up
        unit(2, "linhe", "临河区关工委", (0, 1, 0, 1), 1.8, 10, 0.175, 1),
        # its placement in 江北日报 ran on 2025-01-05; its pending outlet ran in 2024
        unit(3, "qingxi", "清溪县关工委", (0, 0, 0, 0), 0.0, None, None, 1, pending=1),
    ], [
        # 1.75 from the joint story + 青州日报 视频 2×1.5; 《中国火炬》 转载 counts, earns 0
        unit(1, "jiaoyu", "市教育局关工委", (1, 1, 1, 1), 4.8, 8, 0.594, 2),
        unit(2, "gongan", "市公安局关工委", (0, 0, 0, 0), 0.0, None, None, 0),
    ], (4, 6, 20.5)),  # s1–s4; 14 + 3.5 + 3 (s4's 转载 counted, earning 0)
    "2025": ranking("2025", [
        # 中国火炬 图片 头版 10×0.5×2 + a third of 江北日报 5
        unit(1, "linhe", "临河区关工委", (1, 1, 0, 0), 11.7, None, None, 2),
        unit(2, "qingxi", "清溪县关工委", (0, 2, 0, 0), 6.7, None, None, 1),
        # the draft earns nothing
        unit(3, "anping", "安平县关工委", (0, 1, 0, 0), 1.7, 30, 0.056, 1),
    ], [
        unit(1, "gongan", "市公安局关工委", (0, 0, 1, 1), 3.0, 5, 0.6, 1),
        unit(2, "jiaoyu", "市教育局关工委", (0, 0, 0, 0), 0.0, 10, 0.0, 0),
    ], (3, 5, 23.0)),  # s6–s8; 5 (s3's, in 2025) + 3 + 10 + 5
    "2025Q1": ranking("2025Q1", [
        unit(1, "linhe", "临河区关工委", (1, 1, 0, 0), 11.7, None, None, 2),
        unit(2, "qingxi", "清溪县关工委", (0, 2, 0, 0), 6.7, None, None, 1),
        unit(3, "anping", "安平县关工委", (0, 1, 0, 0), 1.7, 30, 0.056, 1),
    ], [
        # 安平融媒 ran its story in June: outside the quarter
        unit(1, "gongan", "市公安局关工委", (0, 0, 1, 0), 2.0, 5, 0.4, 1),
        unit(2, "jiaoyu", "市教育局关工委", (0, 0, 0, 0), 0.0, 10, 0.0, 0),
    ], (3, 4, 22.0)),  # as the year, without s6's June placement
}
ARGS = {"2024": ["--year", "2024"], "2025": [], "2025Q1": ["--period", "2025Q1"]}
URLS = {"2024": "ranking/2024", "2025": "ranking/2025", "2025Q1": "ranking/2025q1"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import built_copy

    return built_copy(tmp_path_factory.mktemp("built"), "ranking")


@pytest.mark.parametrize("period", EXPECTED)
def test_tally_command_json(make_site, gwsite, period):
    result = gwsite(make_site("ranking"), "tally", *ARGS[period], "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == EXPECTED[period]


@pytest.mark.parametrize("period", EXPECTED)
def test_built_ranking_json_is_the_commands_output(built, gwsite, period):
    text = (built / "site" / URLS[period] / "ranking.json").read_text(encoding="utf-8")
    assert json.loads(text) == EXPECTED[period]
    assert text == gwsite(built, "tally", *ARGS[period], "--format", "json").output


def csv_rows(expected):
    rows = []
    for group in expected["groups"]:
        for u in group["units"]:
            counts = list(u["placements"].values())
            rows.append([
                group["name"], str(u["rank"]), u["name"], *map(str, counts),
                str(counts[0] + counts[1]), str(counts[0] + counts[1] + counts[2]),
                str(u["placements_total"]), f"{u['points']:.1f}",
                "" if u["target"] is None else str(u["target"]),
                "" if u["completion"] is None else f"{u['completion'] * 100:.1f}%",
                str(u["site_stories"]), str(u["pending"]),
            ])
    return rows


@pytest.mark.parametrize("period", EXPECTED)
def test_csv_is_utf8_with_bom_and_chinese_headings(built, period):
    raw = (built / "site" / URLS[period] / "ranking.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == ["分组", "名次", "单位", "中央级", "省级", "市级", "县级", "省级（含）以上", "市级（含）以上",
                        "上稿合计", "得分", "任务分值", "完成率", "网站稿件", "待核定"]
    assert table[1:] == csv_rows(EXPECTED[period])


def test_csv_command_matches_the_built_file(built, gwsite):
    result = gwsite(built, "tally", "--period", "2025Q1", "--format", "csv")
    assert result.stdout_bytes == (built / "site/ranking/2025q1/ranking.csv").read_bytes()


class Tables(HTMLParser):
    """Rows of every `table.gw-table[data-group]`, as lists of cell texts as a desktop shows them
    (without the line under a unit's name that only a phone shows)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._group = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._phone_only = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "span" and "gw-narrow-only" in (attrs.get("class") or "").split():
            self._phone_only = True
        elif tag == "table" and "data-group" in attrs:
            self._group = attrs["data-group"]
            self.tables[self._group] = []
        elif tag == "tr" and self._group:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "span":
            self._phone_only = False
        elif tag == "table":
            self._group = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[self._group].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None and not self._phone_only:
            self._cell.append(data)


@pytest.mark.parametrize("period", EXPECTED)
def test_html_tables_show_the_ranking(built, period):
    html = (built / "site" / URLS[period] / "index.html").read_text(encoding="utf-8")
    tables = Tables(html).tables
    assert list(tables) == ["county", "department"]
    for group in EXPECTED[period]["groups"]:
        rows = tables[group["id"]]
        assert rows[0][:3] == ["名次", "单位", "中央级"]
        expected = [
            [row[1], row[2], *row[3:9], row[9], row[10], row[11] or "—", row[12] or "—", row[13], row[14]]
            for row in csv_rows({"groups": [group]})
        ]
        assert rows[1:] == expected


def test_ranking_index_is_the_latest_year_with_links_to_every_period(built):
    html = (built / "site/ranking/index.html").read_text(encoding="utf-8")
    assert "<h1>2025年度宣传上稿排名</h1>" in html
    assert Tables(html).tables == Tables((built / "site/ranking/2025/index.html").read_text(encoding="utf-8")).tables
    for link in ("2024/", "2024q2/", "2024q3/", "2024q4/", "2025q1/", "2025q2/", "2024q1/"):
        assert f'href="{link}"' in html
    assert html.count('<svg class="gw-chart"') == 3  # one bar chart per group, one month-by-month chart


def test_pending_outlets_are_listed_for_the_office(built):
    html = (built / "site/ranking/2024/index.html").read_text(encoding="utf-8")
    section = html[html.index('id="pending"'):]
    assert "待核定媒体（1 条）" in section
    assert "学习强国江北学习平台" in section and "清溪县关工委年终走访" in section and "省级" in section


def test_unit_page_explains_every_placement(built):
    html = (built / "site/units/linhe/index.html").read_text(encoding="utf-8")
    assert 'data-period="2025" data-points="11.7"' in html
    assert 'data-period="2024" data-points="1.8"' in html
    assert "中央级 10 × 图片 0.5 × 头版 2" in html
    assert "省级 5 × 文字 1 = 5，3 个单位联合报送平分" in html
    assert ">1.67<" in html
    jiaoyu = (built / "site/units/jiaoyu/index.html").read_text(encoding="utf-8")
    assert "中央级 10 × 转载 0" in jiaoyu
    qingxi = (built / "site/units/qingxi/index.html").read_text(encoding="utf-8")
    assert "媒体待核定，核定级别后计分" in qingxi


def test_ranking_pages_are_in_the_nav_but_unit_and_period_pages_are_not(built):
    nav = Page(built / "site/index.html").nav_links
    assert "ranking/" in nav and "units/" in nav
    assert not any(link.startswith(("ranking/2", "units/a")) for link in nav)


def test_sample_portal_unit_pages_total_the_ranking(tmp_path, build):
    site = tmp_path / "portal"
    site.mkdir()
    for part in ("content", "theme_overrides"):
        shutil.copytree(REPO / part, site / part)
    shutil.copy(REPO / "mkdocs.yml", site / "mkdocs.yml")
    assert build(site).returncode == 0
    checked = 0
    for ranking_file in (site / "site/ranking").glob("[0-9][0-9][0-9][0-9]/ranking.json"):
        data = json.loads(ranking_file.read_text(encoding="utf-8"))
        for group in data["groups"]:
            for u in group["units"]:
                page = (site / "site/units" / u["id"] / "index.html").read_text(encoding="utf-8")
                match = re.search(rf'data-period="{data["period"]}" data-points="([0-9.]+)"', page)
                assert match and float(match.group(1)) == u["points"], (u["id"], data["period"])
                checked += 1
    assert checked >= 2 * 17
    home = (site / "site/index.html").read_text(encoding="utf-8")
    assert "2025年度宣传排名前五" in home


# -- Cumulative periods, the running year, completion's label, units' lifetimes ----------------------


@pytest.mark.parametrize("text", ["2025-01..2025-03", "2025Q1..2025-03", "2025..2025Q1"])
def test_tally_command_range_is_the_sum_of_its_months(make_site, gwsite, text):
    site = make_site("ranking")
    result = gwsite(site, "tally", "--period", text, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {**EXPECTED["2025Q1"], "period": "2025-01..2025-03"}
    table = gwsite(site, "tally", "--period", text).output
    assert table.startswith("2025年1—3月累计宣传上稿排名\n") and "年度任务完成率" in table


def test_tally_command_range_ranks_are_recomputed(make_site, gwsite):
    site = make_site("ranking")
    ranks = {}
    for text in ("2025-01", "2025-02", "2025-03", "2025-01..2025-03"):
        data = json.loads(gwsite(site, "tally", "--period", text, "--format", "json").output)
        ranks[text] = [(u["id"], u["rank"], u["points"]) for u in data["groups"][0]["units"]]
    assert ranks["2025-01..2025-03"] == [(u["id"], u["rank"], u["points"]) for u in EXPECTED["2025Q1"]["groups"][0]["units"]]
    for position, (unit_id, _, points) in enumerate(ranks["2025-01..2025-03"]):
        assert points == pytest.approx(sum(p for month in ("2025-01", "2025-02", "2025-03")
                                           for u, _, p in ranks[month] if u == unit_id))


@pytest.mark.parametrize(("text", "reason"), [("2025-06..2025-01", "结束月份早于开始月份"),
                                              ("2024-10..2025-03", "跨越了统计年度（2024年度）")])
def test_tally_command_refuses_a_bad_range_with_one_message(make_site, gwsite, text, reason):
    result = gwsite(make_site("ranking"), "tally", "--period", text)
    assert result.exit_code == 2
    assert f"错误：累计统计期“{text}”无效：{reason}；应为“起..止”" in result.output
    assert result.output.count("错误：") == 1 and "Error" not in result.output


def test_the_running_year_shows_its_total_so_far_and_units_only_their_years(tmp_path, monkeypatch):
    import datetime as dt
    from zoneinfo import ZoneInfo

    from conftest import built_copy

    def prepare(site):
        units = site / "content/_data/units.yml"
        units.write_text(units.read_text(encoding="utf-8")
                         + "  - id: laocheng\n    name: 老城区关工委\n    group: county\n    until: 2024\n", encoding="utf-8")

    today = dt.datetime(2025, 7, 1, 12, tzinfo=ZoneInfo("Asia/Shanghai"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(today.timestamp())))
    site = built_copy(tmp_path, "ranking", prepare) / "site"
    # The newest content of 2025 is a placement of 2025-06-01: the year so far runs to June.
    for page in ("ranking/index.html", "ranking/2025/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "<h1>2025年度（1—6月累计）宣传上稿排名</h1>" in html
        assert '<th scope="col" class="gw-ranking__completion-head">年度任务完成率</th>' in html and ">完成率<" not in html
        assert "年度任务完成率 = 得分 ÷ 所在统计年度的宣传任务分值" in html
    assert "<h1>2024年度宣传上稿排名</h1>" in (site / "ranking/2024/index.html").read_text(encoding="utf-8")
    quarter = (site / "ranking/2025q1/index.html").read_text(encoding="utf-8")
    assert "<h1>2025年第一季度宣传上稿排名</h1>" in quarter and '<th scope="col" class="gw-ranking__completion-head">年度任务完成率</th>' in quarter
    # The CSV keeps its header; the JSON its period.
    assert "完成率,网站稿件" in (site / "ranking/2025/ranking.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert json.loads((site / "ranking/2025/ranking.json").read_text(encoding="utf-8"))["period"] == "2025"
    # A unit abolished after 2024 is in 2024's ranking only, and its page shows 2024 only.
    ids = {year: [u["id"] for g in json.loads((site / f"ranking/{year}/ranking.json").read_text(encoding="utf-8"))["groups"]
                  for u in g["units"]] for year in ("2024", "2025", "2025q1")}
    assert "laocheng" in ids["2024"] and "laocheng" not in ids["2025"] and "laocheng" not in ids["2025q1"]
    unit_page = (site / "units/laocheng/index.html").read_text(encoding="utf-8")
    assert 'data-period="2024"' in unit_page and 'data-period="2025"' not in unit_page
