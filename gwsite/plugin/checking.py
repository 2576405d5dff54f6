"""Before MkDocs cleans `site/`: read every story, process its photos, collect every problem, and
stop the build with one message if any is an error, so a bad story never leaves the site half-written."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path

from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError, PluginError
from mkdocs.plugins import get_plugin_logger

from ..config import GwsiteConfig, site_file, site_link
from ..content.loading import Site, build_now, image_paths, load_site, shown_path, unpublishable_files
from ..imaging import uses
from ..imaging.cache import ImageCache
from ..problems import Problem, Severity
from ..ranking import issued_changes, issued_file
from ..progress import Progress
from ..project import banner_images, excluded_docs, named_images, owner_files
from . import adapter
from .reporting import error_summary, report
from .state import BuildState

log = get_plugin_logger(__name__)


class ContentErrors(PluginError):
    """The check found errors in the site's content: the build stops before it writes anything.
    Under `mkdocs serve` the preview shows them as a page instead (see `errorpage`)."""

    def __init__(self, errors: list[Problem], serving: bool = False) -> None:
        super().__init__(error_summary(errors, serving))
        self.problems = tuple(sorted(errors, key=lambda p: (p.path, p.line, p.field)))


def check_feed_options(settings: GwsiteConfig, config: MkDocsConfig) -> None:
    """The `feeds:` options, and the `site_url` feeds need: a Chinese configuration error."""
    feed_config = settings.feeds
    if not feed_config.enabled:
        return
    if feed_config.items < 1:
        raise ConfigurationError(f"gwsite 的 feeds: items 应为正整数（每个订阅源的稿件篇数），不是 {feed_config.items}")
    if not config.site_url:
        raise ConfigurationError(
            "生成订阅源（RSS/Atom）需要网站的正式网址：请在 mkdocs.yml 中写 site_url，"
            "如 site_url: https://www.example.cn/；不需要订阅源时，在 gwsite 插件下写 feeds: {enabled: false}"
        )


def check_theme_addresses(config: MkDocsConfig) -> None:
    """The addresses mkdocs.yml gives the theme, which its templates write into every page as they
    are: the logo and the favicon are files of the site (a reader's browser reaches no other host),
    the home link and the social links are pages of the site or http(s) addresses (never
    `javascript:`, nor a quote that would end the attribute); the icons it names exist. A Chinese
    configuration error."""
    extra = config.extra if isinstance(config.extra, Mapping) else {}  # MkDocs' own Config, not a dict
    socials = extra.get("social")
    analytics = extra.get("analytics")
    if analytics:
        provider = analytics.get("provider") if isinstance(analytics, Mapping) else analytics
        raise ConfigurationError(f"mkdocs.yml 中 extra 的 analytics（{provider}）会让每个页面从其他网站加载统计脚本，"
                                 "读者的浏览器不应访问其他网站；请删去")
    try:
        for key, example in (("logo", "images/logo.png"), ("favicon", "images/favicon.png")):
            if config.theme.get(key) is not None:
                site_file(config.theme[key], f"mkdocs.yml 中 theme 的 {key} ", example)
        if extra.get("homepage") is not None:
            site_link(extra["homepage"], "mkdocs.yml 中 extra 的 homepage ")
        for social in socials if isinstance(socials, list) else []:
            if isinstance(social, Mapping) and "link" in social:
                site_link(social["link"], "mkdocs.yml 中 extra 的 social 链接")
    except ValidationError as error:
        raise ConfigurationError(str(error)) from None
    icons = config.theme.get("icon")
    for key, name in (icons.items() if isinstance(icons, Mapping) else ()):
        # The theme includes `.icons/<name>.svg` as a template: a name it lacks stops the build with a traceback.
        if isinstance(name, str) and name and not _theme_icon(config, name):
            raise ConfigurationError(f"mkdocs.yml 中 theme 的 icon.{key} 应为主题自带图标的名称，"
                                     f"如 material/school 或 fontawesome/solid/house，不是 “{name}”")


_PLAIN = re.compile(r'[<>"\x00-\x08\x0b\x0c\x0e-\x1f\x7f]')
# What the copyright line (HTML, as Material documents it) may hold: text, links and emphasis.
_COPYRIGHT_TAGS = {"a": {"href", "title"}, "br": set(), "span": set(), "strong": set(), "em": set(), "b": set(),
                   "i": set(), "small": set()}


class _CopyrightMarkup(HTMLParser):
    """The first tag or attribute of a copyright line that is not allowed, as written."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)  # text as written: a "<" in it is markup left unfinished
        self.source = source
        self.refused: str | None = None
        self.feed(source)
        self.close()

    def handle_data(self, data: str) -> None:
        if "<" in data and self.refused is None:  # an unclosed comment or tag would swallow the rest of the page
            line, column = self.getpos()
            start = sum(len(text) for text in self.source.splitlines(keepends=True)[:line - 1]) + column
            self.refused = self.source[start + data.index("<"):].strip()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        allowed = _COPYRIGHT_TAGS.get(tag)
        if self.refused is not None:
            return
        if allowed is None or any(name not in allowed for name, _ in attrs):
            self.refused = self.get_starttag_text() or f"<{tag}>"
            return
        for name, value in attrs:
            if name == "href":
                try:
                    site_link(value or "", "")
                except ValidationError:
                    self.refused = self.get_starttag_text() or f"<{tag}>"

    def handle_endtag(self, tag: str) -> None:
        if tag not in _COPYRIGHT_TAGS:  # </div></footer> would close the theme's own elements
            self.refused = self.refused or f"</{tag}>"

    def handle_comment(self, data: str) -> None:
        self.refused = self.refused or f"<!--{data}-->"

    def unknown_decl(self, data: str) -> None:
        self.refused = self.refused or f"<![{data}]>"


def check_site_texts(config: MkDocsConfig) -> None:
    """The site's name, description and author are text the theme writes into every page as HTML,
    unescaped (<title>, <meta>, the drawer): no markup; the copyright line is HTML by design, limited
    to text, http(s) links and emphasis. A Chinese configuration error."""
    for key in ("site_name", "site_description", "site_author"):
        value = config.get(key)
        if isinstance(value, str) and _PLAIN.search(value):
            raise ConfigurationError(f"mkdocs.yml 中的 {key} 应为纯文字，不能含 < > \" 和看不见的控制字符"
                                     f"（主题会把它原样写进每个页面的代码），不是 “{value}”")
    copyright = config.get("copyright")
    if isinstance(copyright, str):
        parser = _CopyrightMarkup(copyright)
        if parser.refused is not None:
            raise ConfigurationError(f"mkdocs.yml 中的 copyright 只能含文字、<br>、<strong> 等强调和指向本站页面或 http(s) 网址的"
                                     f"链接 <a href=\"https://…\">，不能含 {parser.refused}")


def drop_web_fonts(config: MkDocsConfig) -> None:
    """Material's Google Fonts off (see `adapter.no_web_fonts`); a font the site named itself is a
    warning, since the setting no longer does anything."""
    named = adapter.no_web_fonts(config)
    if named is not None:
        named = "、".join(map(str, named.values())) if isinstance(named, Mapping) else named
        log.warning(f"mkdocs.yml 中 theme 的 font（{named}）会让每个页面从 Google Fonts（fonts.googleapis.com）"
                    "加载字体：门户使用 gwsite 的中文字体，这个设置不起作用；请改为 font: false")


def _theme_icon(config: MkDocsConfig, name: str) -> bool:
    """Whether `name` is an icon of the theme (or of the site's `custom_dir`): `.icons/<name>.svg` in its folders."""
    parts = name.split("/")
    if not name or any(part in ("", ".", "..") or "\\" in part for part in parts):
        return False
    return any((Path(folder) / ".icons" / f"{name}.svg").is_file() for folder in config.theme.dirs)


def is_page(target: str) -> bool:
    """A link target that names a Markdown page in docs_dir, not a web address or a site path."""
    return "://" not in target and target.endswith(".md")


def build_time(build: BuildState) -> dt.datetime:
    """The build's "now": `SOURCE_DATE_EPOCH` when set, else the clock."""
    try:
        return build_now(build.options.timezone)
    except ValueError as error:
        raise PluginError(str(error)) from None


def load_checked_site(build: BuildState, config: MkDocsConfig, now: dt.datetime, cache: Path) -> Site:
    """The site's stories and photos, every problem reported; a `PluginError` if any is an error."""
    root = Path(config.config_file_path).parent if config.config_file_path else None
    docs_dir = Path(config.docs_dir).resolve()
    site = load_site(docs_dir, build.options, now, root=root, cache_dir=cache,
                     progress=Progress("正在读取稿件", at_least=200))
    build.image_cache = ImageCache(build.image_cache_dir or cache / "images", build.image_settings, build.verifier)
    shown_root = (root or docs_dir.parent).resolve()
    build.project_root = shown_root
    build.docs_dir = docs_dir
    build.shown_story = lambda src: shown_path(docs_dir / src, shown_root)
    process_images(build, config, site)
    build.owned = owner_files(config, build.settings.static_files)
    problems = site.problems + build.images.problems + unpublishable_files(
        docs_dir, build.options, build.shown_story, excluded_docs(config), build.owned, image_paths(site.stories))
    problems += read_issued(build, site, docs_dir, shown_root)
    report(problems)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise ContentErrors(errors, serving=build.session.serving)
    for title, target in build.settings.links:
        if is_page(target) and not (Path(config.docs_dir) / target.lstrip("/")).is_file():
            raise PluginError(f"mkdocs.yml 中 gwsite 的 links：“{title}”指向的 {target} 在 docs_dir 中不存在")
    check_topics(build, site)
    return site


def check_topics(build: BuildState, site: Site) -> None:
    """Each topic's banner is a photo of docs_dir the image pipeline accepted; each story file it
    lists is a story of the site. A topic that gathers no published story (a tag no story has, a
    misspelt one, only drafts) is a warning: the home page leaves it out rather than show a banner
    to an empty page."""
    stories = {story.src for story in site.stories}
    published = site.published
    for topic in build.settings.topics:
        name = f"mkdocs.yml 中 gwsite 的 topics：专题“{topic.id}”"
        outcome = build.images.outcomes.get(topic.banner)
        if outcome is None:
            raise PluginError(f"{name}的 banner {topic.banner} 不是 docs_dir 中的图片文件")
        if outcome.processed is None:
            raise PluginError(f"{name}的 banner {topic.banner} 无法使用：{outcome.error}")
        for path in topic.stories:
            if path not in stories:
                raise PluginError(f"{name}的 stories 中的 {path} 不是 docs_dir 中的稿件（应为 {build.options.news_dir}/ 下的 .md 文件）")
        if not any(topic.holds(story) for story in published):
            why = f"没有已发布的稿件带标签“{topic.tag}”" if topic.tag is not None else "stories 中的稿件都是草稿"
            log.warning(f"{name}没有收录任何稿件：{why}；首页不显示这个专题")


def read_issued(build: BuildState, site: Site, docs_dir: Path, root: Path) -> list[Problem]:
    """The issued periods' files (kept for the ranking pages), their errors, and a notice for each
    unit whose numbers changed since its period was issued."""
    data_dir = docs_dir / build.options.data_dir
    build.issued, problems = issued_file.read_all(data_dir, shown_path(data_dir, root))
    for state in issued_changes.apply(build.issued, site.stories, site.registry).values():
        problems += issued_changes.notices(state)
    return problems


def process_images(build: BuildState, config: MkDocsConfig, site: Site) -> None:
    """Every photo the stories use, processed into its renditions (or taken from the image cache)."""
    assert build.image_cache is not None and build.docs_dir is not None
    started = time.perf_counter()
    build.images = uses.collect(site.stories, build.docs_dir, build.options.data_dir, build.image_cache,
                                shown=build.shown_story, progress=Progress("正在处理图片"),
                                news_dir=build.options.news_dir, settings=named_images(config),
                                renditions_only=banner_images(build.settings))
    build.image_cache.prune({o.processed.key for o in build.images.outcomes.values() if o.processed})
    if build.images.outcomes:
        log.info(f"图片：{len(build.images.outcomes)} 张，新处理 {build.image_cache.rendered} 张，"
                 f"用时 {time.perf_counter() - started:.2f} 秒")
