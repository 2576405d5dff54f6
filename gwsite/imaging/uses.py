"""A site's images: which files the stories use, their processing, and the HTML that shows them.

`process` turns files into renditions; this module decides which files to process,
turns a refusal into a problem naming the story, line and field that use the file, and
writes `<picture>` elements with `srcset`, `sizes`, `width`, `height` and `alt`.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator
from urllib.parse import unquote, urljoin, urlsplit

from ..content import pagemeta
from .cache import ImageCache
from .process import process_all
from .records import Outcome, Processed
from ..content.loading import RASTER_SUFFIXES
from ..content.story import ImageUse, Story
from ..problems import Problem, Severity

# How wide an image is shown, for the browser to pick a rendition before any CSS arrives.
SIZES = {
    "content": "(min-width: 76.25em) 45rem, 100vw",  # a story's cover and body photos
    "thumb": "(min-width: 45em) 10rem, 30vw",  # list cards (at most 10rem wide, 30% on a phone)
    "grid": "(min-width: 45em) 15rem, 50vw",  # the home page's 图片新闻: three a row, two on a phone
    "banner": "(min-width: 76.25em) 30rem, (min-width: 45em) 50vw, 100vw",  # a topic's banner
}


@dataclass
class SiteImages:
    """Every image of one build: by docs-relative path, processed or refused."""

    outcomes: dict[str, Outcome] = field(default_factory=dict)
    copied: frozenset[str] = frozenset()  # used outside stories by a page or a setting: also at its own path
    hidden: frozenset[str] = frozenset()  # used only by drafts: never published
    unused: frozenset[str] = frozenset()  # named by no story, page or setting: never decoded nor published
    problems: list[Problem] = field(default_factory=list)

    by_url: dict[str, Processed] = field(default_factory=dict)  # by the site path of the widest JPEG

    def get(self, path: str | None) -> Processed | None:
        outcome = self.outcomes.get(path) if path else None
        return outcome.processed if outcome else None


def image_files(docs_dir: Path, data_dir: str) -> list[str]:
    """Every photo-like file under `docs_dir` as MkDocs would see it: no dot-files, no `_data/`."""
    found = []
    for folder, dirs, names in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        relative = Path(folder).relative_to(docs_dir).as_posix()
        if relative == data_dir or relative.startswith(f"{data_dir}/"):
            dirs[:] = []
            continue
        for name in sorted(names):
            if name.startswith(".") or Path(name).suffix.lower() not in RASTER_SUFFIXES:
                continue
            if not (Path(folder) / name).resolve().is_relative_to(docs_dir.resolve()):
                continue  # a symbolic link out of the docs folder: an error of its own (`links_outside`)
            found.append(name if relative == "." else f"{relative}/{name}")
    return found


# Whatever in a page's text could name a photo: Markdown images and links, reference definitions,
# HTML `src`, `href` and `srcset`, even a path in code. Reading too much only processes a photo
# the page might not show; reading too little would leave out one it does. The text is cut into
# path-like words first, so a page of any shape is read in one pass.
_SUFFIX_END = re.compile(r"\.(?:%s)(?![\w.-])" % "|".join(sorted(s[1:] for s in RASTER_SUFFIXES)), re.IGNORECASE)
_WORD = re.compile(r"""[^\s"'`()<>\[\]{}|=,*]+""")
_ANGLED = re.compile(r"<([^<>\n]*)>")  # `![说明](<有空格的 文件.jpg>)`
MAX_PAGE_BYTES = 5_000_000  # an office's page, not a story: its photos are looked for in this much
MAX_PATH_CHARS = 1000


def named_in(text: str, folder: str, available: set[str]) -> set[str]:
    """The photos of `available` (docs-relative paths) that `text`, in docs folder `folder`, names."""
    written = []
    for pattern in (_WORD, _ANGLED):
        for match in pattern.finditer(text):
            word = match.group(1) if match.groups() else match.group()
            if len(word) <= MAX_PATH_CHARS:
                written.extend(word[:end.end()] for end in _SUFFIX_END.finditer(word))
    found = set()
    for path in written:
        path = unquote(path).replace("\\", "/")
        if "://" in path:
            try:
                path = urlsplit(path).path  # the site's own address, written in full
            except ValueError:  # an unclosed "[" of an IPv6 address
                continue
        for base in (folder, ""):  # relative to the page, or to the docs folder (`/images/…`, mkdocs.yml)
            candidate = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
            if candidate in available:
                found.add(candidate)
    return found


def strings(value: Any) -> Iterator[str]:
    """Every string in a setting's value, however nested (for `extra:` of mkdocs.yml)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from strings(item)


def used_outside_stories(docs_dir: Path, news_dir: str, data_dir: str, available: set[str],
                         settings: Iterable[str] = ()) -> set[str]:
    """Photos that the site's other pages or its settings (`theme.logo`, `extra:`) name."""
    used = set()
    for value in settings:
        used |= named_in(f"<{value}>", "", available)
    for path in pagemeta.page_files(docs_dir, (news_dir, data_dir)):
        try:
            with open(path, encoding="utf-8", errors="replace") as file:
                text = file.read(MAX_PAGE_BYTES)
        except OSError:
            continue  # MkDocs reports a page it cannot read
        used |= named_in(text, path.parent.relative_to(docs_dir).as_posix(), available)
    return used


def collect(stories: list[Story], docs_dir: Path, data_dir: str, cache: ImageCache,
            shown: Callable[[str], str], progress: Callable[[int, int], None] | None = None,
            encode: bool = True, news_dir: str = "news", settings: Iterable[str] = (),
            renditions_only: Iterable[str] = ()) -> SiteImages:
    """Process (or with `encode=False`, only check) every image the site uses.

    A photo is used by a story, by another page of the docs folder, or by a setting of
    mkdocs.yml (`settings`: the logo, the favicon, the values of `extra:`, each also copied to its
    own path, where the setting names it; `renditions_only`: the topics' banners, which pages show
    through their renditions alone). A refused image a
    published story uses is an error at each place the story names it; an animation is a
    warning there. A refused image used only elsewhere is a warning naming the file, and the
    file is left out of the site. An image nothing uses is never decoded (whatever its bytes,
    it costs nothing) nor published: a notice names it.
    """
    uses, drafts = _uses(stories)
    available = set(image_files(docs_dir, data_dir))
    elsewhere = used_outside_stories(docs_dir, news_dir, data_dir, available, settings)
    rendered_only = {path for value in renditions_only for path in named_in(f"<{value}>", "", available)}
    others = sorted(elsewhere - set(uses))
    unused = sorted(available - set(uses) - drafts - elsewhere - rendered_only)
    wanted = sorted(set(uses) | set(others) | rendered_only)
    results = process_all([docs_dir / path for path in wanted], cache,
                          copies=frozenset(docs_dir / path for path in others), progress=progress, encode=encode)
    site = SiteImages(copied=frozenset(others), hidden=frozenset(drafts - set(uses) - elsewhere - rendered_only),
                      unused=frozenset(unused))
    for path in wanted:
        outcome = results[docs_dir / path]
        site.outcomes[path] = outcome
        site.problems.extend(_problems(path, outcome, uses.get(path), shown))
    for path in unused:
        site.problems.append(Problem(shown(path), 1, "图片", "没有稿件、页面或网站设置用到这张图片，它不会出现在网站上",
                                     Severity.NOTICE))
    # Pages link to an image through the widest JPEG, the file MkDocs puts in the original's place.
    site.by_url = {o.processed.largest: o.processed for o in site.outcomes.values() if o.processed is not None}
    return site


def _uses(stories: list[Story]) -> tuple[dict[str, list[tuple[Story, ImageUse]]], set[str]]:
    """Where published stories use each photo, and the photos drafts use."""
    uses: dict[str, list[tuple[Story, ImageUse]]] = {}
    drafts: set[str] = set()
    for story in stories:
        for use in story.images:
            if story.draft:
                drafts.add(use.path)
            else:
                uses.setdefault(use.path, []).append((story, use))
    return uses, drafts


def _problems(path: str, outcome: Outcome, uses: list[tuple[Story, ImageUse]] | None,
              shown: Callable[[str], str]) -> list[Problem]:
    """What to tell about one photo's outcome: at each place a published story uses it, or (used
    by no story) at the file itself."""
    problems = []
    for story, use in uses or ():
        if outcome.error:
            problems.append(Problem(shown(story.src), use.line, use.field, outcome.error))
        for note in outcome.notes:
            problems.append(Problem(shown(story.src), use.line, use.field, f"图片{note}", Severity.WARNING))
    if uses is None and outcome.error:
        problems.append(Problem(shown(path), 1, "图片",
                                f"{outcome.error}（没有稿件使用这个文件，它不会出现在网站上）", Severity.WARNING))
    return problems


# -- HTML -----------------------------------------------------------------------------------


def picture(image: Processed, url: Callable[[str], str], alt: str, sizes: str, *, eager: bool = False,
            attrs: dict[str, str] | None = None) -> str:
    """A `<picture>`: WebP renditions for browsers that take them, JPEG for the rest.

    `url` turns a site path into the link the page needs; `alt` is text, escaped here.
    `eager` is for the picture at the top of a page, which must not wait for scrolling.
    """
    def srcset(ext: str) -> str:
        return ", ".join(f"{url(image.url(width, ext))} {width}w" for width, _ in image.sizes)

    extra = {key: value for key, value in (attrs or {}).items()
             if key not in ("src", "srcset", "sizes", "width", "height", "alt", "loading", "decoding")}
    loading = {"fetchpriority": "high"} if eager else {"loading": "lazy"}
    img = {"src": url(image.largest), "srcset": srcset("jpg"), "sizes": sizes, "width": str(image.width),
           "height": str(image.height), "alt": alt, **loading, "decoding": "async", **extra}
    attributes = " ".join(f'{key}="{html.escape(value)}"' for key, value in img.items())
    return (f'<picture><source type="image/webp" srcset="{html.escape(srcset("webp"))}" '
            f'sizes="{html.escape(sizes)}"><img {attributes}></picture>')


# HTML read piece by piece as a serialiser writes it: a tag (quoted attribute values may hold `<`
# and `>`), or text up to the next `<`.
_PIECE = re.compile(r"""<[^"'<>]*(?:(?:"[^"]*"|'[^']*')[^"'<>]*)*>|[^<]+|<""")
_IMG = re.compile(r"<img\b(.*)>", re.I | re.S)
_PICTURE = re.compile(r"<picture\b", re.I)
_PICTURE_END = re.compile(r"</picture\b", re.I)
_ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")


def attributes(text: str) -> dict[str, str]:
    found = {}
    for match in _ATTR.finditer(text):
        name = match.group(1).lower()
        value = next((g for g in match.groups()[1:] if g is not None), "")
        found.setdefault(name, html.unescape(value))
    return found


def site_path(link: str, page_url: str) -> str | None:
    """The site path a page's relative link points at, or None for a web address."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith("/"):
        return None
    return unquote(urlsplit(urljoin(f"/{page_url}", parts.path)).path).lstrip("/")


def pictures_in(content: str, find: Callable[[str], Processed | None], url: Callable[[str], str],
                default_alt: str) -> str:
    """Every `<img>` of a page's HTML that shows a processed image, as a `<picture>`.

    `find` maps an `src` to its processed image; the image's own attributes (class,
    title) are kept, and an image without text gets `default_alt`, the story's title.
    The HTML is read tag by tag: an `<img` written inside an attribute value (nh3 before 0.3.1
    leaves `<` and `>` there as they are) is text, and a `<picture>` put there would end the value.
    """
    out: list[str] = []
    inside = 0  # within an author's own <picture>
    for piece in _PIECE.finditer(content):
        text = piece.group(0)
        if text.startswith("<"):
            if _PICTURE.match(text):
                inside += 1
            elif _PICTURE_END.match(text):
                inside = max(0, inside - 1)
            elif not inside and (img := _IMG.fullmatch(text)) is not None:
                attrs = attributes(img.group(1))
                image = find(attrs.get("src", ""))
                if image is not None:
                    text = picture(image, url, attrs.get("alt") or default_alt, SIZES["content"], attrs=attrs)
        out.append(text)
    return "".join(out)


def finder(images: SiteImages, page_url: str, src_uri: str) -> Callable[[str], Processed | None]:
    """How a page's `src` finds its image: Markdown images were rewritten by MkDocs to the widest
    JPEG's URL; raw HTML `<img>` still names the file relative to the page's source."""
    by_url = images.by_url
    source_dir = posixpath.dirname(src_uri)

    def find(src: str) -> Processed | None:
        target = site_path(src, page_url)
        if target is None:
            return None
        if target in by_url:
            return by_url[target]
        written = site_path(src, f"{source_dir}/" if source_dir else "")
        return images.get(written) if written else None

    return find
