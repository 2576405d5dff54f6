"""What gwsite does to each page MkDocs converts: a story's text as its check read it, meta made
from checked fields, HTML sanitised, photos as `<picture>`, feed links in the head, the story's
view for its template."""

from __future__ import annotations

import dataclasses
import html
import json
import posixpath
import re
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..build import sanitize
from ..content import pagemeta
from ..content.reader import FENCE_EXPECTED, story_parts
from ..content.story import Story
from ..imaging import uses
from ..imaging.records import Processed
from ..views.generated import HOME_TEMPLATE
from ..views.story import story_view
from ..views.urls import NEWS, TAGS
from . import adapter
from .adapter import mkdocs_front_matter
from .reporting import report
from .state import BuildState

STORY_TEMPLATE = "gwsite/story.html"
# The 长者模式 a reader chose (see assets/gwsite.js), on the page before its first paint: no flash
# of small text, no shift. `gw-js` shows the switch only where a script can work it.
ELDER_HEAD = ('<script>document.documentElement.classList.add("gw-js");'
              'try{if(localStorage.getItem("gwsite.elder")==="1")'
              'document.documentElement.setAttribute("data-gw-elder","")}catch(e){}</script>')
_CHARSET = '<meta charset="utf-8">'
# Pages out of the nav whose address names no tab, and the tab that holds them: tags and the
# search page find news.
_TAB_OF = {TAGS.url: NEWS.url, "search/": NEWS.url}
_FRAGMENT_LINK = re.compile(r'href="([^"#:]+)#([^"]+)"')


def story_page_meta(story: Story) -> dict[str, Any]:
    """A story page's meta: its fields, escaped, and the theme keys its check passed."""
    meta = pagemeta.story_meta(story.title, story.summary, story.authors, story.theme)
    meta.setdefault("hide", ["navigation", "toc"])  # stories are not in the nav: no empty sidebars
    return meta


def namespace_toc(items: Any) -> None:
    """The page's table of contents, pointing at its headings' namespaced ids (see `sanitize.ID_PREFIX`)."""
    for item in items:
        item.id = sanitize.ID_PREFIX + item.id
        namespace_toc(item.children)


def content_fragments(html: str, page_url: str, content_urls: frozenset[str]) -> str:
    """Links to a place in another story or page of content/ (`../b/#小标题`), to its namespaced id
    (see `sanitize.ID_PREFIX`)."""
    here = posixpath.dirname(page_url.rstrip("/")) if not page_url.endswith("/") else page_url.rstrip("/")

    def namespaced(match: re.Match[str]) -> str:
        path, fragment = match.groups()
        target = posixpath.normpath(posixpath.join(here, path)).lstrip("./")
        if target not in content_urls or fragment.startswith(sanitize.ID_PREFIX):
            return match.group()
        return f'href="{path}#{sanitize.ID_PREFIX}{fragment}"'

    return _FRAGMENT_LINK.sub(namespaced, html)


@jinja2.pass_context
def gw_picture(context: Any, image: Processed | None, alt: str, kind: str = "content", eager: bool = False) -> str:
    """Templates' `<picture>` for a processed image, with links relative to the page being rendered."""
    if image is None:
        return ""
    page = context.get("page")
    url = (lambda path: get_relative_url(path, page.url)) if page is not None else (lambda path: path)
    return markupsafe.Markup(uses.picture(image, url, alt, uses.SIZES[kind], eager=eager))


def written(build: BuildState, file: File) -> bool:
    """A page written in content/, a story or another: cleaned as a story is. gwsite's own pages
    are not (their content is its templates', which show stories' values escaped)."""
    return file.generated_by is None and file.src_uri not in build.pages


def checked_source(build: BuildState, page: Page) -> str | None:
    """A story's text as its check read it: without control characters (already reported; left in,
    they would make MkDocs fail to read the front-matter), and cut where the check cut it, so that
    Markdown converts exactly the body whose size and nesting were bounded."""
    read = checked_read(build, page)
    return read[0] if read is not None else None


def checked_read(build: BuildState, page: Page) -> tuple[str, str, dict[str, Any]] | None:
    """`checked_source`, and the body and meta MkDocs reads from it (one reading of the YAML)."""
    src = page.file.src_uri
    if src not in build.stories or page.file.abs_src_path is None:
        return None
    try:
        parts = story_parts(Path(page.file.abs_src_path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return None
    source = parts.source() if parts is not None else None
    body, meta = mkdocs_front_matter(source) if source is not None else (None, {})
    if parts is None or source is None or body != parts.body.lstrip("\n"):
        # Changed since its check, or front-matter MkDocs reads otherwise: never convert unchecked text.
        line = parts.body_line if parts is not None else 1
        raise PluginError(f"{build.shown_story(src)}:{line}: front-matter: 稿件在检查后被改动，无法确定稿件信息在哪里结束；"
                          f"{FENCE_EXPECTED}，然后重新生成")
    return source, body, meta


def set_meta(build: BuildState, page: Page) -> None:
    """A page's meta from what its check allows, and the template gwsite shows it with."""
    story = build.stories.get(page.file.src_uri)
    if story is not None:
        # MkDocs and Material put meta values in pages as HTML: a story's meta is made anew
        # from its checked fields, escaped once (see `pagemeta`), never taken as written.
        page.meta = {**story_page_meta(story), "template": STORY_TEMPLATE}
    elif page.file.src_uri not in build.pages and not page.file.generated_by:
        page.meta = pagemeta.page_meta(page.meta)  # a page of content/: only what its check allows
        if page.is_homepage and build.generated is not None:
            page.meta["template"] = HOME_TEMPLATE
            page.meta.setdefault("hide", ["navigation", "toc"])


def finished_content(build: BuildState, html: str, page: Page) -> str:
    """A converted page's HTML: sanitised if written in content/, links to namespaced headings,
    photos as `<picture>`; a story's kept for the feeds."""
    story = build.stories.get(page.file.src_uri)
    if written(build, page.file):
        html, removals = build.sanitiser(html)
        if removals:
            removed_html(build, page.file.src_uri, removals)
        namespace_toc(page.toc)  # the sanitiser namespaced the headings' ids
        if story is None and "title" not in page.meta and page.title and not page.is_homepage:
            # A title MkDocs took from the page's heading is HTML, and Material's <title> shows it
            # through `striptags`, which un-escapes it: `&lt;/title&gt;&lt;script&gt;` would run.
            # As meta, the theme shows it as written: the heading's text, escaped once (the home page
            # shows the site's name instead).
            page.meta["title"] = str(markupsafe.escape(markupsafe.Markup(page.title).striptags()))
    if "#" in html and build.content_urls:
        html = content_fragments(html, page.url, build.content_urls)
    if build.images.outcomes and "<img" in html:
        find = uses.finder(build.images, page.url, page.file.src_uri)
        html = uses.pictures_in(html, find, lambda path: get_relative_url(path, page.url),
                                story.title if story else "")
    if build.feeds and story is not None:
        build.bodies[page.file.src_uri] = html  # the feeds' full text, with the page's own URLs
    return html


def removed_html(build: BuildState, src: str, removals: list[sanitize.Removal]) -> None:
    """Tell the author what the sanitiser took out of their story or page, now and in every build
    that takes the page from the cache: the warning is kept beside the page."""
    assert build.docs_dir is not None
    text = build.session.story_text(build.docs_dir / src) or ""
    problem = sanitize.warning(build.shown_story(src), text, removals)
    report([problem])
    key = build.page_keys.get(src)
    if key is not None and build.page_cache is not None:
        build.page_cache.write(key + ".unsafe", json.dumps(dataclasses.astuple(problem), ensure_ascii=False))


def finished_page(build: BuildState, output: str, page: Page | None) -> str:
    """A page as it is published: Material's markup made valid (see `adapter.standard_page`), the
    reader's 长者模式 applied in its head, the feeds named there."""
    output = with_elder_head(adapter.standard_page(output))
    return with_feed_links(build, output, page) if build.feeds and page is not None else output


def with_elder_head(output: str) -> str:
    """`ELDER_HEAD` first in the page's head, right after its charset (which must come first)."""
    at = output.find(_CHARSET, 0, 1024)
    if at < 0:
        return output
    at += len(_CHARSET)
    return output[:at] + ELDER_HEAD + output[at:]


def with_feed_links(build: BuildState, output: str, page: Page) -> str:
    """Feed autodiscovery in a page's head: the site's feeds, and a category's or unit's own."""
    own = next((folder for folder in build.feeds if folder and page.url.startswith(folder)), None)
    links = []
    for folder in ([""] if "" in build.feeds else []) + ([own] if own else []):
        feed = build.feeds[folder]
        for name, kind, label in ((feed.rss, "rss", "RSS"), (feed.atom, "atom", "Atom")):
            href = get_relative_url(name, page.url)
            links.append(f'<link rel="alternate" type="application/{kind}+xml" '
                         f'title="{html.escape(feed.title)}（{label}）" href="{html.escape(href)}">')
    head = output.find("</head>")
    return output if head < 0 else output[:head] + "\n".join(links) + "\n" + output[head:]


def add_page_data(build: BuildState, context: dict[str, Any], page: Page) -> None:
    """A story's view (`story`) or a generated page's data (`gw`, and `gw_issuer`) for its template."""
    story = build.stories.get(page.file.src_uri)
    if story is not None and build.site is not None and build.generated is not None:
        view = build.views.get(story.src)
        if view is None:
            neighbours = build.generated.neighbours.get(story.src, (None, None))
            view = story_view(story, build.site.registry, build.options, neighbours)
        context["story"] = view
    generated = build.pages.get(page.file.src_uri)
    if generated is not None:
        context["gw"] = generated.data
        # Who issues the ranking: the report's issuer, else the site's name (the printed page says so).
        context["gw_issuer"] = (build.settings.report.issuer or "").strip() or context["config"].site_name



def current_tab(nav: Any, page: Any) -> Any:
    """The top item of the nav whose tab is current on `page` when Material finds none (a page kept
    out of the nav): the one holding a page whose folder holds the page's address, the deepest such
    folder winning (`units/` for `units/anping/`), whichever place the page has in its section (a
    section's news page need not come first); tags and search under the news. None on the home
    page's address alone, an outside link or a page of the nav."""
    if nav is None or page is None or getattr(page, "url", None) is None or any(item.active for item in nav.items):
        return None
    url = page.url
    url = next((tab for folder, tab in _TAB_OF.items() if url.startswith(folder)), url)
    found, longest = None, 0
    for item in nav.items:
        for member in _pages_under(item):
            folder = member.url if member.url.endswith("/") else posixpath.dirname(member.url) + "/"
            if folder != "/" and url.startswith(folder) and len(folder) > longest:
                found, longest = item, len(folder)
    return found


def _pages_under(item: Any) -> Any:
    """The pages of a nav item and of its sections, in nav order."""
    if item.children:
        for child in item.children:
            yield from _pages_under(child)
    elif item.is_page and item.url is not None:
        yield item


class SharedParts:
    """Parts of the theme's pages that are the same on many of them, rendered once a build for each
    way they are shown (`gw_shared` in the templates): Material's navigation drawer costs 40% of a
    story page's rendering, and on a page kept out of the nav it differs only in its relative links.
    Those are the same on pages whose folders are siblings (`news/2024/05/a/` and `…/b/`) as long as
    no link of the nav points into either folder (`adapter.relative_base`); any other page (one of
    the nav, the home page) renders its own."""

    def __init__(self, nav: Any) -> None:
        self.targets = tuple(adapter.relative_base(url) for url in _nav_urls(nav.items)) if nav is not None else None
        self.html: dict[tuple[str, ...], Any] = {}

    def key(self, page: Any) -> tuple[str, ...] | None:
        if self.targets is None or page is None or getattr(page, "url", None) is None:
            return None
        base = adapter.relative_base(page.url)
        if base == "/" or any(target == base or target.startswith(base + "/") for target in self.targets):
            return None
        return (posixpath.dirname(base),)

    def render(self, name: str, page: Any, caller: Any) -> Any:
        key = self.key(page)
        if key is None:
            return caller()
        key = (name, *key)
        found = self.html.get(key)
        if found is None:
            found = self.html[key] = caller()
        return found


def _nav_urls(items: Any) -> Any:
    for item in items:
        url = getattr(item, "url", None)
        if isinstance(url, str) and "://" not in url:
            yield url
        yield from _nav_urls(getattr(item, "children", None) or ())
