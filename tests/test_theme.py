"""gwsite's theme over Material, on every page of the sample portal: valid markup where Material's is
not (no `autocomplete` on checkboxes, no empty `tabindex`, no label of a missing control), no generator
meta, `lang="zh-CN"`, no lunr search, one search form in the header, the 长者模式 switch, the tab of
the page's section marked current, gwsite's logo and icon unless the site names its own."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import FIXTURES, built_copy, run_mkdocs_build

STORY_WITH_COVER = "news/2025/12/2025-12-16-liulin-he-xiuyun-zuimei/index.html"
# One page of each kind, and the tab it is under.
TABS = {
    "index.html": "首页",
    "news/index.html": "新闻动态",
    "news/notices/index.html": "新闻动态",
    "news/2025/index.html": "新闻动态",
    "news/page/2/index.html": "新闻动态",
    STORY_WITH_COVER: "新闻动态",
    "tags/index.html": "新闻动态",
    "tags/五老宣讲/index.html": "新闻动态",
    "search/index.html": "新闻动态",
    "units/index.html": "各单位",
    "units/anping/index.html": "各单位",
    "ranking/index.html": "宣传排名",
    "ranking/2024/index.html": "宣传排名",
    "ranking/2025q4/index.html": "宣传排名",
    "about/index.html": "关于我们",
}


class Markup(HTMLParser):
    """What the theme writes into a page, as a browser and the W3C checker read it."""

    def __init__(self, path: Path) -> None:
        super().__init__(convert_charrefs=True)
        self.html = path.read_text(encoding="utf-8")
        self.lang: str | None = None
        self.meta_names: list[str] = []
        self.icons: list[str] = []
        self.ids: set[str] = set()
        self.label_targets: list[str] = []
        self.checkbox_attrs: list[dict] = []
        self.empty_tabindex = 0
        self.forms: list[dict] = []
        self.elder: list[dict] = []
        self.current_tabs: list[str] = []
        self.logo_images: list[dict] = []
        self.head_elements: list[str] = []  # tags of <head>, in order
        self._stack: list[tuple[str, str]] = []  # (tag, class) of the open elements
        self._in_head = False
        self._tab_text: list[str] | None = None
        self.feed(self.html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        cls = attrs.get("class") or ""
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "head":
            self._in_head = True
        elif self._in_head:
            self.head_elements.append(tag if tag != "link" else f"link:{attrs.get('rel')}")
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "meta" and "name" in attrs:
            self.meta_names.append(attrs["name"])
        if tag == "link" and attrs.get("rel") == "icon":
            self.icons.append(attrs["href"])
        if tag == "label" and "for" in attrs:
            self.label_targets.append(attrs["for"])
        if tag == "input" and attrs.get("type") == "checkbox":
            self.checkbox_attrs.append(attrs)
        if attrs.get("tabindex", None) == "":
            self.empty_tabindex += 1
        if tag == "form":
            self.forms.append({**attrs, "inputs": [], "in_header": self._within("header", "md-header")})
        if tag == "input" and self.forms and self._within("form", ""):
            self.forms[-1]["inputs"].append(attrs)
        if tag == "button" and "gw-elder" in cls.split():
            self.elder.append({**attrs, "in_header": self._within("header", "md-header")})
        if tag == "a" and self._within("li", "md-tabs__item--active"):
            self._tab_text = []
        if tag == "img" and self._within("a", "md-logo"):
            self.logo_images.append(attrs)
        if tag not in ("meta", "link", "input", "img", "br", "source", "path", "circle"):
            self._stack.append((tag, cls))

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False
        if tag == "a" and self._tab_text is not None:
            self.current_tabs.append("".join(self._tab_text).strip())
            self._tab_text = None
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data):
        if self._tab_text is not None:
            self._tab_text.append(data)

    def _within(self, tag: str, cls: str) -> bool:
        return any(t == tag and (not cls or cls in c.split()) for t, c in self._stack)


@pytest.fixture(scope="module")
def site(sample_portal) -> Path:
    return sample_portal / "site"


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_is_valid_where_material_writes_invalid_markup(site):
    pages = html_pages(site)
    assert len(pages) > 150
    for path in pages:
        page = Markup(path)
        name = path.relative_to(site).as_posix()
        # `autocomplete` is only for text-like inputs: Material puts it on its drawer and search toggles.
        assert not [a for a in page.checkbox_attrs if "autocomplete" in a], name
        assert page.empty_tabindex == 0, name
        # A label names a control of the page: a story (out of the nav) has no `__toc` switch.
        assert set(page.label_targets) <= page.ids, name


def test_every_page_says_it_is_in_simplified_chinese_and_names_no_generator(site):
    for path in html_pages(site):
        page = Markup(path)
        name = path.relative_to(site).as_posix()
        assert page.lang == "zh-CN", name
        assert "generator" not in page.meta_names, name
        assert "mkdocs-material" not in page.html, name


def test_material_s_unused_search_is_not_published(site):
    assert not (site / "assets/javascripts/lunr").exists()
    assert not (site / "assets/javascripts/workers").exists()
    assert list((site / "assets/javascripts").glob("bundle.*.min.js"))  # Material's own script stays
    assert not (site / "assets/images/favicon.png").exists()  # Material's icon, replaced by gwsite's


def test_the_header_holds_one_search_form_that_works_without_a_script(site):
    for name, action in (("index.html", "search/"), (STORY_WITH_COVER, "../../../../search/"),
                         ("units/anping/index.html", "../../search/")):
        page = Markup(site / name)
        header_forms = [form for form in page.forms if form["in_header"]]
        assert len(header_forms) == 1, name
        form = header_forms[0]
        assert form["role"] == "search" and form["action"] == action and form.get("method", "get") == "get"
        assert [(i["type"], i["name"], i["aria-label"]) for i in form["inputs"]] == [("search", "q", "搜索新闻")]
        # Neither Material's search dialog nor a script-made box.
        assert 'data-md-component="search"' not in page.html and 'for="__search"' not in page.html
    assert "gw-header-search" not in (site / "assets/gwsite/gwsite.js").read_text(encoding="utf-8")


def test_the_elder_switch_is_a_button_in_the_header_applied_before_the_first_paint(site):
    for path in html_pages(site):
        page = Markup(path)
        name = path.relative_to(site).as_posix()
        assert len(page.elder) == 1, name
        button = page.elder[0]
        assert button["type"] == "button" and button["aria-pressed"] == "false" and button["in_header"], name
        # The remembered choice is applied by a script in the head, before any stylesheet loads.
        assert page.head_elements.index("script") < page.head_elements.index("link:stylesheet"), name
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<button type="button" class="gw-elder" aria-pressed="false"' in home and ">长者模式</button>" in home
    assert 'localStorage.getItem("gwsite.elder")' in home.split("</head>")[0]
    assert 'src="assets/gwsite/gwsite.js"' in home


@pytest.mark.parametrize("name", list(TABS))
def test_the_tab_of_the_page_s_section_is_current(site, name):
    page = Markup(site / name)
    assert page.current_tabs == [TABS[name]]


def test_stories_and_generated_pages_have_no_table_of_contents(site):
    for name in (STORY_WITH_COVER, "news/index.html", "units/anping/index.html", "ranking/index.html"):
        html = (site / name).read_text(encoding="utf-8")
        assert re.search(r'<div class="md-sidebar md-sidebar--secondary"[^>]*\bhidden\b', html), name


def test_gwsite_s_emblem_and_icon_stand_in_for_material_s(site):
    page = Markup(site / "index.html")
    assert page.icons == ["assets/gwsite/favicon.png"]
    assert (site / "assets/gwsite/favicon.png").read_bytes().startswith(b"\x89PNG")
    logo = page.html.split('class="md-header__button md-logo"', 1)[1].split("</a>", 1)[0]
    assert 'aria-hidden="true"' in logo and "M12 1.5a10.5" in logo  # the sprout, drawn inline
    assert page.logo_images == []


def test_a_site_s_own_logo_and_favicon_are_kept(tmp_path):
    def own_logo(site: Path) -> None:
        (site / "content/images").mkdir(exist_ok=True)
        (site / "content/images/emblem.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2"><rect width="2" height="2"/></svg>',
            encoding="utf-8")
        config = site / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            "  font: false\n", "  font: false\n  logo: images/emblem.svg\n  favicon: images/emblem.svg\n"),
            encoding="utf-8")

    site = built_copy(tmp_path, "basic", own_logo) / "site"
    page = Markup(site / "index.html")
    assert page.icons == ["images/emblem.svg"]
    # The header's logo and the drawer's (on a phone).
    assert [image["src"] for image in page.logo_images] == ["images/emblem.svg"] * 2
    assert not (site / "assets/gwsite/favicon.png").exists()


def test_a_site_s_nav_sections_and_material_search_stay_valid(tmp_path):
    """A site with a nav section (Material writes `tabindex=""` on its label) and MkDocs' search on:
    the markup is still valid, the section's tab is current on its pages, and lunr is published
    since the site asked for it."""
    def with_section(site: Path) -> None:
        (site / "content/about").mkdir()
        for name, title in (("a", "机构简介"), ("b", "联系我们")):
            (site / f"content/about/{name}.md").write_text(f"# {title}\n\n{title}的正文。\n", encoding="utf-8")
        config = site / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("  font: false\n", (
            "  font: false\n  features: [navigation.tabs]\n")).replace("plugins:\n", (
                "nav:\n  - 首页: index.md\n  - 关于:\n    - about/a.md\n    - about/b.md\n"
                "plugins:\n  - search\n")), encoding="utf-8")

    site = built_copy(tmp_path, "basic", with_section) / "site"
    for path in html_pages(site):
        page = Markup(path)
        name = path.relative_to(site).as_posix()
        assert page.empty_tabindex == 0 and set(page.label_targets) <= page.ids, name
        assert not [a for a in page.checkbox_attrs if "autocomplete" in a], name
    assert Markup(site / "about/b/index.html").current_tabs == ["关于"]
    assert Markup(site / "index.html").current_tabs == ["首页"]
    assert list((site / "assets/javascripts/lunr").iterdir())
    # Material's search is the header's only search box then (gwsite's is on too, so its form is there
    # and Material's dialog is not).
    assert len([form for form in Markup(site / "index.html").forms if form["in_header"]]) == 1


@pytest.mark.parametrize(("theme", "extra", "plugin", "message"), [
    ("  logo: https://cdn.example.com/logo.png\n", "", "",
     "mkdocs.yml 中 theme 的 logo 应为网站中的文件（docs_dir 或 custom_dir 中的路径，如 images/logo.png），"
     "不能是其他网站的地址，不是 “https://cdn.example.com/logo.png”"),
    ("  favicon: //cdn.example.com/favicon.png\n", "", "",
     "mkdocs.yml 中 theme 的 favicon 应为网站中的文件（docs_dir 或 custom_dir 中的路径，如 images/favicon.png），"
     "不能是其他网站的地址，不是 “//cdn.example.com/favicon.png”"),
    ("", "extra:\n  homepage: 'x\" onmouseover=\"alert(1)'\n", "",
     "mkdocs.yml 中 extra 的 homepage 的地址应为 docs_dir 中的页面（如 about.md）、网站内的路径（如 news/）或 "
     "http:// 或 https:// 开头的网址，不是 “x\" onmouseover=\"alert(1)”"),
    ("", "extra:\n  social:\n    - icon: fontawesome/brands/weixin\n      link: javascript:alert(1)\n", "",
     "mkdocs.yml 中 extra 的 social 链接的地址应为 docs_dir 中的页面（如 about.md）、网站内的路径（如 news/）或 "
     "http:// 或 https:// 开头的网址，不是 “javascript:alert(1)”"),
    ("", "", ":\n      links:\n        - 关于: 'news/\" onmouseover=\"alert(1)'",
     "links 中“关于”的地址应为 docs_dir 中的页面（如 about.md）、网站内的路径（如 news/）或 "
     "http:// 或 https:// 开头的网址，不是 “news/\" onmouseover=\"alert(1)”"),
    ("  icon:\n    logo: material/no-such-icon\n", "", "",
     "mkdocs.yml 中 theme 的 icon.logo 应为主题自带图标的名称，如 material/school 或 fontawesome/solid/house，"
     "不是 “material/no-such-icon”"),
    ("  icon:\n    menu: ../partials/header\n", "", "",
     "mkdocs.yml 中 theme 的 icon.menu 应为主题自带图标的名称，如 material/school 或 fontawesome/solid/house，"
     "不是 “../partials/header”"),
    ("", "copyright: '版权所有 <img src=x onerror=alert(1)>'\n", "",
     "mkdocs.yml 中的 copyright 只能含文字、<br>、<strong> 等强调和指向本站页面或 http(s) 网址的链接 "
     "<a href=\"https://…\">，不能含 <img src=x onerror=alert(1)>"),
    ("", "extra:\n  analytics:\n    provider: google\n    property: G-XXXXXXXX\n", "",
     "mkdocs.yml 中 extra 的 analytics（google）会让每个页面从其他网站加载统计脚本，读者的浏览器不应访问其他网站；请删去"),
    ("  font:\n    text: Noto Sans SC\n", "", "",
     "mkdocs.yml 中 theme 的 font（Noto Sans SC）会让每个页面从 Google Fonts（fonts.googleapis.com）加载字体："
     "门户使用 gwsite 的中文字体，这个设置不起作用；请改为 font: false"),
], ids=["logo-from-another-host", "favicon-protocol-relative", "homepage-quote", "social-javascript", "footer-link-quote",
        "unknown-logo-icon", "icon-outside-the-icons", "copyright-script", "analytics", "named-web-font"])
def test_what_the_theme_writes_into_every_page_is_checked(tmp_path, theme, extra, plugin, message):
    """The header's logo and home link, the favicon, the footer's links and social links are written
    into every page as mkdocs.yml gives them: none loads from or runs on another host. An icon the
    theme lacks is named, not a traceback."""
    site = tmp_path / "basic"
    shutil.copytree(FIXTURES / "basic", site)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  font: false\n", "  font: false\n" + theme)
                      .replace("plugins:\n", extra + "plugins:\n").replace("  - gwsite", "  - gwsite" + plugin),
                      encoding="utf-8")
    result = run_mkdocs_build(site)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr and not (site / "site").exists()


def test_titles_mkdocs_yml_gives_the_nav_are_shown_as_written(tmp_path):
    """The tabs, the drawer's navigation, the header and <title> show a nav title as text: markup in
    mkdocs.yml's nav never runs, on any page."""
    def with_titles(site: Path) -> None:
        (site / "content/about").mkdir()
        (site / "content/about/a.md").write_text("机构简介的正文，没有标题。\n", encoding="utf-8")
        config = site / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("  font: false\n", (
            "  font: false\n  features: [navigation.tabs]\n")).replace("plugins:\n", (
                "nav:\n  - 首页: index.md\n  - '<b>关于</b>':\n    - '<img src=x onerror=alert(1)>': about/a.md\n"
                "    - '<i>市关工委</i> & 友邻': https://www.example.cn/\nplugins:\n")), encoding="utf-8")

    site = built_copy(tmp_path, "basic", with_titles) / "site"
    for path in html_pages(site):
        html = path.read_text(encoding="utf-8")
        assert "<img src=x" not in html and "<b>关于" not in html and "<i>市关工委" not in html, path
    page = Markup(site / "about/a/index.html")
    assert page.current_tabs == ["<b>关于</b>"]
    html = page.html
    assert "<title>&lt;img src=x onerror=alert(1)&gt; - 测试关工委</title>" in html
    assert "&lt;i&gt;市关工委&lt;/i&gt; &amp; 友邻" in html and "&amp;amp;" not in html


def test_a_site_that_does_not_turn_material_s_fonts_off_loads_nothing_from_google(tmp_path):
    def default_font(site: Path) -> None:
        config = site / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("  font: false\n", ""), encoding="utf-8")

    site = built_copy(tmp_path, "basic", default_font) / "site"
    for path in html_pages(site):
        html = path.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html and "Roboto" not in html, path
