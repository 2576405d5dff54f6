"""`mkdocs serve` with a content error: every address shows one Chinese page listing the problems
(escaped, with MkDocs' livereload script), the terminal says so in Chinese without a traceback, and
the site comes back by itself once the file is saved fixed; from the first build on too."""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request

import pytest

from conftest import FIXTURES
from test_page_cache import ANPING, STORY, edit
from test_serve_preview import Preview

HEADING = "稿件有错误，网站暂未更新"
REFRESH = "改好并保存文件后，本页会自动刷新"
BAD_UNIT = "<script>alert(1)</script>"
WHERE = "content/news/2024/2024-03-15-anping-wulao.md:4"
MESSAGE = "未登记的单位“&lt;script&gt;alert(1)&lt;/script&gt;”"
STORY_TITLE = "安平县五老宣讲团走进城关小学"
ADDRESSES = (ANPING.removesuffix("index.html"), "", "no/such/page/")


def page(url: str) -> str:
    """The page at `url`, whatever its status; "" if the server does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return ""


def story_shown(preview: Preview) -> bool:
    html = page(preview.origin + ANPING.removesuffix("index.html"))
    return STORY_TITLE in html and HEADING not in html


def assert_error_page(preview: Preview, where: str, message: str) -> None:
    for url in ADDRESSES:
        html = page(preview.origin + url)
        assert HEADING in html and REFRESH in html, (url, html)
        assert where in html and message in html, (url, html)
        assert BAD_UNIT not in html, url  # the file's text is escaped
        assert "livereload(" in html, url  # MkDocs' script: the page reloads after the next build


def assert_chinese_terminal(preview: Preview) -> None:
    output = preview.output()
    assert "Traceback" not in output and "An error happened" not in output and "Aborted" not in output, output
    assert "网站暂未更新：浏览器中显示错误页" in output, output


@pytest.fixture
def site(tmp_path):
    copied = tmp_path / "basic"
    shutil.copytree(FIXTURES / "basic", copied)
    return copied


def test_a_content_error_shows_a_page_at_every_address_until_the_file_is_fixed(site, tmp_path):
    preview = Preview(site, tmp_path / "serve.log")
    try:
        preview.wait_for(lambda: story_shown(preview), "the story is not shown", seconds=60)
        edit(site / STORY, "unit: 安平县关工委", f"unit: {BAD_UNIT}")
        preview.wait_for(lambda: HEADING in page(preview.origin), "no error page", seconds=60)
        assert_error_page(preview, WHERE, MESSAGE)
        assert f"{WHERE}: unit: 未登记的单位“{BAD_UNIT}”" in preview.output()  # as `gwsite check` prints it
        assert_chinese_terminal(preview)

        edit(site / STORY, f"unit: {BAD_UNIT}", "unit: 安平县关工委")
        preview.wait_for(lambda: story_shown(preview), "the story did not come back", seconds=60)
        assert HEADING not in page(preview.origin + "no/such/page/")  # the site's own 404 page again
    finally:
        preview.stop()


def test_an_error_in_the_first_build_still_starts_the_preview(site, tmp_path):
    units = site / "content/_data/units.yml"
    edit(units, "    group: county\n    aliases:", "\tgroup: county\n    aliases:")
    preview = Preview(site, tmp_path / "serve.log")  # waits until it answers
    try:
        assert_error_page(preview, "content/_data/units.yml:9", "Tab")
        assert_chinese_terminal(preview)
        edit(units, "\tgroup: county\n    aliases:", "    group: county\n    aliases:")
        preview.wait_for(lambda: story_shown(preview), "the story did not come back", seconds=60)
    finally:
        preview.stop()


def test_warnings_alone_show_the_site(site, tmp_path):
    preview = Preview(site, tmp_path / "serve.log")
    try:
        preview.wait_for(lambda: story_shown(preview), "the story is not shown", seconds=60)
        edit(site / STORY, "category: 五老风采", "category: 五老风采\n备注: 未知字段")
        preview.wait_for(lambda: "未知字段，已忽略" in preview.output(), "no warning", seconds=60)
        builds = ("完成：稿件", "快速更新：")
        preview.wait_for(lambda: sum(preview.output().count(done) for done in builds) >= 2, "no rebuild", seconds=60)
        assert story_shown(preview)
        assert HEADING not in page(preview.origin)
    finally:
        preview.stop()
