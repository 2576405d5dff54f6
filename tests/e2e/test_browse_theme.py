"""The theme in a real browser at a desktop and a phone size: the 长者模式 switch (larger text, darker
colours, remembered from page to page, worked by keyboard) and no layout shift on any kind of page
while its images arrive."""

from __future__ import annotations

import re
import time

import pytest

# One page of each kind, by name and path.
PAGES = {
    "home": "/",
    "listing": "/news/",
    "story-with-cover": "/news/2025/12/2025-12-16-liulin-he-xiuyun-zuimei/",
    "tag": "/tags/五老宣讲/",
    "units": "/units/",
    "unit": "/units/anping/",
    "ranking": "/ranking/",
    "search": "/search/?q=五老",
    "about": "/about/",
}

STORY = re.compile(r"/news/\d{4}/\d{2}/[^/]+/$")
# Every layout shift not caused by the reader, as Chrome reports it for Cumulative Layout Shift.
_OBSERVE_SHIFTS = """
window.__gwShifts = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) {
      window.__gwShifts.push({value: entry.value, sources: entry.sources.map(source => source.node
        ? source.node.nodeName.toLowerCase() + "." + [...source.node.classList].join(".") : "?")});
    }
  }
}).observe({type: "layout-shift", buffered: true});
"""
_SIZES = """() => ({root: parseFloat(getComputedStyle(document.documentElement).fontSize),
  summary: parseFloat(getComputedStyle(document.querySelector(".gw-card__summary")).fontSize),
  color: getComputedStyle(document.querySelector(".gw-card__summary")).color,
  pressed: document.querySelector(".gw-elder").getAttribute("aria-pressed")})"""


def slow_images(reader, delay: float = 0.15) -> None:
    """Photos arrive after the page is laid out, as on a phone's network: a box without its size
    would move what follows it when they do."""
    def later(route):
        time.sleep(delay)
        route.continue_()

    reader.page.route("**/*.{jpg,webp,png}", later)


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_layout_shift_while_the_page_and_its_images_load(reader, name):
    slow_images(reader)
    reader.page.add_init_script(_OBSERVE_SHIFTS)
    reader.open(PAGES[name])
    assert reader.load_images() == []
    reader.page.wait_for_timeout(300)
    shifts = reader.page.evaluate("window.__gwShifts")
    total = sum(shift["value"] for shift in shifts)
    assert total <= 0.01, shifts


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_elder_switch_enlarges_text_and_is_remembered_across_pages(reader):
    reader.open("/news/")
    normal = reader.page.evaluate(_SIZES)
    assert normal["pressed"] == "false" and normal["summary"] >= 15
    # By keyboard, as any button.
    reader.page.focus(".gw-elder")
    reader.page.keyboard.press("Enter")
    elder = reader.page.evaluate(_SIZES)
    assert elder["pressed"] == "true"
    assert elder["root"] == pytest.approx(normal["root"] * 1.25)
    assert elder["summary"] == pytest.approx(normal["summary"] * 1.25)
    assert elder["color"] == "rgb(0, 0, 0)"
    # Another page opens in the same mode, already enlarged when it is first shown.
    reader.page.add_init_script("""document.addEventListener("DOMContentLoaded", () => {
        window.__gwFirst = getComputedStyle(document.documentElement).fontSize; });""")
    reader.click(".gw-card__title a >> nth=0", STORY)
    assert reader.page.evaluate("window.__gwFirst") == f"{elder['root']:g}px"
    assert reader.page.get_attribute(".gw-elder", "aria-pressed") == "true"
    reader.screenshot("elder-story")
    # Every kind of page still fits a phone's screen with the larger text (`reader` checks each).
    for name in ("home", "listing", "tag", "units", "unit", "ranking", "search", "about"):
        reader.open(PAGES[name])
        assert reader.page.get_attribute(".gw-elder", "aria-pressed") == "true"
    # Off again, and it stays off.
    reader.page.click(".gw-elder")
    reader.open("/news/")
    assert reader.page.evaluate(_SIZES) == normal



STORY_WITH_HEADINGS = "/news/2024/03/2024-03-15-anping-wulao-xuanjiang/"
_TYPOGRAPHY = """() => {
  const body = document.querySelector(".gw-story__body");
  const style = element => getComputedStyle(element);
  const em = body.querySelector("p").appendChild(document.createElement("em"));
  em.textContent = "重点";
  return {
    font: style(body).fontFamily,
    paragraph: [style(body.querySelector("p")).textIndent, style(body.querySelector("p")).fontSize],
    heading: style(body.querySelector("h2")).textIndent,
    headingWeight: style(document.querySelector("h1")).fontWeight,
    em: [style(em).fontStyle, style(em).textEmphasisStyle],
  };
}"""
# The lines each item of a meta line (date, unit, category) takes: more than one is a word broken.
_META_LINES = """() => [...document.querySelectorAll(
    ".gw-card__meta > *, .gw-story__meta > time, .gw-story__meta > a, .gw-story__unit > a")].map(item => {
  const range = document.createRange();
  range.selectNodeContents(item);
  return [item.textContent.trim(), new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size];
})"""


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_stories_are_set_as_chinese_text(reader):
    reader.open(STORY_WITH_HEADINGS)
    typography = reader.page.evaluate(_TYPOGRAPHY)
    for face in ("PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC"):
        assert f'"{face}"' in typography["font"]
    indent, size = typography["paragraph"]
    assert float(indent.removesuffix("px")) == pytest.approx(2 * float(size.removesuffix("px")))  # two characters
    assert typography["heading"] == "0px"
    assert int(typography["headingWeight"]) >= 700
    assert typography["em"] == ["normal", "dot"]  # no fake italics: emphasis dots


@pytest.mark.parametrize("path", ["/news/", "/news/2025/12/2025-12-16-liulin-he-xiuyun-zuimei/", "/tags/五老宣讲/"])
@pytest.mark.parametrize("size", ["phone"])
def test_meta_lines_wrap_between_items_not_inside_them_on_a_phone(reader, path):
    reader.open(path)
    lines = reader.page.evaluate(_META_LINES)
    assert lines
    assert [text for text, count in lines if count > 1] == []
