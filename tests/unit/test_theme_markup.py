"""`adapter.standard_page`: Material's invalid or telling markup rewritten, nothing else; and
`pagehtml.current_tab`: the tab a page kept out of the nav is under; `adapter.escape_nav_titles`."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from gwsite.plugin.adapter import escape_nav_titles, standard_page
from gwsite.plugin.pagehtml import current_tab

HEAD = '<!doctype html>\n<html lang="zh" class="no-js">\n  <head>\n'


@pytest.mark.parametrize("before, after", [
    pytest.param(HEAD, HEAD.replace('lang="zh"', 'lang="zh-CN"'), id="simplified-chinese"),
    pytest.param(HEAD.replace('lang="zh"', 'lang="en"'), HEAD.replace('lang="zh"', 'lang="en"'), id="other-language-kept"),
    pytest.param(HEAD.replace('lang="zh"', 'lang="zh-Hant"'), HEAD.replace('lang="zh"', 'lang="zh-Hant"'),
                 id="traditional-chinese-kept"),
    pytest.param('<meta charset="utf-8">\n      <meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.2">\n<title>',
                 '<meta charset="utf-8">\n<title>', id="generator-meta"),
    pytest.param('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
                 '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">', id="checkbox-toggle"),
    pytest.param('<input type="text" class="md-search__input" name="query" autocomplete="off" required>',
                 '<input type="text" class="md-search__input" name="query" autocomplete="off" required>',
                 id="text-input-kept"),
    pytest.param('<label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="">',
                 '<label class="md-nav__link" for="__nav_2" id="__nav_2_label">', id="nav-section-label"),
    pytest.param('<label class="md-nav__link" for="__nav_3" id="__nav_3_label" tabindex="0">',
                 '<label class="md-nav__link" for="__nav_3" id="__nav_3_label" tabindex="0">', id="nav-label-kept"),
    pytest.param('<p><code>&lt;a tabindex="" autocomplete="off" type="checkbox"&gt;</code></p>',
                 '<p><code>&lt;a tabindex="" autocomplete="off" type="checkbox"&gt;</code></p>', id="story-code-kept"),
    pytest.param('<p>lang="zh" <meta name="generator"></p>', '<p>lang="zh" <meta name="generator"></p>', id="text-kept"),
])
def test_material_markup_is_made_valid_and_nothing_else_changes(before, after):
    assert standard_page(before) == after


def _page(url):
    return SimpleNamespace(title=url, url=url, children=None, is_page=True, active=False)


def _section(title, *children):
    return SimpleNamespace(title=title, url=None, children=list(children), is_page=False, active=False)


FLAT = [_page(""), _page("news/"), _page("units/"), _page("ranking/"), _page("about/")]
# A careless office's nav: news second in its section, units under the ranking's.
NESTED = [_page(""), _section("新闻中心", _page("about/"), _page("news/")),
          _section("宣传排名", _page("ranking/"), _section("名录", _page("units/")))]
DIRECTORY_FILES = [_page("index.html"), _section("新闻中心", _page("about.html"), _page("news/index.html"))]


@pytest.mark.parametrize("items, url, tab", [
    pytest.param(FLAT, "news/2024/03/a/", "news/", id="story"),
    pytest.param(FLAT, "units/anping/", "units/", id="unit"),
    pytest.param(FLAT, "tags/五老宣讲/", "news/", id="tag-under-news"),
    pytest.param(FLAT, "search/", "news/", id="search-under-news"),
    pytest.param(FLAT, "topics/a/", None, id="no-tab-holds-it"),
    pytest.param(NESTED, "news/2024/03/a/", "新闻中心", id="news-not-first-in-its-section"),
    pytest.param(NESTED, "units/anping/", "宣传排名", id="unit-in-a-nested-section"),
    pytest.param(NESTED, "ranking/2024/", "宣传排名", id="first-of-its-section"),
    pytest.param(NESTED, "tags/", "新闻中心", id="tags-in-a-section"),
    pytest.param(DIRECTORY_FILES, "news/2024/03/a/index.html", "新闻中心", id="without-directory-urls"),
    pytest.param(DIRECTORY_FILES, "units/a/index.html", None, id="home-folder-holds-nothing"),
])
def test_a_page_out_of_the_nav_is_under_the_tab_holding_its_folder(items, url, tab):
    found = current_tab(SimpleNamespace(items=items), SimpleNamespace(url=url))
    assert (found.title if found is not None else None) == tab


def test_no_tab_is_guessed_when_material_found_the_page_in_the_nav():
    items = [_page(""), _page("news/")]
    items[0].active = True
    assert current_tab(SimpleNamespace(items=items), SimpleNamespace(url="news/2024/")) is None


def test_titles_the_nav_gives_are_escaped_once_and_headings_left_to_the_page(tmp_path):
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File
    from mkdocs.structure.nav import Link, Section
    from mkdocs.structure.pages import Page

    config = MkDocsConfig()
    config.load_dict({"site_name": "测试", "docs_dir": str(tmp_path)})
    config.validate()

    def page(title, src):
        return Page(title, File(src, str(tmp_path), str(tmp_path / "site"), True), config)

    named, unnamed = page("<img src=x onerror=alert(1)>", "a.md"), page(None, "b.md")
    link = Link('<i>市关工委</i> & "友邻"', "https://www.example.cn/")
    section = Section("<b>关于</b>", [unnamed, link])
    escape_nav_titles([named, section])
    assert named.title == "&lt;img src=x onerror=alert(1)&gt;"
    assert section.title == "&lt;b&gt;关于&lt;/b&gt;"
    assert link.title == "&lt;i&gt;市关工委&lt;/i&gt; &amp; &quot;友邻&quot;"
    assert "title" not in unnamed.__dict__  # its heading gives its title later, escaped by gwsite
