"""The office on the sample portal's ranking pages in Chromium, at a desktop and a phone size:
the tables in the order the scoring rules give, their charts, the links to other years and
quarters, the downloads, and a printout without the site's chrome."""

from __future__ import annotations

import re

import pytest

both_sizes = pytest.mark.parametrize("size", ["desktop", "phone"])

# The sample data's 2025 ranking (the latest year with placements), by the rules in DESIGN.md;
# tests/test_ranking.py checks the arithmetic, this checks what the office sees.
RANKING_2025 = {
    "县（市、区）关工委": ["安平县关工委", "柳林市关工委", "临河区关工委", "北原区关工委", "清溪县关工委",
                      "东湖区关工委", "丰乐县关工委", "南山区关工委", "石门县关工委"],
    "市直单位关工委": ["市公安局关工委", "市民政局关工委", "市妇联关工委", "市教育局关工委", "市司法局关工委",
                   "市卫生健康委关工委", "团市委关工委", "市文化广电旅游局关工委"],
}


def group_tables(page) -> dict[str, list[list[str]]]:
    """Each group's heading and its table's rows (rank and unit name; on a phone the unit's cell
    also tells the columns hidden there)."""
    return page.eval_on_selector_all(".gw-ranking__group", """groups => Object.fromEntries(groups.map(group => [
        group.querySelector("h2").innerText.trim(),
        [...group.querySelectorAll("tbody tr")].map(row => [row.cells[0].innerText.trim(), row.cells[1].querySelector("a").innerText.trim()])
    ]))""")


def smallest_chart_label(page) -> float:
    """The smallest font size, in CSS pixels as shown, of any label of the page's charts."""
    return page.eval_on_selector_all("svg.gw-chart", """charts => Math.min(...charts.flatMap(chart => {
        const scale = chart.getBoundingClientRect().width / chart.viewBox.baseVal.width;
        return [...chart.querySelectorAll("text")].map(label => parseFloat(label.getAttribute("font-size")) * scale);
    }))""")


def open_ranking_from_the_menu(reader) -> None:
    """Reach the ranking as a reader would: the tab on a desktop, the drawer menu on a phone."""
    reader.open("/")
    if reader.size == "desktop":
        reader.click(".md-tabs__link:text-is('宣传排名')", "/ranking/")
    else:
        assert not reader.page.is_visible(".md-tabs")
        reader.page.click("label.md-header__button[for='__drawer']")
        reader.page.get_by_role("navigation", name="导航栏").get_by_role("link", name="宣传排名", exact=True).click()
        reader.page.wait_for_url(reader.origin + "/ranking/")
        reader.settle()


@both_sizes
def test_the_ranking_shows_each_group_in_order_with_its_chart(reader):
    open_ranking_from_the_menu(reader)
    assert reader.page.inner_text("h1") == "2025年度宣传上稿排名"
    tables = group_tables(reader.page)
    assert {group: [unit for _, unit in rows] for group, rows in tables.items()} == RANKING_2025

    # The downloadable JSON is the same ranking, with the same places (units with equal points share one).
    href = reader.page.get_attribute(".gw-ranking__downloads a[href$='ranking.json']", "href")
    data = reader.page.request.get(reader.page.url + href).json()
    assert data["period"] == "2025"
    assert {g["name"]: [[str(u["rank"]), u["name"]] for u in g["units"]] for g in data["groups"]} == tables

    # Each group's chart is drawn: one bar per unit, in the table's order, the longest first.
    for group, units in RANKING_2025.items():
        chart = reader.page.locator(f"svg.gw-chart[aria-label='{group}得分']")
        box = chart.bounding_box()
        assert box is not None and box["width"] > 250 and box["height"] > 100
        bars = chart.locator("rect").evaluate_all(
            "bars => bars.map(bar => [bar.querySelector('title').textContent, bar.getBoundingClientRect().width])")
        assert [title.split("：")[0] for title, _ in bars] == units
        widths = [width for _, width in bars]
        assert widths == sorted(widths, reverse=True) and widths[0] > 100
    # Labels stay readable: at least 12 px, on a phone too (a chart shrinks to fit the screen).
    assert smallest_chart_label(reader.page) >= 12
    months = reader.page.locator("svg.gw-chart[aria-label='2025年度各月得分'] rect")
    assert months.count() == 12 and months.first.bounding_box()["height"] > 0
    reader.screenshot("ranking")


@both_sizes
def test_year_and_quarter_links_open_those_rankings(reader):
    reader.open("/ranking/")
    reader.click(".gw-ranking__periods a:text-is('2024年度')", "/ranking/2024/")
    assert reader.page.inner_text("h1") == "2024年度宣传上稿排名"
    assert set(group_tables(reader.page)) == set(RANKING_2025)
    reader.screenshot("ranking-2024")
    reader.click(".gw-ranking__periods a[href$='2024q2/']", "/ranking/2024q2/")
    assert reader.page.inner_text("h1").startswith("2024年第二季度")
    reader.screenshot("ranking-2024q2")
    # A unit's name in the table leads to its audit trail.
    first = reader.page.locator(".gw-ranking__group tbody tr >> nth=0").locator("a")
    unit = first.inner_text()
    reader.click(".gw-ranking__group tbody tr >> nth=0 >> a", re.compile(r"/units/[a-z0-9-]+/$"))
    assert reader.page.inner_text("h1") == unit


@both_sizes
def test_printing_the_ranking_leaves_out_the_site_chrome(reader):
    reader.open("/ranking/")
    chrome = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".gw-footer", ".gw-ranking__downloads",
              ".gw-ranking__periods"]
    assert reader.page.is_visible(".md-header") and reader.page.is_visible(".gw-footer")
    reader.page.emulate_media(media="print")
    shown = {selector: reader.page.locator(selector).first.is_visible() for selector in chrome}
    assert shown == {selector: False for selector in chrome}
    assert reader.page.is_visible("h1")
    assert all(table.is_visible() for table in reader.page.locator(".gw-ranking__group table").all())
    reader.screenshot("ranking-print")
    reader.page.emulate_media(media="screen")
    assert reader.page.is_visible(".md-header")


def right_edge_inside(page, selector: str) -> bool:
    """Whether every cell `selector` finds ends inside the window: read without scrolling sideways."""
    return page.eval_on_selector_all(
        selector, "cells => cells.length > 0 && cells.every(c => c.getBoundingClientRect().right <= window.innerWidth + 1)")


@both_sizes
def test_the_correspondents_lead_to_each_ones_audit_trail(reader):
    reader.open("/ranking/")
    reader.click(".gw-ranking a:text-is('通讯员上稿统计')", "/ranking/2025/correspondents/")
    assert reader.page.inner_text("h1") == "2025年度通讯员上稿统计"
    # Rank, name, unit and points in view on a phone too; the numbers those of ranking.json.
    table = ".gw-correspondents__table"
    for column in (1, 2, 3):
        assert right_edge_inside(reader.page, f"{table} tbody td:nth-child({column})")
    assert right_edge_inside(reader.page, f"{table} tbody td.gw-points")
    shown = reader.page.eval_on_selector_all(f"{table} tbody tr", """rows => rows.map(row => [
        row.cells[1].innerText.trim(), row.querySelector('.gw-points').innerText.trim()])""")
    data = reader.page.request.get(reader.origin + "/ranking/2025/ranking.json").json()
    assert shown == [[p["name"], f"{p['points']:.1f}"] for p in data["correspondents"]]
    reader.screenshot("correspondents")

    name, points = shown[0]
    reader.click(f"{table} tbody tr >> nth=0 >> a >> nth=0", re.compile(r"/ranking/2025/correspondents/[a-z0-9-]+/.+/$"))
    assert reader.page.inner_text("h1") == name
    # The person's share of each placement, in view on a phone, adds up to the points in the table.
    assert right_edge_inside(reader.page, ".gw-audit__table tbody td.gw-points")
    shares = reader.page.eval_on_selector_all(
        ".gw-audit__table tbody td.gw-points", "cells => cells.map(c => parseFloat(c.innerText))")
    assert round(sum(shares), 1) == float(points)
    reader.screenshot("correspondent")


def columns_in_view(page, tables: str, names: tuple[str, ...]) -> dict[str, bool]:
    """For each column heading in `names`: whether every body cell under it, in every table that
    `tables` finds, is shown and ends inside the window (read without scrolling sideways)."""
    return page.eval_on_selector_all(tables, """(tables, names) => Object.fromEntries(names.map(name => [name,
        tables.length > 0 && tables.every(table => {
            const column = [...table.tHead.rows[0].cells].findIndex(head => head.innerText.trim() === name);
            return column >= 0 && [...table.tBodies[0].rows].every(row => {
                const box = row.cells[column].getBoundingClientRect();
                return box.width > 0 && box.left >= 0 && box.right <= window.innerWidth + 1;
            });
        })]))""", list(names))


def boxes_scrolling_sideways(page, tables: str) -> int:
    """How many of the tables' boxes are wider inside than they show (a table to scroll)."""
    return page.eval_on_selector_all(
        tables, "tables => tables.filter(t => t.closest('.gw-table-wrap').scrollWidth > t.closest('.gw-table-wrap').clientWidth + 1).length")


@pytest.mark.parametrize("size", ["phone"])
@pytest.mark.parametrize("path", ["/ranking/", "/ranking/2024/", "/ranking/2024q2/"])
def test_a_phone_shows_rank_unit_points_and_completion_without_scrolling(reader, path):
    reader.open(path)
    assert reader.page.evaluate("window.innerWidth") == 375
    tables = "table.gw-ranking__table"
    assert columns_in_view(reader.page, tables, ("名次", "单位", "得分", "年度任务完成率")) == {
        "名次": True, "单位": True, "得分": True, "年度任务完成率": True}
    assert boxes_scrolling_sideways(reader.page, tables) == 0
    # The hidden columns are told under each unit's name, on a phone only.
    details = reader.page.locator(f"{tables} .gw-ranking__details").first
    assert details.is_visible() and details.inner_text().startswith("上稿 ")
    assert smallest_chart_label(reader.page) >= 12
    reader.screenshot("ranking-phone-" + path.strip("/").replace("/", "-"))


@both_sizes
def test_the_hidden_columns_are_back_on_a_desktop(reader):
    reader.open("/ranking/")
    heads = reader.page.locator("table.gw-ranking__table >> nth=0").locator("thead th")
    shown = [head.inner_text().strip() for head in heads.all() if head.is_visible()]
    if reader.size == "phone":
        assert shown == ["名次", "单位", "得分", "年度任务完成率"]
    else:
        assert shown[:2] == ["名次", "单位"] and "省级（含）以上" in shown and "待核定" in shown and len(shown) == 14
        assert not reader.page.locator("table.gw-ranking__table .gw-ranking__details").first.is_visible()


@pytest.mark.parametrize("size", ["phone"])
def test_a_phone_shows_the_units_points_and_their_audit(reader):
    reader.open("/units/")
    assert columns_in_view(reader.page, "table.gw-units__table", ("单位", "网站稿件")) == {"单位": True, "网站稿件": True}
    points = reader.page.eval_on_selector_all("table.gw-units__table tbody tr", """rows => rows.every(row => {
        const box = row.cells[2].getBoundingClientRect();
        return box.width > 0 && box.right <= window.innerWidth + 1;
    })""")
    assert points  # the year's points, whatever the heading says of the year
    assert boxes_scrolling_sideways(reader.page, "table.gw-units__table") == 0
    reader.screenshot("units-phone")
    reader.open("/units/linhe/")
    assert reader.page.locator("h2").first.inner_text().startswith("本单位稿件")  # the unit's news first
    assert columns_in_view(reader.page, "table.gw-unit__audit", ("刊发日期", "稿件", "媒体", "得分")) == {
        "刊发日期": True, "稿件": True, "媒体": True, "得分": True}
    assert boxes_scrolling_sideways(reader.page, "table.gw-unit__audit") == 0
    details = reader.page.locator("table.gw-unit__audit .gw-audit__details").first
    assert details.is_visible() and " × " in details.inner_text()  # how the points were reached
    reader.screenshot("unit-phone")


@both_sizes
def test_the_printed_ranking_says_who_issues_it_and_to_what_date(reader):
    reader.open("/ranking/")
    imprint = reader.page.locator(".gw-ranking__imprint")
    assert not imprint.is_visible()  # on paper only
    reader.page.emulate_media(media="print")
    assert imprint.is_visible()
    assert re.fullmatch(r"发布单位：青州市关心下一代工作委员会\u3000统计截至 2025-\d\d-\d\d", imprint.inner_text().strip())
    assert reader.page.inner_text("h1") == "2025年度宣传上稿排名"  # the period
    # Every column is on paper, the phone's line under the unit's name is not.
    assert not reader.page.locator(".gw-ranking__details").first.is_visible()
    assert reader.page.locator("table.gw-ranking__table >> nth=0").locator("thead th:visible").count() == 14
    assert reader.page.pdf(format="A4")[:5] == b"%PDF-"
    reader.screenshot("ranking-print-imprint")
    reader.page.emulate_media(media="screen")


@pytest.mark.parametrize("size", ["phone"])
def test_a_table_that_still_scrolls_on_a_phone_shows_a_shadow_at_its_edge(reader):
    reader.open("/ranking/2024/")
    wrap = reader.page.locator("#pending .gw-table-wrap")
    scrolls, shadows = wrap.evaluate(
        "box => [box.scrollWidth > box.clientWidth, getComputedStyle(box).backgroundImage.split('radial-gradient').length - 1]")
    assert scrolls and shadows == 2  # the 待核定 list is wider than a phone, and says so at its edges
    reader.screenshot("ranking-2024-pending-phone")
