"""RSS and Atom feeds, read back with feedparser and with lxml in strict mode."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from PIL import Image

from conftest import FIXTURES, run_mkdocs_build
from gwsite.build import sanitize
from gwsite.config import DEFAULT_VIDEO_HOSTS

BASE = "https://example.org/"
TRICKY = '<b>加粗</b> & "引号"'


def write_site(root: Path) -> Path:
    """The basic fixture plus 55 dated stories, a cover, a tricky title, Word's control characters
    and a body that links to another story and to an image beside it."""
    site = root / "basic"
    shutil.copytree(FIXTURES / "basic", site)
    news = site / "content/news/2025"
    news.mkdir()
    for i in range(55):
        unit = "安平县关工委" if i % 2 else "临河区关工委"
        category = "工作动态" if i % 3 else "五老风采"
        time = " 09:30" if i % 4 == 0 else ""  # the others are midnight in Asia/Shanghai
        (news / f"2025-01-{1 + i // 2:02d}-gen-{i:02d}.md").write_text(
            f"---\ntitle: 第{i:02d}号稿件\ndate: 2025-01-{1 + i // 2:02d}{time}\nunit: {unit}\ncategory: {category}\n"
            f"tags: [助学]\n---\n\n第{i:02d}号稿件的正文。\n",
            encoding="utf-8",
        )
    Image.new("RGB", (64, 48), (180, 30, 30)).save(news / "cover.jpg", quality=90)
    (news / "2025-03-01-special.md").write_text(
        f"---\ntitle: '{TRICKY.replace(chr(39), chr(39) * 2)}\x07'\ndate: 2025-03-01 10:00\nunit: 安平县关工委\n"
        "authors: [张明]\ncategory: 五老风采\ncover: cover.jpg\n---\n\n"
        "正文第一段\x0b有 Word 的换行符。\n\n"
        "详见[前一篇](2025-01-01-gen-00.md)和![现场照片](cover.jpg)。\n",
        encoding="utf-8",
    )
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = write_site(tmp_path_factory.mktemp("feeds"))
    result = run_mkdocs_build(site, strict=False)  # the control characters are a warning
    assert result.returncode == 0, result.stderr
    # One warning for the story, at the first line holding a control character (the title's bell).
    assert "2025-03-01-special.md:2: title: 警告：有 2 个看不见的控制字符" in result.stderr
    return site


def feed(site: Path, name: str):
    data = (site / "site" / name).read_bytes()
    etree.fromstring(data, etree.XMLParser(recover=False, resolve_entities=False))  # raises if not well-formed
    parsed = feedparser.parse(data)
    assert not parsed.bozo, (name, parsed.get("bozo_exception"))
    return parsed


def test_site_feeds_hold_the_latest_fifty_newest_first(built):
    for name, version in (("feed.xml", "rss20"), ("atom.xml", "atom10")):
        parsed = feed(built, name)
        assert parsed.version == version
        assert parsed.feed.title == "测试关工委"
        assert parsed.feed.language == "zh-CN" if version == "rss20" else True
        titles = [e.title for e in parsed.entries]
        assert len(titles) == 50
        assert titles[0] == TRICKY  # escaped once in XML, read back as the text written
        assert titles[1:4] == ["第54号稿件", "第52号稿件", "第53号稿件"]  # 52 is at 09:30, 53 at midnight
        dates = [e.published_parsed for e in parsed.entries]
        assert dates == sorted(dates, reverse=True)


def test_items_carry_links_guids_dates_authors_categories(built):
    rss = (built / "site/feed.xml").read_text(encoding="utf-8")
    assert "<lastBuildDate>Sat, 01 Mar 2025 10:00:00 +0800</lastBuildDate>" in rss
    assert "<pubDate>Mon, 27 Jan 2025 00:00:00 +0800</pubDate>" in rss  # a date without time: midnight
    atom = (built / "site/atom.xml").read_text(encoding="utf-8")
    assert "<updated>2025-03-01T10:00:00+08:00</updated>" in atom
    special = feed(built, "feed.xml").entries[0]
    url = BASE + "news/2025/03/2025-03-01-special/"
    assert special.link == url
    assert special.id == url
    assert f'<guid isPermaLink="true">{url}</guid>' in rss
    assert [t.term for t in special.tags] == ["五老风采"]
    first = feed(built, "feed.xml").entries[1]
    assert [t.term for t in first.tags] == ["五老风采", "助学"]  # story 54: a category, then its tags
    atom_special = feed(built, "atom.xml").entries[0]
    assert [a.name for a in atom_special.authors] == ["安平县关工委", "张明"]
    assert "<dc:creator>张明</dc:creator>" in rss


def test_full_content_has_absolute_links_and_no_control_characters(built):
    for name in ("feed.xml", "atom.xml"):
        entry = feed(built, name).entries[0]
        html = entry.content[0].value
        assert "正文第一段有 Word 的换行符" in html and "\x0b" not in html
        assert f'href="{BASE}news/2025/01/2025-01-01-gen-00/"' in html
        assert re.search(rf'src="{BASE}assets/gwsite/img/[0-9a-f]{{20}}-64\.jpg"', html)  # the processed photo
        assert "title:" not in html and "<hr" not in html  # the front-matter is not shown as text
        assert entry.summary.startswith("正文第一段有 Word 的换行符")
    # The photo's <picture> (which feedparser takes out), re-cleaned for the feeds, its addresses absolute.
    bodies = [html for name, html in feed_html(built) if name in ("feed.xml", "atom.xml") and "<picture" in html]
    assert len(bodies) == 2
    for html in bodies:
        assert re.search(rf'<source type="image/webp" srcset="{BASE}assets/gwsite/img/[0-9a-f]{{20}}-64\.webp 64w"',
                         html)


def test_cover_is_an_enclosure_with_its_real_length(built):
    entry = feed(built, "feed.xml").entries[0]
    (enclosure,) = entry.enclosures
    assert re.fullmatch(rf"{BASE}assets/gwsite/img/[0-9a-f]{{20}}-64\.jpg", enclosure.href)
    cover = built / "site" / enclosure.href.removeprefix(BASE)  # the processed JPEG, not the original
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) == cover.stat().st_size > 0
    assert not (built / "site/news/2025/cover.jpg").exists()


ATOM_NS = "{http://www.w3.org/2005/Atom}"


def test_atom_gives_the_cover_as_an_enclosure_link_and_one_alternate(built):
    root = etree.fromstring((built / "site/atom.xml").read_bytes())
    entries = root.findall(f"{ATOM_NS}entry")
    special = entries[0]
    links = special.findall(f"{ATOM_NS}link")
    assert [link.get("rel") for link in links] == ["alternate", "enclosure"]  # not a second alternate
    alternate, enclosure = links
    assert alternate.get("type") == "text/html"
    assert alternate.get("href") == BASE + "news/2025/03/2025-03-01-special/"
    assert enclosure.get("type") == "image/jpeg"
    assert re.fullmatch(rf"{BASE}assets/gwsite/img/[0-9a-f]{{20}}-64\.jpg", enclosure.get("href"))
    cover = built / "site" / enclosure.get("href").removeprefix(BASE)
    assert int(enclosure.get("length")) == cover.stat().st_size > 0
    for entry in entries:  # RFC 4287 4.1.1: no two alternate links of one type in an entry
        rels = [link.get("rel", "alternate") for link in entry.findall(f"{ATOM_NS}link")]
        assert rels.count("alternate") == 1
    (parsed,) = feed(built, "atom.xml").entries[0].enclosures
    assert parsed.href == enclosure.get("href") and parsed.type == "image/jpeg"
    rss = (built / "site/feed.xml").read_text(encoding="utf-8")
    assert rss.count("<enclosure ") == 1  # RSS keeps its <enclosure>


def test_category_and_unit_feeds_hold_only_their_stories(built):
    elders = feed(built, "news/elders/feed.xml")
    assert elders.feed.link == BASE + "news/elders/"
    assert elders.entries and all(t.tags[0].term == "五老风采" for t in elders.entries)
    assert len(elders.entries) == 1 + 19 + 1  # the special one, gen 0, 3, …, 54, and the fixture's 2024 story
    anping = feed(built, "units/anping/atom.xml")
    assert anping.entries and all(a.authors[0].name == "安平县关工委" for a in anping.entries)
    linhe = feed(built, "units/linhe/feed.xml")
    assert {e.title for e in linhe.entries} >= {"第00号稿件", "临河区关工委“春蕾”助学金发放仪式举行"}
    empty = feed(built, "news/notices/feed.xml")  # no story in this category: a valid, empty feed
    assert empty.entries == []


def test_pages_announce_their_feeds(built):
    home = (built / "site/index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/rss+xml" title="测试关工委（RSS）" href="feed.xml">' in home
    assert '<a href="feed.xml" type="application/rss+xml">RSS 订阅</a>' in home
    unit = (built / "site/units/anping/index.html").read_text(encoding="utf-8")
    assert 'type="application/rss+xml" title="安平县关工委 - 测试关工委（RSS）" href="feed.xml"' in unit
    assert 'href="../../feed.xml"' in unit
    category = (built / "site/news/elders/index.html").read_text(encoding="utf-8")
    assert 'title="五老风采 - 测试关工委（Atom）" href="atom.xml"' in category


def test_a_sitemap_answers_beside_each_section_feed(built):
    """Material fetches sitemap.xml beside every <link rel=alternate> it finds (taking them for
    translations): beside a category's or unit's feed that must not be a 404 on every page view."""
    for folder in ("news/elders/", "news/notices/", "units/anping/", "units/linhe/"):
        sitemap = etree.fromstring((built / "site" / folder / "sitemap.xml").read_bytes())
        locs = sitemap.findall("{http://www.sitemaps.org/schemas/sitemap/0.9}url/"
                               "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
        assert [loc.text for loc in locs] == [BASE + folder]
    # The site's own sitemap stays MkDocs' one, listing every page.
    assert (built / "site/sitemap.xml").read_text(encoding="utf-8").count("<loc>") > 20


def test_feeds_are_byte_identical_across_builds(built, tmp_path):
    again = write_site(tmp_path)
    assert run_mkdocs_build(again, strict=False).returncode == 0
    names = sorted(p.relative_to(built / "site") for p in (built / "site").rglob("*.xml") if p.name != "sitemap.xml")
    assert len(names) == 2 * (1 + 5 + 3)
    for name in names:
        assert (again / "site" / name).read_bytes() == (built / "site" / name).read_bytes(), name


def test_feed_options_and_the_missing_site_url(make_site, build):
    site = make_site()
    config = site / "mkdocs.yml"
    plain = config.read_text(encoding="utf-8")
    config.write_text(plain.replace("  - gwsite", "  - gwsite:\n      feeds:\n        items: 1\n        content: summary\n"
                                                  "        units: false"), encoding="utf-8")
    assert build(site).returncode == 0
    parsed = feed(site, "feed.xml")
    assert len(parsed.entries) == 1 and "content" not in parsed.entries[0]
    assert not (site / "site/units/anping/feed.xml").exists()
    assert (site / "site/news/work/feed.xml").exists()

    config.write_text(plain.replace("site_url: https://example.org/\n", ""), encoding="utf-8")
    (site / "site/keep.txt").write_text("旧网站", encoding="utf-8")
    result = build(site)
    assert result.returncode == 1
    assert "生成订阅源（RSS/Atom）需要网站的正式网址：请在 mkdocs.yml 中写 site_url" in result.stderr
    assert "Traceback" not in result.stderr
    assert (site / "site/keep.txt").exists()

    config.write_text(plain.replace("site_url: https://example.org/\n", "").replace(
        "  - gwsite", "  - gwsite:\n      feeds: {enabled: false}"), encoding="utf-8")
    assert build(site).returncode == 0
    assert not (site / "site/feed.xml").exists()


def feed_html(site: Path) -> list[tuple[str, str]]:
    """The HTML of every item of every feed, read from the XML as written (feedparser would
    clean it): RSS description and content:encoded, Atom summary and content."""
    found = []
    for path in sorted((site / "site").rglob("*.xml")):
        if path.name == "sitemap.xml":
            continue
        for element in etree.parse(str(path)).iter():
            if not isinstance(element.tag, str) or not element.text:
                continue
            local = etree.QName(element).localname
            if (local in ("description", "encoded") and element.getparent().tag == "item") or element.get("type") == "html":
                found.append((path.relative_to(site / "site").as_posix(), element.text))
    return found


class Attributes(HTMLParser):
    """Every attribute of every element, as a browser's parser reads the HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.names: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.names |= {name for name, _ in attrs}


# Text after cleaning that the regex rewrite of `href`/`src`/`srcset` (made absolute for feeds
# after the sanitiser) turned into markup: `/..` removed the `">` that ended the `<a>` tag, so
# the text after it became an onmouseover and a page-covering style in Chromium.
REWRITE = ("<p><a title=\" {attribute}='/a/b/\">/../x\" onmouseover=\"alert(1)\" "
           "style=\"position:fixed;inset:0;background:#c00\" '</a></p>")


def test_a_storys_text_stays_text_in_the_feeds_whatever_it_looks_like(make_site, build):
    site = make_site()
    news = site / "content/news/2025"
    news.mkdir(parents=True)
    for attribute in ("src", "href", "srcset"):
        (news / f"2025-02-01-{attribute}.md").write_text(
            f"---\ntitle: 文本稿件 {attribute}\ndate: 2025-02-01\nunit: 安平县关工委\n---\n\n"
            f"{REWRITE.format(attribute=attribute)}\n", encoding="utf-8")
    assert build(site).returncode == 0  # nothing is removed from these stories: the text is harmless

    pieces = feed_html(site)
    rewritten = [html for _, html in pieces if "a/b/" in html]
    assert len(rewritten) == 3 * 3 * 2  # each story in the RSS and Atom of the site, its category and its unit
    for html in rewritten:
        found = Attributes()
        found.feed(html)
        assert found.names == {"title"}, html
    # Sanitised last: the site's sanitiser finds nothing to change in any piece of any feed.
    # (For a page of the site: a feed's addresses are absolute, its photos on the site's own host.)
    again = sanitize.Sanitiser(sanitize.Policy(frozenset(DEFAULT_VIDEO_HOSTS))).elsewhere("https://example.org/news/")
    assert [html for _, html in pieces if again(html) != html] == []
