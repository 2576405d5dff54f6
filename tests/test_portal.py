"""The public portal built from a generated fixture site: listings, archives, tags, story pages, home."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import FIXTURES, built_copy, run_mkdocs_build

CATEGORIES = ["工作动态", "基层风采", "五老风采", "媒体聚焦", "通知公告"]


def write_stories(content: Path, count: int) -> None:
    """`count` stories, one a day from 2024-01-01 (story i is the i-th day), cycling categories and units."""
    units = ["安平县关工委", "临河区关工委", "市教育局关工委"]
    for i in range(count):
        day = f"2024-{1 + i // 28:02d}-{1 + i % 28:02d}"
        (content / "news/2024" / f"gen-{i:03}.md").write_text(
            f"---\ntitle: 第{i:03}号稿件\ndate: {day}\nunit: {units[i % 3]}\n"
            f"category: {CATEGORIES[i % 5]}\ntags: [{'助学' if i % 2 else '五老宣讲'}]\n---\n\n第{i:03}号稿件的正文。\n",
            encoding="utf-8",
        )


@pytest.fixture(scope="module")
def portal(tmp_path_factory) -> Path:
    site = built_copy(tmp_path_factory.mktemp("portal"), "basic", lambda site: write_stories(site / "content", 45))
    return site / "site"


class Listing(HTMLParser):
    """Story links of a listing (in order), and its page links (top and bottom)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.stories: list[str] = []
        self.pagers: list[list[str]] = []
        self._where: list[str] = []
        self._text: list[str] | None = None
        self._title = ""  # the element of the card titles: h2 in a listing, h3 under a section's h2
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        cls = attrs.get("class") or ""
        if tag == "nav" and "gw-pager" in cls:
            self.pagers.append([])
            self._where.append("pager")
        elif tag == "nav":
            self._where.append("nav")
        if "gw-card__title" in cls:
            self._title = tag
            self._text = []
        if tag in ("a", "span") and self._where and self._where[-1] == "pager":
            self._text = []

    def handle_endtag(self, tag):
        if tag == "nav" and self._where:
            self._where.pop()
        elif tag == self._title and self._text is not None and not (self._where and self._where[-1] == "pager"):
            self.stories.append("".join(self._text).replace("置顶", ""))
            self._text = None
        elif tag in ("a", "span") and self._text is not None and self._where and self._where[-1] == "pager":
            self.pagers[-1].append("".join(self._text))
            self._text = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def titles(numbers) -> list[str]:
    return [f"第{n:03}号稿件" for n in numbers]


GENERATED_NEWEST_FIRST = list(range(44, -1, -1))


def test_news_is_paginated_twenty_a_page_newest_first(portal):
    first = Listing(portal / "news/index.html")
    # The fixture's own two stories (2024-03-15 and 2024-05-20) sit among the generated ones.
    assert len(first.stories) == 20
    assert Listing(portal / "news/page/2/index.html").stories.__len__() == 20
    last = Listing(portal / "news/page/3/index.html")
    assert len(last.stories) == 47 - 40
    assert not (portal / "news/page/4").exists()
    everything = first.stories + Listing(portal / "news/page/2/index.html").stories + last.stories
    # The fixture's own stories (May and March) are newer than the generated ones (January, February).
    assert everything == ["临河区关工委“春蕾”助学金发放仪式举行", "安平县五老宣讲团走进城关小学",
                          *titles(GENERATED_NEWEST_FIRST)]
    assert first.pagers == [["1", "2", "3", "下一页"], ["1", "2", "3", "下一页"]]
    assert Listing(portal / "news/page/2/index.html").pagers[0] == ["上一页", "1", "2", "3", "下一页"]


def test_category_pages_hold_only_their_stories(portal):
    elders = Listing(portal / "news/elders/index.html")  # 五老风采: i % 5 == 2, plus the fixture's 五老 story
    expected = titles([n for n in GENERATED_NEWEST_FIRST if n % 5 == 2])
    assert [t for t in elders.stories if t.startswith("第")] == expected
    assert "安平县五老宣讲团走进城关小学" in elders.stories
    assert elders.pagers == []  # 10 stories: one page, no page links


def test_month_and_year_archives(portal):
    february = Listing(portal / "news/2024/02/index.html")
    assert february.stories == titles(range(44, 27, -1))  # stories 28–44 fall on February 1–17
    assert Listing(portal / "news/2024/03/index.html").stories == ["安平县五老宣讲团走进城关小学"]
    year = Listing(portal / "news/2024/index.html")
    assert len(year.stories) == 20 and year.pagers[0] == ["1", "2", "3", "下一页"]


def test_tag_pages_and_index(portal):
    html = (portal / "tags/index.html").read_text(encoding="utf-8")
    cloud = html[html.index("gw-tag-cloud"):]
    # 五老宣讲: 23 generated + 1 fixture story; 助学: 22 + 1; 红色教育: 1. Most used first.
    assert cloud.index("五老宣讲") < cloud.index("助学") < cloud.index("红色教育")
    aid = Listing(portal / "tags/助学/index.html")
    assert len(aid.stories) == 20 and aid.pagers[0] == ["1", "2", "下一页"]
    assert aid.stories[:2] == ["临河区关工委“春蕾”助学金发放仪式举行", "第043号稿件"]


def test_story_page_metadata_links_and_neighbours(portal):
    html = (portal / "news/2024/02/gen-030/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2024-02-03T00:00:00+08:00">2024年2月3日</time>' in html
    assert '<a href="../../../../units/anping/">安平县关工委</a>' in html
    assert '<a class="gw-story__category" href="../../../work/">工作动态</a>' in html
    assert '<a class="gw-tag" href="../../../../tags/五老宣讲/">五老宣讲</a>' in html
    # Same category (工作动态, every fifth story): the older is story 25, the newer story 35.
    assert '上一篇：<a href="../../01/gen-025/" rel="prev">第025号稿件</a>' in html
    assert '下一篇：<a href="../gen-035/" rel="next">第035号稿件</a>' in html
    assert '<meta property="og:title" content="第030号稿件">' in html
    assert '<meta property="og:url" content="https://example.org/news/2024/02/gen-030/">' in html
    assert '<meta property="og:description" content="第030号稿件的正文。">' in html


def test_story_placements_are_listed(portal):
    html = (portal / "news/2024/03/2024-03-15-anping-wulao/index.html").read_text(encoding="utf-8")
    block = html[html.index("刊用情况"):]
    assert block.index("青州日报") < block.index("中国火炬")
    assert '<span class="gw-level">市级</span>' in block and "文字 · 头版 · <span class=\"gw-nowrap\">2024年3月18日</span>" in block
    assert '<span class="gw-level">中央级</span>' in block


def test_home_page_shows_the_lead_categories_and_top_five(portal):
    html = (portal / "index.html").read_text(encoding="utf-8")
    lead = html[html.index('class="gw-lead'):html.index("</section>", html.index('class="gw-lead'))]
    assert "临河区关工委“春蕾”助学金发放仪式举行" in lead  # no story has a cover: the newest, of 2024-05-20
    assert "宣传排名前五" in html
    for name in CATEGORIES[:4]:
        assert f">{name}</a></h2>" in html
    blocks = html[html.index('class="gw-home__categories"'):html.index("gw-home__side")]
    assert blocks.index("第043号稿件") < blocks.index("第038号稿件")  # 工作动态…, newest first
    assert 'id="gw-notices-title"><a href="news/notices/">通知公告</a></h2>' in html


def test_listing_escapes_html_in_titles(tmp_path):
    site = tmp_path / "basic"
    shutil.copytree(FIXTURES / "basic", site)
    (site / "content/news/2024/xss.md").write_text(
        "---\ntitle: '<b>加粗</b> & \"引号\" <script>x</script>'\ndate: 2024-07-01\nunit: 安平县关工委\n---\n\n正文。\n",
        encoding="utf-8",
    )
    assert run_mkdocs_build(site).returncode == 0
    for page in ("news/index.html", "index.html", "news/2024/07/index.html", "units/anping/index.html"):
        html = (site / "site" / page).read_text(encoding="utf-8")
        assert "<script>x" not in html and "<b>加粗" not in html, page
        assert "&lt;b&gt;加粗&lt;/b&gt; &amp; &#34;引号&#34;" in html or "&lt;b&gt;加粗&lt;/b&gt; &amp; &quot;引号&quot;" in html, page


class Resources(HTMLParser):
    """Every resource a page loads: scripts, stylesheets, icons, images, frames, media."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href") and attrs.get("rel") not in ("alternate", "canonical"):
            self.urls.append(attrs["href"])
        if tag == "object" and attrs.get("data"):
            self.urls.append(attrs["data"])
        if tag in ("img", "source") and attrs.get("srcset"):
            self.urls += [part.split()[0] for part in attrs["srcset"].split(",")]


def test_no_page_loads_anything_from_another_host(portal):
    checked = 0
    for page in portal.rglob("*.html"):
        parser = Resources()
        html = page.read_text(encoding="utf-8")
        parser.feed(html)
        foreign = [url for url in parser.urls if urlsplit(url).netloc or url.startswith("//")]
        assert foreign == [], page
        assert "@import url(http" not in html and "fonts.googleapis" not in html and "fonts.gstatic" not in html
        checked += 1
    for css in portal.rglob("*.css"):
        assert not re.search(r"url\((['\"]?)(https?:)?//", css.read_text(encoding="utf-8")), css
    assert checked > 60


def test_quick_links_from_the_config_in_the_footer(make_site, build):
    site = make_site()
    (site / "content/guide").mkdir()
    (site / "content/guide/submit.md").write_text("# 投稿指南\n\n按模板写稿。\n", encoding="utf-8")
    config = site / "mkdocs.yml"
    plain = config.read_text(encoding="utf-8")
    config.write_text(plain.replace(
        "  - gwsite",
        "  - gwsite:\n      links:\n        - 投稿指南: guide/submit.md\n        - 市关工委: https://www.example.cn/",
    ), encoding="utf-8")
    assert build(site).returncode == 0
    html = (site / "site/index.html").read_text(encoding="utf-8")
    assert "gw-quick" not in html  # the tabs lead to the sections; the home page does not repeat them
    quick = html[html.index('aria-label="页脚链接"'):html.index("</nav>", html.index('aria-label="页脚链接"'))]
    assert re.findall(r'<a href="([^"]*)">([^<]*)</a>', quick) == [
        ("guide/submit/", "投稿指南"), ("https://www.example.cn/", "市关工委"),
    ]

    config.write_text(plain.replace("  - gwsite", "  - gwsite:\n      links:\n        - 投稿指南: guide/missing.md"),
                      encoding="utf-8")
    result = build(site)
    assert result.returncode == 1
    assert (site / "site/index.html").is_file()  # the previous site is kept
    assert "“投稿指南”指向的 guide/missing.md 在 docs_dir 中不存在" in result.stderr
    assert "Traceback" not in result.stderr
