"""Front-matter the theme reads (issue 21, item 1): every key MkDocs or Material takes from a page's
meta, on a story and on any other page of content/, is either read by gwsite and escaped or
refused with one message; `gwsite check` and the build agree, and no raw payload reaches a page."""

from __future__ import annotations

import html
from html.parser import HTMLParser


import hostile
from conftest import run_mkdocs_build
from gwsite.content import pagemeta
from test_hostile import STORIES, hostile_site

P = '"><script>alert("GWXSS")</script>'  # breaks out of an attribute, then runs
Q = hostile.quoted(P)
ACCEPTED, REFUSED = "accepted", "refused"
NOT_IN_NAV = "稿件不在导航栏中，这一项不起作用；请删去这一行"
AUTOMATIC = "这一项由生成网站的插件自动填写，不能手写；请删去这一行"
UNSUPPORTED = "网站不支持这一项，请删去这一行"
REDIRECT = "网站不支持页面跳转，请删去这一行；要指向别的网页，请在正文中写链接"
HIDE = f"应为要隐藏的部分组成的列表，可选 navigation、toc、footer、path、tags、feedback，如 [toc]，不是“['{P}']”"
SEARCH = f"应写成 {{exclude: true}}（站内搜索不收录本页）或 {{boost: 2}}（0 到 10 之间的数字，提高排序），不是“{P}”"
FLAG = f"应为 true（是）或 false（否），不是“{P}”"

# key, value as written, then on a story and on another page: ACCEPTED, or the refusal's message.
KEYS = [
    ("title", Q, ACCEPTED, ACCEPTED),
    ("description", Q, ACCEPTED, ACCEPTED),  # a story's summary
    ("author", Q, ACCEPTED, ACCEPTED),  # a story's authors
    ("tags", f"[{Q}]", ACCEPTED, "只有稿件（content/news/ 中的文件）可以写标签；请删去这一行"),
    ("template", "redirect.html", "网站的版式由网站统一设定，稿件不能自选模板；请删去这一行",
     "网站的版式由网站统一设定，页面不能自选模板；请删去这一行"),
    ("location", hostile.quoted("javascript:alert('GWXSS')"), REDIRECT, REDIRECT),
    ("hide", f"[{Q}]", HIDE, HIDE),
    ("hide", "[toc]", ACCEPTED, ACCEPTED),
    ("search", Q, SEARCH, SEARCH),
    ("search", "{exclude: true}", ACCEPTED, ACCEPTED),
    ("comments", Q, FLAG, FLAG),
    ("comments", "true", ACCEPTED, ACCEPTED),
    ("icon", "../../../../etc/passwd", NOT_IN_NAV, "网站的导航栏不使用图标，请删去这一行"),
    ("subtitle", Q, NOT_IN_NAV, ACCEPTED),
    ("status", Q, NOT_IN_NAV, f"应为 new、deprecated 这样由英文小写字母组成的状态名，不是“{P}”"),
    ("status", "new", NOT_IN_NAV, ACCEPTED),
    ("revision_date", Q, AUTOMATIC, AUTOMATIC),
    ("git_revision_date_localized", Q, AUTOMATIC, AUTOMATIC),
    ("git_creation_date_localized", Q, AUTOMATIC, AUTOMATIC),
    ("source", f"[{Q}]", UNSUPPORTED, UNSUPPORTED),
    ("social", "{cards: false}", UNSUPPORTED, UNSUPPORTED),
]


def test_the_table_lists_every_key_gwsite_knows_the_theme_reads():
    assert {key for key, *_ in KEYS} == set(pagemeta.THEME_KEYS)


def cases(outcome: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """(file, text, expected lines but the file's name) of every story and page whose key has `outcome`."""
    found = []
    for number, (key, value, story, page) in enumerate(KEYS):
        if (story == ACCEPTED) == (outcome == ACCEPTED):
            text = hostile.story(title=value) if key == "title" else hostile.story(f"{key}: {value}\n")
            line = 2 if key == "title" else 5
            expected = () if story == ACCEPTED else (f":{line}: {key}: {story}",)
            found.append((f"{STORIES}/k{number}-{key}.md", text, expected))
        if (page == ACCEPTED) == (outcome == ACCEPTED):
            text = f"---\n{key}: {value}\n---\n\n# 页面标题\n\n正文。\n"
            found.append((f"content/p{number}-{key}.md", text, () if page == ACCEPTED else (f":2: {key}: {page}",)))
    # MkDocs also reads MultiMarkdown's front-matter, `Key: value` lines with no `---`.
    if outcome == ACCEPTED:
        found.append(("content/mmd-author.md", f"Author: {P}\nTitle: {P}\n\n正文。\n", ()))
        # With no title, MkDocs takes the page's heading, as HTML; Material un-escapes it for <title>.
        found.append(("content/h1-title.md", f"# {html.escape(P)}\n\n正文。\n", ()))
    else:
        found.append(("content/mmd-template.md", "Template: redirect.html\nLocation: javascript:alert(1)\n\n正文。\n",
                      (":1: template: 网站的版式由网站统一设定，页面不能自选模板；请删去这一行", f":2: location: {REDIRECT}")))
    return found


def site_with(root, outcome: str):
    site = hostile_site(root, [])
    for name, text, _ in cases(outcome):
        (site / name).write_text(text, encoding="utf-8")
    return site


class Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.hidden: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta" and "name" in values:
            self.meta[values["name"]] = values.get("content") or ""
        if tag == "div" and "hidden" in values and values.get("data-md-type"):
            self.hidden.append(values["data-md-type"])
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def page(site, url: str) -> Head:
    head = Head()
    head.feed((site / "site" / url / "index.html").read_text(encoding="utf-8"))
    return head


def test_accepted_keys_are_published_escaped_and_reported_by_nobody(tmp_path, gwsite):
    site = site_with(tmp_path, ACCEPTED)

    checked = gwsite(site, "check")
    built = run_mkdocs_build(site)

    assert checked.exit_code == 0 and checked.output.startswith("检查通过"), checked.output
    assert built.returncode == 0, built.stderr
    for path in (site / "site").rglob("*.html"):
        assert "<script>alert(" not in path.read_text(encoding="utf-8"), path
    number = {key: n for n, (key, value, *_) in enumerate(KEYS) if value == Q}
    story = page(site, f"news/2024/03/k{number['author']}-author")
    assert story.meta["author"] == P  # the author's name as text: Material's <meta name="author">, escaped
    assert page(site, f"news/2024/03/k{number['description']}-description").meta["description"] == P
    assert page(site, f"news/2024/03/k{number['title']}-title").title.startswith(P)
    assert page(site, f"p{number['author']}-author").meta["author"] == P
    assert page(site, f"p{number['description']}-description").meta["description"] == P
    assert page(site, f"p{number['title']}-title").title.startswith(P)
    assert page(site, "mmd-author").meta["author"] == P and page(site, "mmd-author").title.startswith(P)
    assert page(site, "h1-title").title.startswith(P)
    toc = next(n for n, (key, value, *_) in enumerate(KEYS) if key == "hide" and value == "[toc]")
    assert "toc" in page(site, f"news/2024/03/k{toc}-hide").hidden and "toc" in page(site, f"p{toc}-hide").hidden


def test_refused_keys_fail_check_and_build_with_the_same_messages(tmp_path, gwsite):
    site = site_with(tmp_path, REFUSED)
    expected = sorted(f"{name}{line}" for name, _, lines in cases(REFUSED) for line in lines)

    checked = gwsite(site, "check")
    built = run_mkdocs_build(site)

    assert checked.exit_code == 1
    assert sorted(checked.output.rstrip("\n").split("\n")[:-1]) == expected
    assert built.returncode == 1 and "Traceback" not in built.stderr
    logged = sorted(line.split("gwsite: ", 1)[1] for line in built.stderr.splitlines()
                    if "gwsite: " in line and "处错误（" not in line)
    assert logged == expected
    assert not (site / "site").exists()


def test_a_key_missed_by_the_check_still_never_reaches_the_theme():
    meta = {"title": P, "author": ["x"], "template": "redirect.html", "location": "javascript:x", "hide": ["toc", P],
            "icon": "../x", "status": P, "subtitle": P, "comments": True, "search": {"exclude": True}, "other": 1}
    assert pagemeta.page_meta(meta) == {"title": pagemeta.html.escape(P), "subtitle": pagemeta.html.escape(P),
                                        "comments": True, "search": {"exclude": True}}


def test_a_page_of_content_is_bounded_as_a_story_is(tmp_path, gwsite):
    # Any page of content/ is Markdown the build converts: 20,000 brackets took it a minute.
    site = hostile_site(tmp_path, [])
    (site / "content/guide.md").write_text("---\nhide: [toc]\n---\n\n# 指南\n\n" + "[" * 20000 + "]" * 20000 + "\n",
                                           encoding="utf-8")
    (site / "content/quotes.md").write_text("# 引用\n\n" + ">" * 40 + " 文字\n", encoding="utf-8")
    expected = ["content/guide.md:7: 正文: 这一段有 20000 个方括号“[”，生成网页会极慢；方括号只用于链接和图片，如 [文字](网址)，请删去多余的",
                "content/quotes.md:3: 正文: 这一行的引用符号“>”和缩进嵌套了 40 层，超过 32 层的上限；请删去行首多余的“>”或空格"]

    checked = gwsite(site, "check")
    built = run_mkdocs_build(site, timeout=30)

    assert checked.exit_code == 1 and checked.output.rstrip("\n").split("\n")[:-1] == expected, checked.output
    assert built.returncode == 1 and [line.split("gwsite: ", 1)[1] for line in built.stderr.splitlines()
                                      if "gwsite: " in line and "处错误（" not in line] == expected
