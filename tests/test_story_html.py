"""Ids and classes in a story's HTML (issue 21, item 5): a story's ids are namespaced, so that it
cannot replace the theme's own elements, and its links, footnotes and table of contents follow;
only the classes the Markdown extensions write survive, what is removed is a warning."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import hostile
from conftest import run_mkdocs_build
from gwsite.build import sanitize
from test_hostile import STORIES, hostile_site

STORY = hostile.body("""\
正文第一段[^1]，[跳到小标题](#__config)，[回到顶部](#)。

## 小标题 {#__config}

<div id="search" class="md-dialog md-search admonition note">请重新登录</div>

<a name="__drawer">锚点</a>

### 子标题

[^1]: 脚注。""")
WARNING = ("{f}:13: 正文: 警告：正文中有不安全或网站不支持的 HTML，发布时已删除：样式类“md-dialog”、样式类“md-search”")


class Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[tuple[str, str, dict]] = []  # (id, tag, attributes)
        self.fragments: list[str] = []  # href="#…"
        self.classes: list[str] = []
        self.names: list[str] = []
        self.body = 0  # depth inside the story's body

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        inside = self.body > 0
        if tag == "div" and values.get("class") == "gw-story__body":
            self.body = 1
        elif self.body:
            self.body += tag not in ("br", "hr", "img", "input")
        if values.get("id"):
            self.ids.append((values["id"], tag, values | {"inside": inside}))
        href = values.get("href") or ""
        if href.startswith("#") and len(href) > 1:
            self.fragments.append(href[1:])
        if inside:
            self.classes += (values.get("class") or "").split()
            if values.get("name"):
                self.names.append(values["name"])

    def handle_endtag(self, tag):
        if self.body:
            self.body -= 1


def test_story_ids_are_namespaced_and_its_links_footnotes_and_toc_follow(tmp_path, gwsite):
    other = hostile.body("[见另一篇的小标题](ids.md#__config)\n\n[关于我们的联系方式](../../about.md#联系我们)")
    site = hostile_site(tmp_path, [hostile.Case("ids", STORY, hostile.CLEANED),
                                   hostile.Case("other", other, hostile.ACCEPTED)])
    (site / "content/about.md").write_text("# 关于\n\n[稿件的小标题](news/2024/ids.md#__config)\n\n"
                                           "## 联系我们 {#联系我们}\n\n电话：0536-1234567\n", encoding="utf-8")
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "  - footnotes\n", encoding="utf-8")
    warning = WARNING.replace("{f}", f"{STORIES}/ids.md")

    checked = gwsite(site, "check")
    built = run_mkdocs_build(site, strict=False)

    assert checked.output.split("\n")[0] == warning
    assert built.returncode == 0 and f"gwsite: {warning}\n" in built.stderr
    page = Ids()
    page.feed((site / "site/news/2024/03/ids/index.html").read_text(encoding="utf-8"))
    ids = [item[0] for item in page.ids]
    assert ids.count("__config") == 1 and ids.count("search") == 0  # Material's own, untouched
    assert [tag for name, tag, _ in page.ids if name == "__config"] == ["script"]
    story_ids = [name for name, _, values in page.ids if values["inside"]]
    assert story_ids and all(name.startswith("user-content-") for name in story_ids)
    assert {"user-content-__config", "user-content-fn:1", "user-content-fnref:1",
            "user-content-search"} <= set(story_ids)
    assert page.names == ["user-content-__drawer"]
    # Every in-page link (the story's own, its footnotes', the table of contents') lands on an id.
    assert {"user-content-__config", "user-content-fn:1", "user-content-fnref:1",
            "user-content-_1"} <= set(page.fragments)
    assert set(page.fragments) <= set(ids)
    assert set(page.classes) <= {"footnote", "footnote-ref", "footnote-backref", "admonition", "note"}
    assert "admonition" in page.classes
    # A link from another story or page to a place in the story follows it too.
    other_page = (site / "site/news/2024/03/other/index.html").read_text(encoding="utf-8")
    assert 'href="../ids/#user-content-__config"' in other_page
    about = (site / "site/about/index.html").read_text(encoding="utf-8")
    assert 'href="../news/2024/03/ids/#user-content-__config"' in about
    # A page of content/ is namespaced as a story is, and a story's link to a place in it follows.
    assert 'id="user-content-联系我们"' in about
    assert 'href="../../../../about/#user-content-联系我们"' in other_page


def test_another_sites_image_that_reaches_the_html_is_removed_and_named():
    policy = sanitize.Policy()
    html = '<p><img alt="a" src="//img.example.cn/a.jpg"><img alt="b" src="../../images/b.jpg"></p>'

    cleaned, removals = sanitize.Sanitiser(policy)(html)

    assert cleaned == '<p><img alt="a"><img alt="b" src="../../images/b.jpg"></p>'
    assert [r.what for r in removals] == ["来自 img.example.cn 的图片"]
    assert sanitize.unsafe(html, policy) == removals


def test_classes_kept_are_those_markdown_extensions_write():
    kept = ('<div class="admonition warning"><p class="admonition-title">注意</p></div>'
            '<code class="language-python"><span class="nf">f</span></code>')
    assert sanitize.Sanitiser(sanitize.Policy())(kept) == (kept, [])
    assert re.search('class="', sanitize.Sanitiser(sanitize.Policy()).clean('<p class="md-header">x</p>')) is None


CLOBBER = hostile.body("""\
<div id="__config">{"base": "https://evil.example.com/", "features": [], "search": "https://evil.example.com/x.js"}</div>

<div class="md-dialog md-dialog--active md-typeset">请输入统一身份认证密码</div>

会议现场[^1] {#__search}

[^1]: 脚注。""")


def test_in_a_browser_the_theme_keeps_its_configuration_and_no_fake_dialog_shows(tmp_path, browser):
    from browsing import Reader, serve

    site = hostile_site(tmp_path, [hostile.Case("clobber", CLOBBER, hostile.CLEANED)])
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "  - footnotes\n", encoding="utf-8")
    assert run_mkdocs_build(site, strict=False).returncode == 0

    with serve(site / "site") as origin, browser.new_context() as context:
        tab = Reader(context, origin, "desktop")
        dialogs: list[str] = []
        tab.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        tab.open("/news/2024/03/clobber/")
        found = tab.page.evaluate("""() => ({
            configs: [...document.querySelectorAll('[id="__config"]')].map(e => e.tagName),
            base: JSON.parse(document.getElementById("__config").textContent).base,
            search: document.getElementById("__search") && document.getElementById("__search").tagName,
            fixed: [...document.querySelectorAll(".gw-story__body *")]
                .filter(e => ["fixed", "absolute"].includes(getComputedStyle(e).position)).length,
        })""")
        assert found["configs"] == ["SCRIPT"] and not found["base"].startswith("https:")
        assert found["search"] == "INPUT"  # Material's search toggle, not the story's paragraph
        assert found["fixed"] == 0
        tab.click("a.footnote-ref", re.compile(r"#user-content-fn:1$"))
        target = tab.page.evaluate("document.getElementById(decodeURIComponent(location.hash.slice(1))) !== null")

    assert target and dialogs == [] and tab.problems == []
