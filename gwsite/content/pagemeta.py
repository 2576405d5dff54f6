"""What a page's front-matter may tell the theme.

MkDocs and Material put some front-matter values straight into every page they build, with no
escaping: `title` in `<title>`, `description` and `author` in `<meta>`, `subtitle` in the
navigation, `status` in a class attribute, `icon` in a template path, and `template` picks the
page's whole template (Material's `redirect.html` then runs `location` as script). Every page
built from `content/` is written by someone the site does not fully trust, so each key MkDocs
or Material reads (an audit of mkdocs 1.6 and mkdocs-material 9.x templates and plugins) is
listed in `THEME_KEYS` with what gwsite does with it: a story field it reads and escapes, a
value it checks and passes on (escaped, if text), or a key it refuses with a Chinese message.

Nothing here knows MkDocs: the plugin gives pages their meta from `story_meta` (a story) or
`page_meta` (any other page of `content/`), and `check_pages` reports what a build refuses.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import slips, yamlsafe
from ..problems import Problem, Problems
from .yamlsafe import LineDict

STORY, PAGE = "story", "page"

# Material hides these parts of a page when `hide` names them.
HIDE = ("navigation", "toc", "footer", "path", "tags", "feedback")
_STATUS = re.compile(r"^[a-z][a-z0-9_-]{0,30}$")


class Invalid(Exception):
    """A value the theme must not see: the message says what is expected."""


def _text(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip() or "\n" in value.strip():
        raise Invalid("应为一行文字")
    return html.escape(" ".join(value.split()))  # the theme shows it as HTML: escaped once here


def _hide(value: Any) -> list[str]:
    if isinstance(value, list) and all(isinstance(item, str) and item in HIDE for item in value):
        return list(dict.fromkeys(value))
    raise Invalid(f"应为要隐藏的部分组成的列表，可选 {'、'.join(HIDE)}，如 [toc]")


def _search(value: Any) -> dict[str, Any]:
    if isinstance(value, dict) and value and set(value) <= {"exclude", "boost"}:
        exclude, boost = value.get("exclude", False), value.get("boost", 1)
        if isinstance(exclude, bool) and isinstance(boost, (int, float)) and not isinstance(boost, bool) \
                and 0 < boost <= 10:
            return dict(value)
    raise Invalid("应写成 {exclude: true}（站内搜索不收录本页）或 {boost: 2}（0 到 10 之间的数字，提高排序）")


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise Invalid("应为 true（是）或 false（否）")


def _status(value: Any) -> str:
    if isinstance(value, str) and _STATUS.match(value):
        return value
    raise Invalid("应为 new、deprecated 这样由英文小写字母组成的状态名")


@dataclass(frozen=True)
class Key:
    """What gwsite does with one key the theme reads, on a story and on any other page."""

    story: str | Callable[[Any], Any]  # FIELD, a check of the value, or the refusal's message
    page: str | Callable[[Any], Any]


FIELD = "field"  # a story field (see fields.STORY_KEYS): read, validated and escaped there
NOT_IN_NAV = "稿件不在导航栏中，这一项不起作用；请删去这一行"
AUTOMATIC = "这一项由生成网站的插件自动填写，不能手写；请删去这一行"
UNSUPPORTED = "网站不支持这一项，请删去这一行"

THEME_KEYS: dict[str, Key] = {
    # MkDocs: the page's title (nav, <title>); Material: <title>, the header, feedback, search.
    "title": Key(FIELD, _text),
    # Material: <meta name="description"> and <meta name="author">.
    "description": Key(FIELD, _text),  # a story's summary
    "author": Key(FIELD, _text),  # a story's authors
    # Material's tags plugin (and its tags partial): a story's tags are gwsite's own pages.
    "tags": Key(FIELD, "只有稿件（content/news/ 中的文件）可以写标签；请删去这一行"),
    # MkDocs: the template that renders the page; Material's redirect.html reads `location`.
    "template": Key("网站的版式由网站统一设定，稿件不能自选模板；请删去这一行",
                    "网站的版式由网站统一设定，页面不能自选模板；请删去这一行"),
    "location": Key("网站不支持页面跳转，请删去这一行；要指向别的网页，请在正文中写链接",
                    "网站不支持页面跳转，请删去这一行；要指向别的网页，请在正文中写链接"),
    # Material: parts of the page to hide; its search plugin; its comments partial.
    "hide": Key(_hide, _hide),
    "search": Key(_search, _search),
    "comments": Key(_flag, _flag),
    # Material's navigation: an icon (a template path), a subtitle, a status (a class name).
    "icon": Key(NOT_IN_NAV, "网站的导航栏不使用图标，请删去这一行"),
    "subtitle": Key(NOT_IN_NAV, _text),
    "status": Key(NOT_IN_NAV, _status),
    # Material's source-file partial: dates filled in by plugins (git-revision-date and the like).
    "revision_date": Key(AUTOMATIC, AUTOMATIC),
    "git_revision_date_localized": Key(AUTOMATIC, AUTOMATIC),
    "git_creation_date_localized": Key(AUTOMATIC, AUTOMATIC),
    # MkDocs' own theme lists `source` files; Material's social plugin reads `social`.
    "source": Key(UNSUPPORTED, UNSUPPORTED),
    "social": Key(UNSUPPORTED, UNSUPPORTED),
}


def check(data: LineDict, kind: str, problems: Problems) -> dict[str, Any]:
    """The theme keys of one front-matter that gwsite passes on, checked (story fields aside);
    an error at its line for each key refused or not as expected."""
    passed: dict[str, Any] = {}
    for key in data:
        rule = THEME_KEYS.get(key) if isinstance(key, str) else None
        what = None if rule is None else rule.story if kind == STORY else rule.page
        if what is None or what == FIELD:
            continue
        if isinstance(what, str):
            problems.error(data.line_of(key), key, what)
            continue
        try:
            passed[key] = what(data[key])
        except Invalid as invalid:
            typed = slips.typed_chinese(_shown(data[key]))
            hint = f"（其中的{typed}请用英文输入法输入）" if typed else ""
            problems.error(data.line_of(key), key, f"{invalid}，不是“{_shown(data[key])}”{hint}")
    return passed


def page_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """A page's meta as MkDocs read it, with only what `check` lets through: every other key the
    theme reads is dropped, so that what a check missed can still never reach a template."""
    safe: dict[str, Any] = {}
    for key, value in meta.items():
        rule = THEME_KEYS.get(key) if isinstance(key, str) else None
        if rule is None or isinstance(rule.page, str):
            continue
        try:
            safe[key] = rule.page(value)
        except Invalid:
            pass
    return safe


def story_meta(title: str, summary: str, authors: tuple[str, ...],
               theme: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    """A story page's whole meta: its own fields, escaped, and the theme keys `check` passed."""
    meta: dict[str, Any] = {key: value if not isinstance(value, tuple) else list(value) for key, value in theme}
    if isinstance(meta.get("search"), list):
        meta["search"] = dict(meta["search"])
    meta.update(title=html.escape(title), description=html.escape(summary))
    if authors:
        meta["author"] = html.escape("、".join(authors))
    return meta


def frozen(passed: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    """`check`'s result as a value a frozen `Story` can hold (and compare, and print)."""
    return tuple(sorted((key, tuple(sorted(value.items())) if isinstance(value, dict)
                         else tuple(value) if isinstance(value, list) else value)
                        for key, value in passed.items()))


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:60] + "…"


# -- Pages other than stories ------------------------------------------------------------

# MkDocs' own front-matter rules (mkdocs/utils/meta.py), so that what is checked is what MkDocs
# reads: YAML between `---` and `---` (or `...`), else MultiMarkdown's `Key: value` lines.
_YAML = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"^([ ]{4}|\t)(\s*)(?P<value>.*)")
# What gwsite lets MkDocs build as a page: `.md` alone, as stories (site.unpublishable refuses
# MkDocs' other Markdown suffixes, `.markdown` and the like, with a rename to `.md`).
PAGE_SUFFIX = ".md"


def front_matter(text: str) -> LineDict | None:
    """A page's front-matter as MkDocs reads it, with the line of each key; None if it has none.
    Raises yamlsafe.YamlError for YAML that MkDocs would read and gwsite refuses."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    match = _YAML.match(text)
    if match:
        data = yamlsafe.load(match.group(1), line_offset=1)
        return data if isinstance(data, LineDict) else None
    data = LineDict()
    data.lines, data.line = {}, 1
    key = None
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            break
        found = _META.match(line)
        if found:
            key = found.group("key").lower().strip()
            value = found.group("value").strip()
            data[key] = f"{data[key]} {value}" if key in data else value
            data.lines.setdefault(key, number)
            continue
        more = _META_MORE.match(line)
        if not (more and key):
            break
        data[key] += " " + more.group("value").strip()
    return data or None


def page_files(docs_dir: Path, skip: tuple[str, ...]) -> list[Path]:
    """Every page MkDocs builds from `docs_dir` besides stories and data (the folders in `skip`):
    hidden files and folders and `templates/` are left out, as MkDocs' `exclude_docs` does."""
    found = []
    for folder, folders, names in os.walk(docs_dir):
        relative = Path(folder).relative_to(docs_dir).as_posix()
        folders[:] = sorted(name for name in folders if not name.startswith(".") and name != "templates"
                            and (f"{relative}/{name}" if relative != "." else name) not in skip)
        found += [Path(folder) / name for name in sorted(names)
                  if name.endswith(PAGE_SUFFIX) and not name.startswith(".")]
    return found


# What only a story writes: a page outside the news folder that has one is a story put in the wrong
# place, which would be published as a plain page and counted nowhere.
STORY_ONLY = ("unit", "单位", "co_units", "联合单位", "placements", "刊用", "上稿")


def misplaced_story(data: LineDict, news: str, problems: Problems) -> None:
    """One error, at the first key only a story writes, for a story saved outside `news` (shown)."""
    key = next((key for key in data if key in STORY_ONLY), None)
    if key is not None:
        problems.error(data.line_of(key), key, f"这个文件写了稿件才有的“{key}”，但不在稿件目录 {news} 中："
                       f"网站会把它当作普通页面发布，不计入排名；稿件请移到 {news}<年>/ 中，如 {news}2025/")


def check_pages(docs_dir: Path, skip: tuple[str, ...], shown: Callable[[str], str],
                bounded: Callable[[str, int, Problems], None] = lambda body, line, problems: None) -> list[Problem]:
    """The theme keys of every page of `content/` that is not a story, checked as a story's are, and
    its body by `bounded` (the story's limits on Markdown: the build converts every page)."""
    found: list[Problem] = []
    for path in page_files(docs_dir, skip):
        problems = Problems(shown(path.relative_to(docs_dir).as_posix()))
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # MkDocs says so when it reads the page
        try:
            data = front_matter(text)
        except yamlsafe.YamlError as error:
            field = error.key or yamlsafe.key_on_line(text, error.line, "front-matter")
            problems.error(error.line, field, error.message)
            data = None
        if data is not None:
            check(data, PAGE, problems)
            misplaced_story(data, shown(f"{skip[0]}/"), problems)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        fence = _YAML.match(text)
        start = fence.end() if fence else 0
        bounded(text[start:], text.count("\n", 0, start) + 1, problems)
        found += problems.items
    return found
