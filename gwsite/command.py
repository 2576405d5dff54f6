"""What every `gwsite` command shares: the project read from `mkdocs.yml` as a build reads it, and
the one way a command fails (a Chinese message, exit 1)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from dataclasses import dataclass
from typing import Any, Callable
from pathlib import Path

import click

from .content import pagemeta
from .imaging import uses
from .build import sanitize
from .imaging.cache import ImageCache
from .imaging.records import ImageSettings
from .content.story import SiteOptions
from .ranking.report import ReportSettings
from .content.values import without_control_chars
from .problems import Problem, printable
from .progress import Progress
from .content.loading import Site, build_now, image_paths, load_site, shown_path, unpublishable_files

CACHE_DIR = ".cache/gwsite"  # beside mkdocs.yml, like Material's own caches


class Failure(click.ClickException):
    """A problem the user caused: a Chinese message and exit code 1."""

    def show(self, file=None) -> None:
        click.echo(printable(f"错误：{self.message}"), err=True)


@dataclass
class Project:
    root: Path  # the folder of mkdocs.yml
    docs_dir: Path
    options: SiteOptions
    images: ImageSettings
    policy: sanitize.Policy
    markdown: tuple[list[Any], dict[str, Any]]  # the site's Markdown extensions and their settings
    excluded: Callable[[str], bool]  # MkDocs' exclude_docs: files it never publishes
    owned: frozenset[str]  # files mkdocs.yml names, published as they are
    named_images: tuple[str, ...] = ()  # what mkdocs.yml names photos with: logo, favicon, `extra:`
    report: ReportSettings | None = None  # the plugin's `report:` options, for `gwsite report`

    def now(self) -> dt.datetime:
        """The build's "now": `SOURCE_DATE_EPOCH` when set, else the clock."""
        try:
            return build_now(self.options.timezone)
        except ValueError as error:
            raise Failure(str(error)) from None

    def load(self, now: dt.datetime | None = None) -> Site:
        now = now or self.now()
        return load_site(self.docs_dir, self.options, now, root=self.root, cache_dir=self.root / CACHE_DIR)

    def image_problems(self, site: Site) -> list[Problem]:
        """The photos' problems, as a build would find them; images already built are not decoded again."""
        cache = ImageCache(self.root / CACHE_DIR / "images", self.images)
        checked = uses.collect(site.stories, self.docs_dir, self.options.data_dir, cache,
                               shown=lambda src: shown_path(self.docs_dir / src, self.root),
                               progress=Progress("正在检查图片"), encode=False, news_dir=self.options.news_dir,
                               settings=self.named_images)
        return checked.problems

    def file_problems(self, site: Site) -> list[Problem]:
        """Files in docs_dir of a type the site does not publish, as the build refuses them."""
        return unpublishable_files(self.docs_dir, self.options, lambda src: shown_path(self.docs_dir / src, self.root),
                                   self.excluded, self.owned, image_paths(site.stories))

    def html_problems(self, site: Site) -> list[Problem]:
        """What the sanitiser would remove from each published story's body and each other page of
        docs_dir, as the build warns of it. Only bodies that could hold such HTML are converted,
        with the site's own extensions."""
        import markdown
        from mkdocs.utils.meta import get_data

        converter = markdown.Markdown(extensions=self.markdown[0], extension_configs=self.markdown[1])
        problems = []
        # A draft is not rendered, so the build says nothing of it either. A page's front-matter
        # is cut as MkDocs cuts it (YAML, or MultiMarkdown's `Key: value` lines).
        bodies = [(self.docs_dir / story.src, sanitize.body) for story in site.stories if not story.draft]
        bodies += [(path, lambda text: get_data(text)[0])
                   for path in pagemeta.page_files(self.docs_dir, (self.options.news_dir, self.options.data_dir))]
        for path, body in bodies:
            try:
                text = without_control_chars(path.read_text(encoding="utf-8-sig"))
            except (OSError, UnicodeDecodeError):
                continue  # already reported by the story's own check, or by MkDocs for a page
            if not sanitize.might_remove(text):
                continue
            removals = sanitize.unsafe(converter.reset().convert(body(text)), self.policy)
            if removals:
                problems.append(sanitize.warning(shown_path(path, self.root), text, removals))
        return problems

    def shown(self, path: Path) -> str:
        return shown_path(Path(os.path.abspath(path)), Path.cwd())  # a symbolic link is named, not followed


# How MkDocs names the option a message is about: "Config value 'plugins': Plugin 'gwsite' option
# 'report': Sub-option 'date': …".
_MKDOCS_OPTION = re.compile(
    r"Config value '([^']+)': (?:Plugin '([^']+)' option '([^']+)': )?((?:Sub-option '[^']+': )*)")


def _compose(path: Path):
    """mkdocs.yml as YAML nodes (with their lines), or None when it cannot be read as YAML."""
    import yaml

    try:
        return yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def _key_line(path: Path, keys: list[str]) -> int | None:
    """The line of the deepest of `keys` (plugins → gwsite → report → date) written in the file;
    a plugin is an item of the `plugins` list, alone (- gwsite) or with its options (- gwsite: …)."""
    import yaml

    node, line = _compose(path), None
    for key in keys:
        found = None
        items = node.value if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) else []
        for item in items:
            if isinstance(item, yaml.ScalarNode):  # a list's item named alone
                if item.value == key:
                    found = (item, None)
                continue
            pairs = [item] if isinstance(node, yaml.MappingNode) else (
                item.value if isinstance(item, yaml.MappingNode) else [])
            for name, value in pairs:
                if isinstance(name, yaml.ScalarNode) and name.value == key:
                    found = (name, value)
        if found is None:
            break
        line, node = found[0].start_mark.line + 1, found[1]
    return line


def config_message(path: Path, shown: str, message: str) -> str:
    """A message of MkDocs about an option as every gwsite message reads: `mkdocs.yml:44:
    plugins.gwsite.report.date: 说明`, the option named by its keys and its line, not in English."""
    match = _MKDOCS_OPTION.match(message)
    if match is None:
        return message
    keys = [match[1], *(k for k in (match[2], match[3]) if k), *re.findall(r"Sub-option '([^']+)'", match[4])]
    line = _key_line(path, keys)
    where = f"{shown}:{line}" if line is not None else shown
    return f"{where}: {'.'.join(keys)}: {message[match.end():]}"


def bad_date(path: Path) -> str | None:
    """The first date of mkdocs.yml that YAML reads as a date but is none (2025-13-01), as a message:
    PyYAML stops at it with Python's own English ValueError."""
    import yaml

    loader = yaml.SafeLoader("")
    pending = [(_compose(path), "")]
    while pending:
        node, key = pending.pop(0)
        if isinstance(node, yaml.MappingNode):
            pending.extend((value, f"{key}.{name.value}".lstrip(".")) for name, value in node.value
                           if isinstance(name, yaml.ScalarNode))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend((item, key) for item in node.value)
        elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:timestamp":
            try:
                loader.construct_yaml_timestamp(node)
            except ValueError:
                return f"{node.start_mark.line + 1}: {key}: 日期“{node.value}”无效，应为 2025-12-31 这样的有效日期"
    return None


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []  # errors
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        (self.messages if record.levelno >= logging.ERROR else self.warnings).append(record.getMessage())


_UNKNOWN_OPTION = re.compile(r"Unrecognised configuration name: (.*)")


def config_warning(path: Path, shown: str, message: str) -> str:
    """A warning of MkDocs about mkdocs.yml as gwsite words it; a misspelt option (`comend:`) would
    otherwise be left out without a word, and the report made with the option's default."""
    match = _MKDOCS_OPTION.match(message)
    start = match.end() if match else 0
    detail = message[start:]
    unknown = _UNKNOWN_OPTION.fullmatch(detail)
    if unknown:
        detail = f"未知的设置“{unknown[1]}”，已忽略；请检查拼写（mkdocs build --strict 会因此停止）"
    return config_message(path, shown, f"{message[:start]}警告：{detail}")


def load_project(config_file: str) -> Project:
    """Read `mkdocs.yml` through MkDocs itself, so the plugin's options are validated exactly as in a build."""
    from mkdocs.config import load_config

    from mkdocs.exceptions import ConfigurationError

    from .project import excluded_docs, image_settings, named_images, owner_files, site_options

    path = Path(config_file)
    if not path.is_file():
        raise Failure(f"找不到配置文件 {config_file}；请在网站目录（有 mkdocs.yml 的目录）中运行，或用 -f 指定")
    # MkDocs logs what is wrong with a config, then raises a bare "Aborted": keep the log.
    mkdocs_log = logging.getLogger("mkdocs")
    collected = _Collect()
    mkdocs_log.addHandler(collected)
    mkdocs_log.propagate, propagate = False, mkdocs_log.propagate
    try:
        config = load_config(str(path))
    except Exception as exc:  # MkDocs' Abort, a YAML error in mkdocs.yml, a missing theme, …
        if collected.messages:
            messages = [config_message(path, config_file, message) for message in collected.messages]
            if all(message.startswith(config_file + ":") for message in messages):
                raise Failure("\n".join(messages)) from None
            raise Failure(f"{config_file} 有误：{'；'.join(messages)}") from None
        date = bad_date(path) if isinstance(exc, ValueError) else None
        raise Failure(f"{config_file}:{date}" if date else f"{config_file} 有误：{exc}") from None
    finally:
        mkdocs_log.removeHandler(collected)
        mkdocs_log.propagate = propagate
    for message in collected.warnings:
        click.echo(printable(config_warning(path, config_file, message)), err=True)
    plugin = config.plugins.get("gwsite")
    if plugin is None:
        raise Failure(f"{config_file} 没有启用 gwsite 插件，请在 plugins 中加入 - gwsite")
    root = path.resolve().parent
    try:
        images = image_settings(plugin.config.images)
    except ConfigurationError as exc:
        raise Failure(f"{config_file} 有误：{exc}") from None
    return Project(root, Path(config.docs_dir).resolve(), site_options(plugin.config), images,
                   sanitize.Policy(plugin.config.video_hosts), (config.markdown_extensions, config.mdx_configs),
                   excluded_docs(config), owner_files(config, plugin.config.static_files), tuple(named_images(config)),
                   report=plugin.config.report.settings(config.site_name))


config_option = click.option(
    "-f",
    "--config-file",
    default="mkdocs.yml",
    show_default=True,
    metavar="FILE",
    help="网站的 mkdocs.yml。",
)
