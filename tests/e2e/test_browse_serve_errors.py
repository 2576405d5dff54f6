"""A correspondent previewing with `mkdocs serve` in Chromium: a story broken on save turns, without
touching the browser, into the Chinese error page naming the file and line; saved fixed, the same
tab shows the story again. Every wait is bounded, so a hanging preview fails fast."""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES
from test_page_cache import ANPING, STORY, edit
from test_serve_preview import Preview

WAIT_MS = 20_000
TITLE = "安平县五老宣讲团走进城关小学"


@pytest.fixture
def preview(tmp_path):
    site = tmp_path / "basic"
    shutil.copytree(FIXTURES / "basic", site)
    running = Preview(site, tmp_path / "serve.log")
    yield running
    running.stop()


def test_a_broken_story_shows_the_error_page_and_the_fix_brings_the_story_back(browser, preview):
    url = preview.origin + ANPING.removesuffix("index.html")
    with browser.new_context(locale="zh-CN") as context:
        tab = context.new_page()
        tab.goto(url, timeout=WAIT_MS)
        tab.get_by_role("heading", name=TITLE).first.wait_for(timeout=WAIT_MS)

        edit(preview.site / STORY, "unit: 安平县关工委", "unit: <b>无此单位</b>")
        tab.get_by_role("heading", name="稿件有错误，网站暂未更新").wait_for(timeout=WAIT_MS)
        problem = tab.locator(".gw-problems li")
        assert problem.count() == 1
        assert "content/news/2024/2024-03-15-anping-wulao.md:4" in problem.inner_text()
        assert "未登记的单位“<b>无此单位</b>”" in problem.inner_text()  # shown as text, not markup
        assert tab.locator(".gw-problems b").count() == 0
        assert tab.url == url

        edit(preview.site / STORY, "unit: <b>无此单位</b>", "unit: 安平县关工委")
        tab.get_by_role("heading", name=TITLE).first.wait_for(timeout=WAIT_MS)
        assert tab.get_by_role("heading", name="稿件有错误，网站暂未更新").count() == 0
        assert tab.url == url
