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
    """Each group's heading and its table's rows (rank and unit cells)."""
    return page.eval_on_selector_all(".gw-ranking__group", """groups => Object.fromEntries(groups.map(group => [
        group.querySelector("h2").innerText.trim(),
        [...group.querySelectorAll("tbody tr")].map(row => [row.cells[0].innerText.trim(), row.cells[1].innerText.trim()])
    ]))""")


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
    # Labels stay readable: at least 9 px, on a phone too (a chart shrinks with the screen).
    smallest = reader.page.eval_on_selector_all(
        "svg.gw-chart text", "labels => Math.min(...labels.map(label => label.getBoundingClientRect().height))")
    assert smallest >= 9
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
