"""The same story or placement in two story files: the rule, on stories built in code and on a loaded site."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from gwsite.content.duplicates import duplicates, placement_key, url_key
from gwsite.content.loading import load_site
from gwsite.content.registry import Group, Outlet, Registry, Unit
from gwsite.content.story import Placement, SiteOptions, Story, StoryContext

TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 1, 1, tzinfo=TZ)
FIXTURES = Path(__file__).parent.parent / "fixtures"
URL = "https://www.qzrb.example.cn/2025/0318/1.html"

REGISTRY = Registry(
    groups=[Group("county", "县（市、区）关工委")],
    units=[Unit("anping", "安平县关工委", "county"), Unit("linhe", "临河区关工委", "county")],
    outlets=[Outlet("青州日报", "city", aliases=("《青州日报》",))],
)
CTX = StoryContext(Path("/site/content"), REGISTRY, SiteOptions(), NOW, "content")


def placed(outlet: str = "青州日报", date: str = "2025-03-18", url: str | None = None, section: str | None = None,
           line: int = 12, field: str = "刊用[1]") -> Placement:
    return Placement(outlet=outlet, listed=True, level="city", date=dt.date.fromisoformat(date), url=url,
                     section=section, line=line, field=field)


def story(src: str, *placements: Placement, unit: str = "anping", title: str | None = None,
          date: str = "2025-03-17", draft: bool = False, co_units: tuple[str, ...] = ()) -> Story:
    return Story(src=f"news/2025/{src}", title=title or f"稿件 {src}", date=dt.datetime.fromisoformat(date).replace(tzinfo=TZ),
                 unit=unit, co_units=co_units, placements=placements, draft=draft, title_line=2, title_field="标题")


def lines(stories: list[Story]) -> list[str]:
    return [str(found.problem) for found in duplicates(stories, CTX)]


SAME = "与 content/news/2025/a.md 第 12 行的刊用记录重复（青州日报，{what}）：同一篇报道只能记录一次，请删去这一条"


@pytest.mark.parametrize(("first", "second"), [
    pytest.param(URL, URL, id="same-url"),
    pytest.param(URL, "HTTPS://WWW.QZRB.Example.CN/2025/0318/1.html", id="scheme-and-host-case"),
    pytest.param(URL, "https://www.qzrb.example.cn:443/2025/0318/1.html", id="default-port"),
    pytest.param("https://www.qzrb.example.cn/2025/0318/", "https://www.qzrb.example.cn/2025/0318", id="trailing-slash"),
    pytest.param(URL, "http://www.qzrb.example.cn/2025/0318/1.html", id="http-and-https"),
    pytest.param(URL, URL + "#top", id="fragment"),
    pytest.param("https://www.qzrb.example.cn", "https://www.qzrb.example.cn/", id="root"),
    pytest.param("https://www.qzrb.example.cn/新闻/1.html", "https://www.qzrb.example.cn/%e6%96%b0%e9%97%bb/1.html",
                 id="percent-escape-case"),
    pytest.param("https://www.qzrb.example.cn/a.html?id=%2f", "https://www.qzrb.example.cn/a.html?id=%2F",
                 id="query-escape-case"),
    pytest.param("https://www.qzrb.example.cn/%41%2d1.html", "https://www.qzrb.example.cn/A-1.html",
                 id="unreserved-escaped"),
    pytest.param("https://青州日报.example.cn/1.html", "https://xn--6rt59hk5c9u9e.example.cn/1.html", id="idn"),
    pytest.param("https://editor:secret@www.qzrb.example.cn/1.html", "https://www.qzrb.example.cn/1.html",
                 id="userinfo"),
])
def test_urls_that_name_one_article_share_a_key(first, second):
    assert url_key(first) == url_key(second)


@pytest.mark.parametrize(("first", "second"), [
    pytest.param(URL, "https://www.qzrb.example.cn/2025/0318/2.html", id="other-path"),
    pytest.param(URL, URL + "?page=2", id="other-query"),
    pytest.param(URL, "https://m.qzrb.example.cn/2025/0318/1.html", id="other-host"),
    pytest.param(URL, "https://www.qzrb.example.cn:8443/2025/0318/1.html", id="other-port"),
    pytest.param("https://www.qzrb.example.cn/A.html", "https://www.qzrb.example.cn/a.html", id="path-case"),
    pytest.param("https://www.qzrb.example.cn/a%2Fb.html", "https://www.qzrb.example.cn/a/b.html", id="escaped-slash"),
])
def test_urls_of_other_articles_do_not(first, second):
    assert url_key(first) != url_key(second)


@pytest.mark.parametrize(("first", "second", "what"), [
    pytest.param(placed(url=URL), placed(url=URL.upper().replace("/2025/0318/1.HTML", "/2025/0318/1.html")),
                 f"{URL.upper().replace('/2025/0318/1.HTML', '/2025/0318/1.html')}", id="url"),
    pytest.param(placed(url=URL, date="2025-03-18"), placed(url=URL, date="2025-03-19"), URL, id="url-whatever-the-date"),
    pytest.param(placed(section="头版"), placed(section="头版"), "2025-03-18，头版", id="date-and-section"),
    pytest.param(placed(section="第 3 版"), placed(section="第３版"), "2025-03-18，第３版", id="section-normalised"),
    pytest.param(placed(outlet="青州 文明网", section="首页"), placed(outlet="青州文明网", section="首页"),
                 "2025-03-18，首页", id="pending-outlet-normalised"),
])
def test_a_placement_in_two_stories_is_an_error_on_the_later(first, second, what):
    outlet = second.outlet
    expected = SAME.format(what=what).replace("青州日报", outlet, 1)
    assert lines([story("b.md", dataclasses.replace(second, line=14)), story("a.md", first)]) == [
        f"content/news/2025/b.md:14: 刊用[1]: {expected}"]


@pytest.mark.parametrize(("first", "second"), [
    pytest.param(placed(url=URL), placed(url="https://www.qzrb.example.cn/2025/0318/2.html"), id="other-url"),
    pytest.param(placed(url=URL), placed(outlet="江北日报", url=URL), id="other-outlet"),
    pytest.param(placed(url=URL, section="头版"), placed(section="头版"), id="url-on-one-only"),
    pytest.param(placed(section="头版"), placed(section="第2版"), id="other-section"),
    pytest.param(placed(section="头版"), placed(section="头版", date="2025-03-19"), id="other-date"),
    pytest.param(placed(), placed(), id="neither-url-nor-section"),
])
def test_placements_that_may_be_two_articles_are_not(first, second):
    assert lines([story("a.md", first), story("b.md", second)]) == []


def test_stories_of_two_units_are_told_to_become_one_with_co_units():
    first, second = story("a.md", placed(url=URL)), story("b.md", placed(url=URL, line=9), unit="linhe")
    suggestion = ("；两篇稿件分属安平县关工委和临河区关工委，如是合作完成的同一篇报道，请合为一篇稿件，"
                  "把另一单位写入联合单位，再删去另一篇")
    assert lines([first, second]) == [f"content/news/2025/b.md:9: 刊用[1]: {SAME.format(what=URL)}{suggestion}"]
    english = story("b.md", placed(url=URL, line=9, field="placements[1]"), unit="linhe")
    assert lines([first, english]) == [
        f"content/news/2025/b.md:9: placements[1]: {SAME.format(what=URL)}{suggestion.replace('联合单位', 'co_units')}"]


def test_each_later_copy_is_an_error_naming_the_first():
    copies = [story(name, placed(url=URL, line=line)) for name, line in [("d.md", 8), ("a.md", 12), ("c.md", 7)]]
    found = duplicates(copies, CTX)
    assert [(f.problem.path, f.problem.line, f.other) for f in found] == [
        ("content/news/2025/c.md", 7, "content/news/2025/a.md"),
        ("content/news/2025/d.md", 8, "content/news/2025/a.md"),
    ]


COPY = ("content/news/2025/{later}:2: 标题: 与 content/news/2025/{first} 的标题、日期和单位相同（2025-03-17，安平县关工委），"
        "是同一篇稿件的两份副本，请删去其中一篇；如确是两篇不同的稿件，请修改标题加以区分")


def test_a_copied_story_is_one_error_whatever_it_records():
    first = story("2025-03-17-anping.md", placed(url=URL), placed(outlet="中国火炬", section="第2版"), title="五老宣讲")
    # `gwsite new` names the second file `…-2.md`: it is the copy, though `-` sorts before `.`.
    copy = dataclasses.replace(first, src="news/2025/2025-03-17-anping-2.md")
    assert lines([copy, first]) == [COPY.format(later="2025-03-17-anping-2.md", first="2025-03-17-anping.md")]


@pytest.mark.parametrize(("first", "second", "date"), [
    pytest.param("五老宣讲团走进城关小学", "五老宣讲团走进城关小学", "2025-03-17 09:00", id="same"),
    pytest.param("五老宣讲团走进城关小学", "五老宣讲团 走进城关小学　", "2025-03-17 18:30", id="spaces-and-time-of-day"),
    pytest.param("“五老”宣讲（第2场）", "“五老”宣讲(第２场)", "2025-03-17", id="full-and-half-width"),
])
def test_titles_are_compared_normalised(first, second, date):
    assert lines([story("a.md", title=first), story("b.md", title=second, date=date)]) == [
        COPY.format(later="b.md", first="a.md")]


@pytest.mark.parametrize("change", [
    pytest.param({"title": "另一篇"}, id="other-title"),
    pytest.param({"date": "2025-03-18"}, id="other-day"),
    pytest.param({"unit": "linhe"}, id="other-unit"),
])
def test_stories_differing_in_title_day_or_unit_are_not_copies(change):
    assert lines([story("a.md", title="五老宣讲"), story("b.md", **{"title": "五老宣讲", **change})]) == []


def test_drafts_take_no_part():
    draft = story("a.md", placed(url=URL), title="五老宣讲", draft=True)
    published = story("b.md", placed(url=URL), title="五老宣讲")
    assert lines([draft, published]) == []  # a published story copying a draft
    assert lines([published, dataclasses.replace(draft, src="news/2025/c.md")]) == []  # a draft copying a story


def test_ten_thousand_stories_are_indexed_not_compared_in_pairs():
    stories = [story(f"s{n:05}.md", placed(url=f"https://www.qzrb.example.cn/{n}.html"), title=f"稿件{n}")
               for n in range(10_000)]
    stories.append(story("t.md", placed(url="https://www.qzrb.example.cn/77.html"), title="另一篇"))
    started = time.perf_counter()
    found = duplicates(stories, CTX)
    assert [f.problem.path for f in found] == ["content/news/2025/t.md"]
    assert time.perf_counter() - started < 5  # one pass takes a fraction of a second; pairs would take minutes


def test_placement_key_ignores_what_cannot_tell_articles_apart():
    assert placement_key(placed()) is None
    assert placement_key(placed(section="  ")) is None


COPIED = """\
---
title: 安平县五老宣讲团再进城关小学
date: 2024-03-20
unit: 临河区关工委
placements:
  - outlet: 《青州日报》
    date: 2024-03-20
    url: HTTPS://WWW.QZRB.EXAMPLE.CN/2024/0318/1.html
---

正文。
"""


def test_a_cached_site_still_reports_copies(tmp_path):
    shutil.copytree(FIXTURES / "basic", tmp_path / "site")
    content = tmp_path / "site/content"
    (content / "news/2024/2024-03-20-linhe.md").write_text(COPIED, encoding="utf-8")
    for _ in range(2):  # the second load takes every story from the cache
        site = load_site(content, SiteOptions(), NOW, cache_dir=tmp_path / "site/.cache/gwsite")
        assert [(p.path, p.line, p.field) for p in site.errors] == [("content/news/2024/2024-03-20-linhe.md", 6, "placements[1]")]
        assert site.partners == {site.errors[0]: "content/news/2024/2024-03-15-anping-wulao.md"}
    assert (tmp_path / "site/.cache/gwsite/stories.pickle").is_file()
