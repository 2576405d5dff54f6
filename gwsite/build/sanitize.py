"""Story bodies' HTML through an allow-list, and a plain account of what it took out.

Correspondents may write HTML in a story, or paste it from elsewhere. Whatever Markdown makes
of a body goes through nh3 (the Rust `ammonia` sanitiser): only the elements and attributes
that Markdown and the site's extensions produce survive, links keep only web, mail and phone
addresses, and `<iframe>` survives only for the video hosts the site allows, as a link to the
player that the site's script turns into the player when the reader asks. `unsafe()` reads
the same HTML with the same rules and names what the cleaning removes, so that the story's
author is told (a warning, which fails `mkdocs build --strict`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape, unescape
from html.parser import HTMLParser

import nh3

from ..content.body import other_host
from ..content.reader import story_parts
from ..content.weburl import web_address
from ..problems import Problem, Severity

# What Python-Markdown and the usual extensions (tables, attr_list, toc, footnotes, admonition,
# pymdownx.details, tasklist, tabbed, highlight) write, and the plain HTML of a news story.
TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input",
    "ins", "kbd", "label", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
})
# Removed with everything inside them; any other unknown element loses only its tags.
DROPPED_WITH_CONTENT = frozenset({"script", "style"})
GENERIC_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir"})
ATTRIBUTES = {
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "style", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "details": {"open"},
    "label": {"for"},
    "input": {"type", "checked", "disabled", "name"},
    "iframe": {"src", "width", "height", "allowfullscreen", "frameborder"},
}
URL_ATTRIBUTES = frozenset({"href", "src"})
# A story's ids are namespaced, as GitHub does: `id="__config"` would otherwise replace the theme's
# own element of that id (Material's configuration, its search box). Links to them follow.
ID_PREFIX = "user-content-"
ID_REFERENCES = {"label": "for", "a": "name"}  # attributes that name an id, besides href="#…"
# The only classes a story keeps: those the site's Markdown extensions write (footnotes, toc,
# admonition and details, task lists, tabbed, code highlighting). Any other, the theme's
# `md-dialog` above all, could restyle the page: a fake full-screen login.
ADMONITION_TYPES = frozenset({
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success", "check",
    "done", "question", "help", "faq", "warning", "caution", "attention", "failure", "fail", "missing",
    "danger", "error", "bug", "example", "quote", "cite",
})
CLASSES = ADMONITION_TYPES | {
    "footnote", "footnote-ref", "footnote-backref", "toc", "toctitle", "toclink", "headerlink",
    "admonition", "admonition-title", "task-list", "task-list-item", "task-list-control", "task-list-indicator",
    "tabbed-set", "tabbed-alternate", "tabbed-labels", "tabbed-content", "tabbed-block",
    "highlight", "codehilite", "highlighttable", "linenos", "linenodiv", "filename", "hll",
}
_CODE_CLASS = re.compile(r"^language-[a-z0-9_+#.-]+$")


def _token_classes() -> frozenset[str]:
    """Pygments' token classes (`k`, `nf`, `s2`), which highlighted code is made of."""
    try:
        from pygments.token import STANDARD_TYPES
    except ImportError:
        return frozenset()
    return frozenset(name for name in STANDARD_TYPES.values() if name)


CODE_CLASSES = _token_classes()


def class_kept(name: str) -> bool:
    return name in CLASSES or name in CODE_CLASSES or _CODE_CLASS.match(name) is not None


def namespaced(tag: str, name: str, value: str) -> str:
    """An id, or a reference to one (`href="#x"`, `<label for>`), in the story's namespace; one
    already there stays as it is, so that cleaning cleaned HTML again (for a feed) changes nothing."""
    if name == "href":
        if value.startswith("#") and len(value) > 1 and not value.startswith("#" + ID_PREFIX):
            return "#" + ID_PREFIX + value[1:]
        return value
    if (name == "id" or ID_REFERENCES.get(tag) == name) and value and not value.startswith(ID_PREFIX):
        return ID_PREFIX + value
    return value


SCHEMES = frozenset({"http", "https", "mailto", "tel"})
STYLES = frozenset({"text-align"})  # Markdown tables align their columns with `style`
INPUT_TYPES = frozenset({"checkbox", "radio"})  # task lists, tabbed content
# A video player from an allowed host becomes this link (see `_iframe`); assets/video.js shows
# the player in a sandbox when the link is clicked.
VIDEO_LINK = "gw-video"
# What the photo pipeline (uses.picture) adds to a story's HTML after it is cleaned.
PICTURE_TAGS = frozenset({"picture", "source"})
PICTURE_ATTRIBUTES = {"source": {"type", "srcset", "sizes"}, "img": {"srcset", "sizes", "decoding", "fetchpriority"}}

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]")


def scheme(url: str) -> str | None:
    """A URL's scheme, lower-cased, as a browser reads it (control characters and spaces
    anywhere in the URL are ignored); None for a relative URL.

    Stricter than the WHATWG URL parser, which drops only tabs and newlines inside a URL: where a
    browser finds a scheme this finds the same one, and it also names one in `java\\x01script:`,
    which a browser reads as a relative path (tests/e2e/test_url_parsing.py compares with Chromium)."""
    match = _SCHEME.match(_INVISIBLE.sub("", url))
    return match.group(1).lower() if match else None


@dataclass(frozen=True)
class Policy:
    video_hosts: frozenset[str] = frozenset()

    def video_src(self, url: str) -> str | None:
        """The address a browser loads for an iframe's `src` of `url`, serialised as the browser
        does, when it is an allowed video host's player over https, on its usual port and without
        a user name or password; None for any other address."""
        address = web_address(url)
        if address is None or address.protocol != "https:" or address.username or address.password or address.port:
            return None
        return address.href if address.hostname in self.video_hosts else None

    def video(self, url: str) -> bool:
        """An address of an allowed video host's player, over https."""
        return self.video_src(url) is not None

    def tags(self) -> set[str]:
        return set(TAGS | ({"iframe"} if self.video_hosts else set()))


@dataclass(frozen=True)
class Removal:
    what: str  # as the warning names it: “<script> 元素”, “onerror 属性”, “javascript: 链接”
    needles: tuple[str, ...]  # what to look for in the Markdown source to name its line, best first


class _Scan(HTMLParser):
    """Walks the HTML as nh3 will, noting each thing that will not survive."""

    # Elements whose content a browser (and nh3) reads as text, not tags: `<noscript><p title="
    # </noscript><img onerror=…>">` is an image with a handler to them, as it must be here.
    CDATA_CONTENT_ELEMENTS = ("script", "style", "noscript", "iframe", "xmp", "noembed", "noframes",
                              "textarea", "title")

    def __init__(self, policy: Policy) -> None:
        super().__init__(convert_charrefs=True)
        self.policy = policy
        self.found: dict[str, Removal] = {}
        self.dropping = 0  # inside <script> or <style>

    def note(self, what: str, *needles: str) -> None:
        self.found.setdefault(what, Removal(what, needles))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED_WITH_CONTENT:
            self.note(f"<{tag}> 元素", f"<{tag}")
            self.dropping += 1
            return
        if self.dropping:
            return
        if tag == "iframe":
            src = dict(attrs).get("src") or ""
            if not self.policy.video(src):
                address = web_address(src)
                host = address.hostname if address is not None and address.protocol in ("http:", "https:") else None
                self.note(f"来自 {host} 的 <iframe>" if host else "<iframe> 元素", host or "<iframe", "<iframe")
                return
        elif tag not in TAGS:
            self.note(f"<{tag}> 标签", f"<{tag}")
            return
        allowed = ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            value = value or ""
            if name == "class":
                for token in value.split():
                    if not class_kept(token):
                        self.note(f"样式类“{token}”", token, f"<{tag}")
            elif tag == "img" and name == "src" and other_host(value):
                self.note(f"来自 {other_host(value)} 的图片", value, "<img")
            elif name.startswith("on"):
                self.note(f"{name} 事件属性", name, f"<{tag}")
            elif name not in allowed and name not in GENERIC_ATTRIBUTES:
                self.note(f"{name} 属性", name, f"<{tag}")
            elif name in URL_ATTRIBUTES and scheme(value) not in (None, *SCHEMES):
                self.note(f"{scheme(value)}: 链接", f"{scheme(value)}:", f"<{tag}")
            elif name == "style" and not _style_kept(value):
                self.note("style 属性中的样式", "style", f"<{tag}")
            elif tag == "input" and name == "type" and value.lower() not in INPUT_TYPES:
                self.note(f"type=\"{value}\" 的输入框", "<input")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in DROPPED_WITH_CONTENT:
            self.dropping -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED_WITH_CONTENT and self.dropping:
            self.dropping -= 1

    def unknown_decl(self, data: str) -> None:  # <![CDATA[ … ]]>
        self.note("CDATA 段", "<![")

    def handle_pi(self, data: str) -> None:  # <?php … ?>
        self.note("<? … > 指令", "<?")


def _style_kept(value: str) -> bool:
    """Whether every declaration in a `style` is one the allow-list keeps."""
    names = [part.split(":", 1)[0].strip().lower() for part in value.split(";") if part.strip()]
    return all(name in STYLES for name in names)


def unsafe(html: str, policy: Policy) -> list[Removal]:
    """What `clean(html, policy)` removes, each kind once, in the order first met."""
    scan = _Scan(policy)
    scan.feed(html)
    scan.close()
    return list(scan.found.values())


class Sanitiser:
    """nh3 with the allow-list above, built once per build."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        attributes = {tag: set(names) for tag, names in ATTRIBUTES.items()}
        attributes["*"] = set(GENERIC_ATTRIBUTES)
        # A kept iframe becomes the player's link in `clean` (see `_iframe`); `elsewhere` builds its
        # own cleaner from these options.
        self.options = dict(
            tags=policy.tags(),
            clean_content_tags=set(DROPPED_WITH_CONTENT),
            attributes=attributes,
            attribute_filter=self._attribute,
            url_schemes=set(SCHEMES),
            link_rel=None,
            strip_comments=True,
            filter_style_properties=set(STYLES),
        )
        self.cleaner = nh3.Cleaner(**self.options)

    def _attribute(self, tag: str, name: str, value: str) -> str | None:
        if name in URL_ATTRIBUTES and scheme(value) not in (None, *SCHEMES):
            return None  # nh3 passes "java\tscript:" as a relative URL; browsers drop the tab and run it
        if tag == "iframe" and name == "src":
            return self.policy.video_src(value)  # what was judged is what the browser loads
        if tag == "input" and name == "type":
            return value if value.lower() in INPUT_TYPES else None
        if name == "class":
            return " ".join(token for token in value.split() if class_kept(token)) or None
        if tag == "img" and name == "src" and other_host(value):
            return None  # another site's image, which the story's check refuses: never loaded by readers
        return namespaced(tag, name, value)

    def __call__(self, html: str) -> tuple[str, list[Removal]]:
        """`html` cleaned, and what the cleaning removed. Plain paragraphs and lists, most of
        what a story is, need neither and are returned as they are."""
        if "<" not in _PLAIN_TAG.sub("", html):
            return html, []
        return self.clean(html), unsafe(html, self.policy)

    def clean(self, html: str, cleaner: nh3.Cleaner | None = None) -> str:
        cleaned = (cleaner or self.cleaner).clean(html)
        if "<iframe" in cleaned:
            cleaned = _SERIALISED.sub(_iframe, cleaned)
        return cleaned

    def elsewhere(self, page_url: str) -> Callable[[str], str]:
        """How a story's published HTML (cleaned, its photos made `<picture>`s) is cleaned again
        to be shown away from its page, in a feed: the same rules, the photos' markup, and every
        link and image address resolved against the page's absolute `page_url` by the sanitiser
        itself, so that nothing rewrites the HTML after it is cleaned."""
        attributes = {tag: set(names) for tag, names in self.options["attributes"].items()}
        for tag, names in PICTURE_ATTRIBUTES.items():
            attributes.setdefault(tag, set()).update(names)

        site = web_address(page_url)
        assert site is not None, page_url

        def attribute(tag: str, name: str, value: str) -> str | None:
            if tag == "img" and name == "src":
                address = web_address(value, page_url)
                if address is not None and address.origin == site.origin:
                    value = address.pathname + address.search  # this site's own photo, already absolute
            kept = self._attribute(tag, name, value)
            if kept is None or name not in URL_ATTRIBUTES | {"srcset"}:
                return kept
            return _absolute_srcset(kept, page_url) if name == "srcset" else _absolute(kept, page_url)

        cleaner = nh3.Cleaner(**{**self.options, "tags": self.options["tags"] | PICTURE_TAGS,
                                 "attributes": attributes, "attribute_filter": attribute})
        return lambda html: self.clean(html, cleaner)


def _absolute(url: str, base: str) -> str | None:
    """`url` resolved against `base` and serialised as a browser does; None unless it is an
    address the allow-list keeps. (nh3 checks a URL's scheme before the attribute filter
    changes it, not after.)"""
    address = web_address(url, base)
    if address is None or address.protocol.rstrip(":") not in SCHEMES:
        return None
    return address.href


_SRCSET_WIDTH = re.compile(r"\d+w|\d+(?:\.\d+)?x")


def _absolute_srcset(srcset: str, base: str) -> str | None:
    """A `srcset` (as the photo pipeline writes it: `URL WIDTHw, …`) with each address absolute;
    None, dropping the attribute, if any candidate is not of that form."""
    candidates = []
    for candidate in srcset.split(","):
        url, *descriptor = candidate.split() or [""]
        absolute = _absolute(url, base) if url else None
        if absolute is None or "," in absolute or len(descriptor) > 1 or \
                not all(map(_SRCSET_WIDTH.fullmatch, descriptor)):
            return None
        candidates.append(" ".join([absolute, *descriptor]))
    return ", ".join(candidates)


def _iframe(match: re.Match[str]) -> str:
    """An iframe nh3 kept: gone when its address was refused, else a link to the player, which
    the site's script replaces with the player itself when the reader clicks it (and which a
    browser without scripts simply follows). Until then the reader's browser asks nothing of the
    video site. Any other piece of the HTML as it was."""
    if match.group("iframe") is None:
        return "" if match.group(0).startswith("<iframe") else match.group(0)
    src = dict(_ATTRIBUTE.findall(match.group("attributes"))).get("src")
    address = web_address(unescape(src)) if src is not None else None
    if address is None:
        return ""
    # `src` is as nh3 serialised it: escaped for an attribute, and the address `video_src` judged.
    return (f'<a class="{VIDEO_LINK}" href="{src}" data-gw-video="{src}" data-pagefind-ignore>'
            f'<span class="gw-video__label">播放视频</span>'
            f'<span class="gw-video__host">点击后从 {escape(address.hostname)} 加载</span></a>')


_PLAIN_TAG = re.compile(r"</?(?:p|strong|em|b|i|ul|ol|li|blockquote|h[1-6]|br|hr|table|thead|tbody|tr|th|td|pre|code"
                        r"|sup|sub|del|s|u|mark|dl|dt|dd)\s*/?>")
# nh3's output read piece by piece as its serialiser writes it: a tag (every attribute value in
# double quotes, `"` escaped inside; older nh3 leaves `<` and `>` in them), an end tag, text
# (`<` escaped), or a whole iframe, which nh3 always closes and whose content is raw text. Read
# in order, an `<iframe` inside an attribute value is never taken for a tag.
_SERIALISED = re.compile(r'(?P<iframe><iframe\b(?P<attributes>[^"<>]*(?:"[^"]*"[^"<>]*)*)>.*?</iframe>)'
                         r'|<[^"<>]*(?:"[^"]*"[^"<>]*)*>|[^<]+|<', re.DOTALL)
_ATTRIBUTE = re.compile(r'([^\s="]+)="([^"]*)"')


def _body_start(text: str) -> int:
    """Where a story's (or page's YAML-fronted) body starts in `text`, cut as `reader.split_story`
    cuts it, where MkDocs does; 0 when it has no front-matter to cut."""
    parts = story_parts(text)
    return len(text) - len(parts.body) if parts is not None else 0


def source_line(text: str, removal: Removal) -> int:
    """The line of a story's source (front-matter and body) where `removal` was written, or the
    body's first line when it cannot be found (say, written with character references)."""
    start = _body_start(text)
    lowered = text.lower()
    for needle in removal.needles:
        at = lowered.find(needle.lower(), start)
        if at >= 0:
            return text.count("\n", 0, at) + 1
    return text.count("\n", 0, start + len(text[start:]) - len(text[start:].lstrip())) + 1


def warning(shown: str, text: str, removals: list[Removal]) -> Problem:
    """The one warning about a story (`shown` path, source `text`) that lost `removals`."""
    message = "正文中有不安全或网站不支持的 HTML，发布时已删除：" + "、".join(r.what for r in removals)
    if any("iframe" in r.what for r in removals):
        message += "；嵌入视频只能用网站允许的视频网站播放器地址（https）"
    return Problem(shown, source_line(text, removals[0]), "正文", message, Severity.WARNING)


def body(text: str) -> str:
    """A story's body: its text after the front-matter."""
    return text[_body_start(text):]


# Only a body with one of these can come out of Markdown with something to remove: a tag,
# an attribute list, or a link whose address names a scheme.
_SUSPECT = re.compile(r"[<{&]|\]\s*[(:]|[a-z]\s*:", re.IGNORECASE)


def might_remove(text: str) -> bool:
    return _SUSPECT.search(body(text)) is not None
