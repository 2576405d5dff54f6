"""The hostile corpus (tests/hostile.py): each case's outcome in `gwsite check` and in a real build,
and a scan of the whole built site for anything active that came from a story."""

from __future__ import annotations

import csv
import json
import re
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from lxml import etree

import hostile
from conftest import FIXTURES, build_in_process, run_mkdocs_build
from gwsite.ranking import exports
from gwsite.build import sanitize
from gwsite.config import DEFAULT_VIDEO_HOSTS

STORIES = "content/news/2024"
EXTENSIONS = "markdown_extensions:\n  - attr_list\n  - tables\n  - toc\n"
# Units whose names a spreadsheet would run as formulas, with a story each so they are ranked.
FORMULA_UNITS = """\
  - id: formula-a
    name: =HYPERLINK("https://evil.example.com","GWXSS")
    group: department
  - id: formula-b
    name: "@SUM(1+1)关工委"
    group: department
  - id: formula-c
    name: "+86关工委"
    group: department
"""


def hostile_site(root: Path, cases: list[hostile.Case]) -> Path:
    """The basic fixture with Markdown's usual extensions and the cases' files."""
    site = root / "site-src"
    shutil.copytree(FIXTURES / "basic", site)
    (site / "mkdocs.yml").write_text((site / "mkdocs.yml").read_text(encoding="utf-8") + EXTENSIONS, encoding="utf-8")
    folder = site / STORIES
    for case in cases:
        for name, data in case.files.items():
            (folder / name).write_bytes(data)
        (folder / f"{case.id}.md").write_bytes(case.content.encode() if isinstance(case.content, str) else case.content)
    return site


def expected(case: hostile.Case) -> list[str]:
    return [line.replace("{f}", f"{STORIES}/{case.id}.md").replace("{d}", STORIES) for line in case.expected]


def test_the_corpus_has_forty_distinct_cases_of_each_kind_it_claims():
    assert len(hostile.CASES) >= 40
    assert len({case.id for case in hostile.CASES}) == len(hostile.CASES)
    assert {case.outcome for case in hostile.CASES} == {hostile.REFUSED, hostile.CLEANED, hostile.ACCEPTED}
    for case in hostile.CASES:  # a refusal or a cleaning always says so; an accepted story says nothing
        assert bool(case.expected) == (case.outcome != hostile.ACCEPTED) or case.id == "xss-placement-outlet"


@pytest.mark.parametrize("case", hostile.CASES, ids=lambda case: case.id)
def test_check_reports_exactly_the_expected_problem(case, tmp_path, gwsite):
    site = hostile_site(tmp_path, [case])

    result = gwsite(site, "check", "--lenient")  # the cleaned cases warn: here only refusals fail

    assert "Traceback" not in result.output
    assert result.output.rstrip("\n").split("\n")[:-1] == expected(case)
    assert result.exit_code == (1 if case.outcome == hostile.REFUSED else 0)


def test_refused_stories_stop_the_build_with_the_same_messages_and_leave_the_site_as_it_was(tmp_path):
    site = hostile_site(tmp_path, [])
    assert run_mkdocs_build(site).returncode == 0
    before = {p.relative_to(site / "site"): p.read_bytes() for p in (site / "site").rglob("*") if p.is_file()}
    for case in hostile.REFUSED_CASES:
        for name, data in case.files.items():
            (site / STORIES / name).write_bytes(data)
        (site / STORIES / f"{case.id}.md").write_bytes(case.content.encode() if isinstance(case.content, str)
                                                       else case.content)

    result = run_mkdocs_build(site, strict=False)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    logged = {line.split("gwsite: ", 1)[1] for line in result.stderr.splitlines() if "gwsite: " in line}
    for case in hostile.REFUSED_CASES:
        assert set(expected(case)) <= logged, case.id
    after = {p.relative_to(site / "site"): p.read_bytes() for p in (site / "site").rglob("*") if p.is_file()}
    assert after == before


FENCES = [case for case in hostile.CASES if case.id.startswith("fence-")]


def test_a_bomb_behind_any_fence_costs_seconds_in_check_and_build(tmp_path, gwsite):
    """MkDocs ends the front-matter at its own fence: had gwsite ended it elsewhere, Markdown would convert
    text whose limits were never checked (these cases' summary is a minute of Markdown)."""
    site = hostile_site(tmp_path, FENCES)
    started = time.monotonic()
    assert gwsite(site, "check").exit_code == 1
    assert time.monotonic() - started < 20
    assert run_mkdocs_build(site, strict=False, timeout=40).returncode == 1

    for case in FENCES:
        if case.outcome == hostile.REFUSED:
            (site / STORIES / f"{case.id}.md").unlink()
    result = run_mkdocs_build(site, strict=False, timeout=40)

    assert result.returncode == 0, result.stderr
    page = (site / "site/news/2024/03/fence-at-end-of-file/index.html").read_text(encoding="utf-8")
    assert "unit: 安平县关工委" not in "".join(scan(page).text)  # the front-matter is not the body


def test_a_story_changed_after_its_check_is_never_converted(tmp_path, monkeypatch, caplog):
    """MkDocs is handed only text cut as the check cut it: a story whose fence changed since stops the build."""
    from mkdocs.exceptions import Abort

    from gwsite.plugin.hooks import GwsitePlugin

    site = hostile_site(tmp_path, [hostile.Case("changed", hostile.story(), hostile.ACCEPTED)])
    checked = GwsitePlugin.on_pre_build

    def then_edited(self, *, config):
        checked(self, config=config)
        (site / STORIES / "changed.md").write_text(hostile.fenced("----", hostile.BOMB), encoding="utf-8")

    monkeypatch.setattr(GwsitePlugin, "on_pre_build", then_edited)
    started = time.monotonic()
    with pytest.raises(Abort):
        build_in_process(site)
    assert time.monotonic() - started < 20
    assert (f"{STORIES}/changed.md:1: front-matter: 稿件在检查后被改动，无法确定稿件信息在哪里结束；"
            f"{hostile.FENCE}，然后重新生成") in caplog.messages


class Scan(HTMLParser):
    """Everything in a page that could run, or that shows markup from a story unescaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.text: list[str] = []
        self.values: list[str] = []  # of attributes that show text: meta content, title, alt
        self.script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("object", "embed", "base", "applet", "frame", "frameset"):
            self.found.append(f"<{tag}>")
        if tag == "form" and re.match(r"\s*[a-z][a-z0-9+.-]*:", values.get("action") or "", re.I):  # the site's search is relative
            self.found.append(f"<{tag}>")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")
        if tag == "iframe" and not (values.get("src") or "").startswith("https://player.bilibili.com/"):
            self.found.append(f"<iframe src={values.get('src')}>")
        if tag == "script":
            self.script = ""
            if "GWXSS" in (values.get("src") or ""):
                self.found.append("<script src> from a story")
        for name, value in attrs:
            value = value or ""
            if name in ("content", "title", "alt"):
                self.values.append(value)
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name in ("href", "src", "action", "formaction", "xlink:href", "poster", "srcset", "data") and \
                    re.match(r"\s*(javascript|vbscript|data):", re.sub(r"[\x00-\x20]", "", value), re.I):
                self.found.append(f"{tag} {name}={value[:40]}")
            if "gwxss" in value.lower() and name in ("class", "id", "style"):
                self.found.append(f"{tag} {name}={value} (story markup as an element)")

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script += data
        else:
            self.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            if "GWXSS" in self.script:
                self.found.append("a story's text inside <script>")
            self.script = None


def scan(html_text: str) -> Scan:
    found = Scan()
    found.feed(html_text)
    found.close()
    return found


def hostile_portal(root: Path) -> tuple[Path, str]:
    """All the cases that are published, in one site, with units named like formulas, built without
    `--strict` (the cleaned cases warn): the site's folder and the build's log."""
    site = hostile_site(root, hostile.PUBLISHED_CASES)
    units = site / "content/_data/units.yml"
    units.write_text(units.read_text(encoding="utf-8") + FORMULA_UNITS, encoding="utf-8")
    for number, unit in enumerate(re.findall(r"name: (.+)", FORMULA_UNITS)):
        name = unit.strip('"')
        story = hostile.story(hostile.placement(), title=f"单位名称测试{number}")
        (site / STORIES / f"formula-{number}.md").write_text(
            story.replace("unit: 安平县关工委", f"unit: {hostile.quoted(name)}"), encoding="utf-8")
    result = run_mkdocs_build(site, strict=False)
    assert result.returncode == 0, result.stderr
    return site, result.stderr


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The hostile portal, built once for this module's tests."""
    return hostile_portal(tmp_path_factory.mktemp("hostile"))


def test_cleaned_stories_warn_in_the_build_as_in_check(published):
    _, log = published
    for case in hostile.PUBLISHED_CASES:
        for line in expected(case):
            assert line in log, case.id
    assert "Traceback" not in log


def test_no_page_of_the_site_has_active_content_from_a_story(published):
    site, _ = published
    pages = sorted((site / "site").rglob("*.html"))
    assert len(pages) > 60
    found = {}
    for page in pages:
        result = scan(page.read_text(encoding="utf-8"))
        if result.found:
            found[page.relative_to(site / "site").as_posix()] = result.found
        text = "".join(result.text)
        # Escaped exactly once: escaped twice, a reader would see the entities themselves.
        assert "&lt;b class" not in text and "&amp;amp;" not in text, page
    assert found == {}
    # An allowed video is a link to its player, which the story's script shows when clicked: the
    # page itself loads nothing from the video site.
    videos = (site / "site/news/2024/03/body-iframe-video/index.html").read_text(encoding="utf-8")
    player = "https://player.bilibili.com/player.html?bvid=BV1xx411c7mD"
    assert f'<a class="gw-video" href="{player}" data-gw-video="{player}" data-pagefind-ignore>' in videos
    assert "<iframe" not in videos and 'src="../../../../assets/gwsite/video.js"' in videos
    assert (site / "site/assets/gwsite/video.js").is_file()
    # The address kept is the one the browser loads, written as the browser writes it.
    uppercase = (site / "site/news/2024/03/body-iframe-video-uppercase/index.html").read_text(encoding="utf-8")
    assert f'data-gw-video="{player}"' in uppercase
    assert "video.js" not in (site / "site/news/2024/03/xss-title/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", [case for case in hostile.PUBLISHED_CASES if case.shows], ids=lambda case: case.id)
def test_a_published_story_shows_what_was_written_as_text(published, case):
    site, _ = published
    slug = "script-x-script" if case.id == "xss-slug" else case.id
    page = site / "site/news/2024/03" / slug / "index.html"
    shown = scan(page.read_text(encoding="utf-8"))
    assert case.shows in "".join(shown.text) or case.shows in shown.values  # a summary is the page's description


def test_feeds_carry_story_values_as_text_and_no_active_html(published):
    site, _ = published
    feeds = sorted((site / "site").rglob("*.xml"))
    assert any(path.name == "feed.xml" for path in feeds) and any(path.name == "atom.xml" for path in feeds)
    titles = set()
    for path in feeds:
        if path.name.startswith("sitemap"):
            continue
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            local = etree.QName(element).localname
            if local == "title":
                titles.add(element.text)
            # RSS carries HTML in description and content:encoded; Atom says which of its elements do.
            is_html = local in ("description", "encoded") or element.get("type") in ("html", "xhtml")
            if is_html and element.text:
                assert scan(element.text).found == [], (path, local)
    assert hostile.PAYLOAD in titles  # the title as written: escaped once by XML, no more


def feed_html(site: Path) -> list[tuple[str, str, str]]:
    """Every piece of HTML in the site's feeds: RSS description and content:encoded, Atom summary
    and content of type html; as (feed, element, HTML)."""
    found = []
    for path in sorted((site / "site").rglob("*.xml")):
        if path.name.startswith("sitemap"):
            continue
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
        for element in tree.iter():
            if isinstance(element.tag, str) and element.text:
                local = etree.QName(element).localname
                if local in ("description", "encoded") and element.getparent().tag == "item" or element.get("type") == "html":
                    found.append((path.relative_to(site / "site").as_posix(), local, element.text))
    return found


def test_the_html_of_every_feed_is_the_sanitisers_own_output(published):
    """HTML is sanitised last: cleaned again with the site's rules, no piece of a feed changes. (It
    changed when links were made absolute with a regex after cleaning: a story's text became
    an `<a onmouseover style>` covering the page.)"""
    site, _ = published
    sanitiser = sanitize.Sanitiser(sanitize.Policy(frozenset(DEFAULT_VIDEO_HOSTS)))
    again = sanitiser.elsewhere("https://example.org/news/")  # a page of the site: a feed's addresses are absolute
    pieces = feed_html(site)
    assert len(pieces) > 100
    changed = [(feed, element, html) for feed, element, html in pieces if again(html) != html]
    assert changed == []
    rewritten = [html for _, element, html in pieces if element in ("encoded", "content") and "a/b/" in html]
    assert rewritten, "the story whose text a rewrite turned into markup is in the feeds"
    for html in rewritten:
        assert scan(html).found == []
        assert "<p><a title=\" src='/a/b/\">/../x\" onmouseover=" in html  # the text, still text


def test_json_and_csv_exports_are_data_only(published):
    site, _ = published
    for path in (site / "site").rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    rows = list(csv.reader((site / "site/ranking/2024/ranking.csv").read_text(encoding="utf-8-sig").splitlines()))
    names = [row[2] for row in rows[1:]]
    assert "'=HYPERLINK(\"https://evil.example.com\",\"GWXSS\")" in names
    assert "'@SUM(1+1)关工委" in names and "'+86关工委" in names
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@pytest.mark.parametrize(("text", "cell"), [
    ("=1+1", "'=1+1"), ("+86", "'+86"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"), ("安平县关工委", "安平县关工委"), ("", ""), ("1=1", "1=1"),
])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(text, cell):
    assert exports.safe_cell(text) == cell


@pytest.mark.parametrize("target", ["file", "folder"])
def test_a_symbolic_link_out_of_content_is_refused_and_nothing_it_points_at_is_published(tmp_path, gwsite, target):
    secret = tmp_path / "outside"
    secret.mkdir()
    (secret / "id_rsa").write_text("PRIVATE KEY GWXSS\n")
    site = hostile_site(tmp_path, [])
    link = site / STORIES / ("key.txt" if target == "file" else "shared")
    link.symlink_to(secret / "id_rsa" if target == "file" else secret)
    shown = f"{STORIES}/{link.name}"
    message = f"{shown}:1: 文件: 是指向网站内容目录之外的符号链接，为安全起见不会发布；请删去这个链接，把文件本身放进 content 目录"

    checked = gwsite(site, "check")
    built = run_mkdocs_build(site)

    assert checked.output.split("\n")[0] == message
    assert checked.exit_code == 1
    assert built.returncode == 1 and f"gwsite: {message}" in built.stderr
    assert not (site / "site").exists()


def test_a_symbolic_link_inside_content_is_published_like_the_file(tmp_path):
    site = hostile_site(tmp_path, [])
    (site / "content/files").mkdir()
    (site / "content/notices").mkdir()
    (site / "content/files/通知.pdf").write_bytes(b"%PDF-1.4 \xe5\x85\xb3\xe4\xba\x8e\n")
    (site / "content/notices/通知.pdf").symlink_to(site / "content/files/通知.pdf")

    assert run_mkdocs_build(site).returncode == 0
    assert (site / "site/notices/通知.pdf").read_bytes() == b"%PDF-1.4 \xe5\x85\xb3\xe4\xba\x8e\n"


def test_a_warm_build_warns_again_of_what_was_removed_and_strict_still_fails(tmp_path):
    case = next(case for case in hostile.CASES if case.id == "body-script")
    site = hostile_site(tmp_path, [case])
    warning = f"gwsite: {expected(case)[0]}"

    first = run_mkdocs_build(site, strict=False)
    again = run_mkdocs_build(site, strict=False)
    strict = run_mkdocs_build(site)

    assert first.returncode == 0 and warning in first.stderr
    assert "新生成 0 个" in again.stderr  # every page came from the cache ...
    assert warning in again.stderr  # ... and the warning with it
    assert strict.returncode == 1 and warning in strict.stderr


def test_the_site_chooses_its_video_hosts(tmp_path, gwsite):
    video = '<iframe src="https://v.example.cn/player?vid=1"></iframe>\n\n<iframe src="https://player.bilibili.com/p"></iframe>'
    case = hostile.Case("own-video-host", hostile.body(video), hostile.CLEANED)
    site = hostile_site(tmp_path, [case])
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - gwsite\n", "  - gwsite:\n      video_hosts: [V.Example.cn]\n"),
                      encoding="utf-8")

    checked = gwsite(site, "check")
    assert run_mkdocs_build(site, strict=False).returncode == 0

    page = (site / "site/news/2024/03/own-video-host/index.html").read_text(encoding="utf-8")
    assert 'data-gw-video="https://v.example.cn/player?vid=1"' in page
    assert "player.bilibili.com" not in page
    assert "来自 player.bilibili.com 的 <iframe>" in checked.output

    config.write_text(config.read_text(encoding="utf-8").replace("[V.Example.cn]", "[https://v.example.cn/]"),
                      encoding="utf-8")
    refused = run_mkdocs_build(site)
    assert refused.returncode == 1
    assert "video_hosts 中的“https://v.example.cn/”应为域名，如 player.bilibili.com（不写 https:// 和路径）" in refused.stderr


def test_every_page_of_content_is_cleaned_as_a_story_is(tmp_path, gwsite):
    """Not only stories: a page such as about.md is content too, written by someone who may paste
    anything, and is published under the committee's name."""
    site = hostile_site(tmp_path, [])
    (site / "content/guide").mkdir(exist_ok=True)
    (site / "content/guide/join.md").write_text(
        "# 加入我们\n\n欢迎各单位推荐通讯员。\n\n"
        '<script>alert("GWXSS")</script>\n\n'
        '<p id="__config" class="md-dialog" onclick="alert(\'GWXSS\')">联系电话：0536-1234567</p>\n',
        encoding="utf-8")
    message = ("content/guide/join.md:5: 正文: 警告：正文中有不安全或网站不支持的 HTML，发布时已删除："
               "<script> 元素、样式类“md-dialog”、onclick 事件属性")

    checked = gwsite(site, "check")
    built = run_mkdocs_build(site, strict=False)
    strict = run_mkdocs_build(site)

    assert message in checked.output.splitlines()
    assert built.returncode == 0 and f"gwsite: {message}" in built.stderr
    assert strict.returncode == 1
    page = (site / "site/guide/join/index.html").read_text(encoding="utf-8")
    assert "联系电话：0536-1234567" in page
    assert scan(page).found == [] and page.count('id="__config"') == 1  # Material's own
