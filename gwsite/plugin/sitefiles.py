"""The site's files as MkDocs will publish them: stories at their URLs and out of the nav, what is
never published left out, photos as their renditions, gwsite's assets and generated pages added;
each page's date for the sitemap."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from ..config import GwsiteConfig
from ..content.loading import RASTER_SUFFIXES, unpublishable
from ..imaging.records import OUTPUT_DIR
from ..problems import Problem
from ..views.story import story_updated
from .adapter import LinkedFile, link_from_cache, move
from .checking import ContentErrors, is_page
from .reporting import report
from .state import BuildState

log = get_plugin_logger(__name__)

ASSETS = Path(__file__).parent.parent / "assets"
STYLESHEET = "assets/gwsite/gwsite.css"
SCRIPT = "assets/gwsite/gwsite.js"  # the 长者模式 switch
FAVICON = "assets/gwsite/favicon.png"  # unless the site names its own `theme.favicon`
VIDEO_SCRIPT = "assets/gwsite/video.js"  # only on the stories that show a video (story.html)


def in_docs(file: File, config: MkDocsConfig) -> bool:
    """A file of docs_dir, not of the theme (Material's assets, `custom_dir`) nor made by a plugin."""
    return file.generated_by is None and file.src_dir is not None and \
        os.path.normpath(file.src_dir) == os.path.normpath(config.docs_dir)


def place_stories(build: BuildState, files: Files, config: MkDocsConfig) -> None:
    """Keep `_data/`, drafts and files of any type not published (see `loading.unpublishable`, an
    error before the build) out of the site; give each story its URL; keep stories out of the nav."""
    data_prefix = f"{build.options.data_dir}/"
    news_prefix = f"{build.options.news_dir}/"
    owned = build.owned
    for file in list(files):
        if file.src_uri.startswith(data_prefix):
            files.remove(file)
        elif in_docs(file, config) and unpublishable(file.src_uri, build.options.news_dir, owned):
            files.remove(file)
        elif file.src_uri.startswith(news_prefix) and file.is_documentation_page():
            story = build.stories.get(file.src_uri)
            if story is None or story.draft:
                files.remove(file)
                continue
            move(file, f"{story.url}index.html")
            file.inclusion = InclusionLevel.NOT_IN_NAV


def link_assets(settings: GwsiteConfig, config: MkDocsConfig) -> None:
    """gwsite's stylesheet and script on every page (see `add_assets`)."""
    if STYLESHEET not in config.extra_css:
        # First, so that a site's own extra_css can override it.
        config.extra_css.insert(0, STYLESHEET)
    if SCRIPT not in config.extra_javascript:
        config.extra_javascript.append(SCRIPT)
    if settings.search:
        if "search" in config.plugins or "material/search" in config.plugins:
            log.info("mkdocs.yml 同时启用了 search 插件：每个页面都会下载整站全文索引，"
                     "稿件多时手机上很慢；gwsite 已提供站内搜索，可从 plugins 中删去 search")


def add_assets(build: BuildState, files: Files, config: MkDocsConfig) -> None:
    """gwsite's stylesheet and script, its video script where the site uses it, and its icon unless
    the site has its own."""
    files.append(File.generated(config, STYLESHEET, abs_src_path=str(ASSETS / "gwsite.css")))
    files.append(File.generated(config, SCRIPT, abs_src_path=str(ASSETS / "gwsite.js")))
    if build.settings.video_hosts:
        files.append(File.generated(config, VIDEO_SCRIPT, abs_src_path=str(ASSETS / "video.js")))
    if config.theme["favicon"] == FAVICON:
        files.append(File.generated(config, FAVICON, abs_src_path=str(ASSETS / "favicon.png")))


def add_generated(build: BuildState, files: Files, config: MkDocsConfig) -> None:
    """gwsite's listings, rankings, unit and topic pages, and the data files they offer for download.
    A file of docs_dir published where one of them goes (content/topics/index.md, content/ranking.md)
    would be replaced by it without a word: that is an error naming the file."""
    if build.generated is None:
        return
    own = {file.dest_uri: file for file in files if in_docs(file, config)}
    added: list[tuple[File, str]] = []
    for page in build.generated.pages:
        file = File.generated(config, page.src, content=page.markdown())
        if not page.in_nav:
            file.inclusion = InclusionLevel.NOT_IN_NAV
        added.append((file, f"页面“{page.title}”"))
    for data in build.generated.files:
        added.append((File.generated(config, data.dest, content=data.content), f"文件 {data.dest}"))
    clashes = [Problem(build.shown_story(own[file.dest_uri].src_uri), 1, "文件",
                       f"与网站自动生成的{what}发布在同一网址（{file.url or '/'}），会被它取代而不会发布；请改名或移到别的文件夹")
               for file, what in added if file.dest_uri in own]
    if clashes:
        report(clashes)
        raise ContentErrors(clashes, serving=build.session.serving)
    for file, _ in added:
        files.append(file)


def quick_link(title: str, target: str, files: Files) -> dict[str, str]:
    """A home-page link from `links:`; a Markdown page becomes its URL in the built site."""
    file = files.get_file_from_path(target.lstrip("/")) if is_page(target) else None
    return {"title": title, "url": file.url if file else target.lstrip("/")}


def place_images(build: BuildState, files: Files, config: MkDocsConfig) -> None:
    """Photos are never copied as they are: each file becomes its widest JPEG rendition, so that
    every link MkDocs resolves to it lands there; the other renditions join the site beside it.
    An image used outside stories only, by a page or a setting, also keeps a cleaned copy at its own
    path (for a logo named in mkdocs.yml; a topic's banner is shown through its renditions alone); an image file with no processed outcome (refused, or used by nothing and so never
    decoded) is not published at all."""
    if build.image_cache is None:
        return
    entry = build.image_cache.entry
    images = build.images
    written: set[str] = set()
    for file in list(files):
        path = file.src_uri
        outcome = images.outcomes.get(path)
        if path in images.hidden or path in images.unused or (outcome is not None and outcome.processed is None):
            files.remove(file)  # only a draft uses it, nothing does, or it was refused (and reported)
            continue
        if outcome is None or outcome.processed is None:
            if in_docs(file, config) and posixpath.splitext(path)[1].lower() in RASTER_SUFFIXES:
                files.remove(file)  # never copied as it is: a ".jpg" may hold HTML
            continue
        image = outcome.processed
        link_from_cache(file, str(entry(image.key) / f"{image.width}.jpg"))
        move(file, image.largest)
        written.add(image.largest)
        if image.copy and path in images.copied:
            copy = LinkedFile.generated(config, f"{OUTPUT_DIR}/copies/{path}",
                                        abs_src_path=str(entry(image.key) / image.copy))
            move(copy, path)
            files.append(copy)
    add_renditions(build, files, config, written)


def add_renditions(build: BuildState, files: Files, config: MkDocsConfig, written: set[str]) -> None:
    """Every rendition of every processed photo not `written` into the site yet, linked from the cache."""
    assert build.image_cache is not None
    for outcome in build.images.outcomes.values():
        image = outcome.processed
        if image is None:
            continue
        for name, dest in image.files():
            if dest not in written:
                written.add(dest)
                files.append(LinkedFile.generated(config, dest,
                                                  abs_src_path=str(build.image_cache.entry(image.key) / name)))


def date_pages(build: BuildState, files: Files) -> None:
    """Each page's `lastmod` in the sitemap (and so the sitemap.xml.gz header's time) from the
    content, not from the clock as MkDocs would: a story's date or its newest placement's, a
    generated page's newest story, any other page the newest of the site. Without a published
    story there is no date to take, and MkDocs' (SOURCE_DATE_EPOCH or today) stays."""
    if build.site is None or build.generated is None:
        return
    newest = max((story_updated(story) for story in build.site.published), default=None)
    if newest is None:
        return
    for file in files.documentation_pages():
        if file.page is None:
            continue
        story = build.stories.get(file.src_uri)
        generated = build.pages.get(file.src_uri)
        if story is not None:
            day = story_updated(story)
        elif generated is not None and generated.updated is not None:
            day = generated.updated
        else:
            day = newest
        file.page.update_date = f"{day:%Y-%m-%d}"
