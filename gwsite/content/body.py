"""The Markdown body of a story: its summary, the limits that keep Markdown fast, the images it shows.

A body Markdown would take minutes or unbounded depth over is refused before it is rendered;
an image is checked like a cover: on this site, inside the docs folder, present.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator
from typing import NamedTuple
from urllib.parse import unquote

from ..problems import Problems
from .fields import local_path
from .story import ImageUse, StoryContext
from .weburl import web_address

SUMMARY_CHARS = 120


# No part of these spans the symbol its match begins with, so that a paragraph of 30,000 "[" or
# "<" is read in linear time (each try stops at the next), not quadratic (three seconds and more).
_MD_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^()]*\)")
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")
_MD_MARKUP = re.compile(r"[*_`~]+|<[^<>]+>")
_BLOCK_SKIP = ("#", "!", "<", "|", "```", "~~~", "---", "***", "[TOC]")


# A notice opens with its addressees on a line of their own (各县（市、区）关工委，市直各单位关工委：):
# a short paragraph ending in a colon, with no sentence in it. That is whom it is for, not what it says.
_SALUTATION = re.compile(r"[^。！？!?；;\n]{1,80}[：:]")
# A notice's first sentence may end in a colon too (为做好…工作，现将有关事项通知如下：): its clauses say
# why or on what grounds, or announce what follows, which a list of addressees never does.
_LEAD_IN = re.compile(r"^(?:为|根据|按照|依据|遵照|经|近日|日前|今年|\d{4}年)|如下|以下|现将|现就|特此")


def _prose_paragraphs(markdown: str) -> Iterator[str]:
    """The plain text of each paragraph of prose in the body, in order."""
    for block in re.split(r"\n\s*\n", markdown):
        block = block.strip()
        if not block or block.startswith(_BLOCK_SKIP):
            continue
        block = re.sub(r"^\s*(?:[-*+]|\d+\.|>)\s+", "", block, flags=re.M)
        text = _MD_MARKUP.sub("", _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", block)))
        text = re.sub(r"\s+", " ", text).strip()
        if text:
            yield text


def is_salutation(text: str) -> bool:
    """Whether a paragraph is a notice's line of addressees (各成员单位：), not its first sentence: a
    sentence of several clauses that opens with its purpose or announces what follows is kept (a bare
    lead-in, 会议指出：, says nothing and is passed over like addressees)."""
    if _SALUTATION.fullmatch(text) is None:
        return False
    return not (re.search(r"[，,]", text) and _LEAD_IN.search(text))


def first_paragraph(markdown: str, limit: int = SUMMARY_CHARS) -> str:
    """Plain text of the body's first paragraph of prose, cut to `limit` characters.

    A notice's opening line of addressees is passed over for the paragraph after it, so that a
    card does not show only 各县（市、区）关工委：; alone in a body, it still serves."""
    paragraphs = _prose_paragraphs(markdown)
    text = next(paragraphs, "")
    if is_salutation(text):
        text = next(paragraphs, text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# An image's text may hold brackets of its own, one level deep: `![合影 [资料图]](…)`.
_ALT = r"((?:[^\[\]]|\[[^\[\]]*\])*)"
_BODY_IMAGE = re.compile(r"!\[" + _ALT + r"""\]\(\s*<?([^\s)>]+)>?(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)""")
_BODY_IMAGE_REF = re.compile(r"!\[" + _ALT + r"\]\[([^\]]*)\]")
_REF_DEFINITION = re.compile(r"^ {0,3}\[([^\[\]]+)\]:[ \t]*<?([^\s>]+)>?", re.M)
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")  # two letters at least: C:\\ is a Windows path
_HTML_IMAGE = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


# Markdown's time grows with the symbols it must match, quadratically for brackets within one
# paragraph, and its recursion with nesting: bodies beyond these limits would stall the build
# for minutes (a paragraph of 20,000 "[" takes 90 s), so they are refused. No real story is near.
MAX_MARKUP = 50_000  # * _ [ ] ( ) | < > ! ` # { } ~ : about 1.5 s of Markdown at the limit
MAX_BRACKETS = 2_000_000  # the sum over paragraphs of the square of their "[" count
MAX_NESTING = 32  # quote marks and list indents before a line's text
# Markdown reads raw HTML from each "<" to what ends it (">", "]]>" for CDATA, "-->" for a comment),
# so unclosed ones cost the square of their number: 8,000 of "x <b " took 9 s, 8,000 CDATA 131 s.
# The limit is on the sum of those distances (CDATA's weighted by its cost), about 0.3 s of Markdown.
MAX_TAG_SCAN = 5_000_000
_TAG_START = re.compile(r"<(?:!\[CDATA\[|!--|[A-Za-z/!?])")
_TAG_ENDS = {"<![CDATA[": ("]]>", 10), "<!--": ("-->", 1), "<": (">", 1)}
_MARKUP = re.compile(r"[*_\[\]()|<>!`#{}~:]")
_NESTING = re.compile(r"^([ \t>]{%d,})\S" % MAX_NESTING, re.MULTILINE)
_PARAGRAPHS = re.compile(r"(\n[ \t>]*(?=\n))")


class _Refusal(NamedTuple):
    offset: int  # in the body, where the problem is
    message: str


def bounded_body(body: str, body_line: int, problems: Problems) -> None:
    """Refuse a body that Markdown would take pathological time or depth over, naming its line."""
    for check in (_too_much_markup, _too_many_brackets, _unclosed_tags, _nested_too_deep):
        refusal = check(body)
        if refusal is not None:
            problems.error(body_line + body.count("\n", 0, refusal.offset), "正文", refusal.message)
            return


def _too_much_markup(body: str) -> _Refusal | None:
    markup = len(_MARKUP.findall(body))
    if markup <= MAX_MARKUP:
        return None
    return _Refusal(len(body) - len(body.lstrip()),
                    f"正文中的 Markdown 符号（* _ [ ] | < > 等）有 {markup} 个，超过 {MAX_MARKUP} 个的上限，"
                    "生成网页会极慢；请删去多余的符号，长表格请另做附件")


def _too_many_brackets(body: str) -> _Refusal | None:
    cost, worst, worst_at, at = 0, 0, 0, 0
    for block in _PARAGRAPHS.split(body):  # separators too: they hold no "["
        brackets = block.count("[")
        cost += brackets * brackets
        if brackets > worst:
            worst, worst_at = brackets, at + len(block) - len(block.lstrip())
        at += len(block)
    if cost <= MAX_BRACKETS:
        return None
    return _Refusal(worst_at, f"这一段有 {worst} 个方括号“[”，生成网页会极慢；"
                              "方括号只用于链接和图片，如 [文字](网址)，请删去多余的")


def _unclosed_tags(body: str) -> _Refusal | None:
    cost, worst, worst_at, worst_kind = 0, 0, 0, "<"
    ends = {end: [m.start() for m in re.finditer(re.escape(end), body)] for end, _ in _TAG_ENDS.values()}
    for match in _TAG_START.finditer(body):
        kind = match.group() if match.group() in _TAG_ENDS else "<"
        end, weight = _TAG_ENDS[kind]
        found = ends[end]
        at = bisect.bisect_left(found, match.end())
        distance = (found[at] if at < len(found) else len(body)) - match.start()
        cost += distance * weight
        if distance * weight > worst:
            worst, worst_at, worst_kind = distance * weight, match.start(), kind
    if cost <= MAX_TAG_SCAN:
        return None
    return _Refusal(worst_at, f"这里的“{worst_kind}”之后很长一段都没有对应的“{_TAG_ENDS[worst_kind][0]}”，"
                              "生成网页会极慢；HTML 标签要写完整，如 <b>文字</b>，要写小于号请写成 &lt;")


def _nested_too_deep(body: str) -> _Refusal | None:
    for match in _NESTING.finditer(body):
        prefix = match.group(1)
        depth = prefix.count(">") + len(prefix.replace(">", "").expandtabs(4)) // 4
        if depth > MAX_NESTING:
            return _Refusal(match.start(1), f"这一行的引用符号“>”和缩进嵌套了 {depth} 层，"
                                            f"超过 {MAX_NESTING} 层的上限；请删去行首多余的“>”或空格")
    return None


# A page of this site, to read an address as a browser showing one of its pages would: over https
# and over http, since `https:host/a.jpg` is a path on the one and another site on the other.
_ON_THIS_SITE = ("https://this-site.invalid/news/page/", "http://this-site.invalid/news/page/")


def other_host(url: str) -> str | None:
    """The host a browser would load `url` from when it is another site's: an http(s) address or a
    protocol-relative one (`//host/…`), read as the WHATWG URL standard says (backslashes are
    slashes, tabs and line breaks are dropped, hosts are IDNA-mapped); None for a path on this
    site or any other scheme, whether the page is served over https or http."""
    for page in _ON_THIS_SITE:
        address = web_address(html.unescape(url), page)
        if address is not None and address.protocol in ("http:", "https:") and address.host != "this-site.invalid":
            return address.hostname or "?"
    return None


_IMAGE_START = re.compile(r"!\[")
_HTML_IMAGE_START = re.compile(r"<img", re.I)


def _escaped(text: str, at: int) -> bool:
    """Whether the character at `at` is escaped by a backslash: `\\![说明](a.jpg)` is a link, no image.
    (Python-Markdown escapes no `<`: `\\<img …>` is a backslash and a tag.)"""
    before = at
    while before > 0 and text[before - 1] == "\\":
        before -= 1
    return (at - before) % 2 == 1


def _each(pattern: re.Pattern[str], start: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of `pattern`, which begin where `start` does, each tried only up to the next
    `start`: a body of 40,000 `<img` or `![](` took minutes (each try read to the end), now linear."""
    starts = [match.start() for match in start.finditer(text)
              if text[match.start()] != "!" or not _escaped(text, match.start())] + [len(text)]
    taken = 0
    for at, end in zip(starts, starts[1:]):
        if at < taken:
            continue
        match = pattern.match(text, at, end)
        if match is not None:
            taken = match.end()
            yield match


def body_images(body: str, body_line: int, src: str, ctx: StoryContext, problems: Problems) -> list[ImageUse]:
    """Images the body shows from the story's own folder tree: `![说明](images/a.jpg)`, references, `<img>`.

    An image on another site is an error (readers' browsers would contact it); site-absolute
    paths are left to the page; a local image that is missing or outside the docs folder is
    an error at its line, like a missing cover.
    """
    definitions = {label.lower(): target for label, target in _REF_DEFINITION.findall(body)}
    found: list[tuple[int, str, str]] = []  # (offset, target, alt)
    for match in _each(_BODY_IMAGE, _IMAGE_START, body):
        found.append((match.start(), match.group(2), match.group(1)))
    for match in _each(_BODY_IMAGE_REF, _IMAGE_START, body):
        target = definitions.get((match.group(2) or match.group(1)).lower())
        if target:
            found.append((match.start(), target, match.group(1)))
    for match in _each(_HTML_IMAGE, _HTML_IMAGE_START, body):
        found.append((match.start(), next(g for g in match.groups() if g is not None), ""))
    uses = []
    for offset, target, alt in sorted(found):
        line = body_line + body.count("\n", 0, offset)
        host = other_host(target)
        if host is not None:
            problems.error(line, "正文", f"图片“{target}”在其他网站（{host}）上，读者打开稿件时浏览器会去连接那个网站；"
                                         "请把照片下载后放进 content/images/ 目录，再从那里引用，"
                                         "如 ![图片说明](../../images/2024/照片.jpg)")
            continue
        target = unquote(target.split("#", 1)[0].split("?", 1)[0])
        if not target or target.startswith(("/", "\\")) or _URL_SCHEME.match(target):
            continue  # a data: URL (removed from the page) or a path from the site's root: not a file beside the story
        path = local_path(target, src, ctx, line, "正文", problems)
        if path:
            uses.append(ImageUse(path, line, "正文", " ".join(alt.split())))
    return uses

