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
    banners: tuple[str, ...] = ()  # the photos of `topics:`, shown through their renditions only
    report: ReportSettings | None = None  # the plugin's `report:` options, for `gwsite report`
    image_cache: Path | None = None  # where builds keep processed photos (see `project.image_cache_folder`)

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
        cache = ImageCache(self.image_cache or self.root / CACHE_DIR / "images", self.images)
        checked = uses.collect(site.stories, self.docs_dir, self.options.data_dir, cache,
                               shown=lambda src: shown_path(self.docs_dir / src, self.root),
                               progress=Progress("正在检查图片"), encode=False, news_dir=self.options.news_dir,
                               settings=self.named_images, renditions_only=self.banners)
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

    from .project import (banner_images, excluded_docs, image_cache_folder, image_settings, named_images, owner_files,
                          site_options)

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
        image_cache = image_cache_folder(config, plugin.config.images)
    except ConfigurationError as exc:
        raise Failure(f"{config_file} 有误：{exc}") from None
    return Project(root, Path(config.docs_dir).resolve(), site_options(plugin.config), images,
                   sanitize.Policy(plugin.config.video_hosts), (config.markdown_extensions, config.mdx_configs),
                   excluded_docs(config), owner_files(config, plugin.config.static_files),
                   tuple(named_images(config)), tuple(banner_images(plugin.config)),
                   report=plugin.config.report.settings(config.site_name), image_cache=image_cache)


config_option = click.option(
    "-f",
    "--config-file",
    default="mkdocs.yml",
    show_default=True,
    metavar="FILE",
    help="网站的 mkdocs.yml。",
)


# click's own words (usage, help, option errors) in Chinese: its modules call gettext's `_` and
# `ngettext`, swapped for these while a `gwsite` command runs.
_CLICK_ZH = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看用法。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing command.": "缺少命令。",
    "No such option {name!r}.": "没有选项 {name}。",
    "No such command {name!r}.": "没有命令 {name}。",
    "Did you mean {possibility}?": "是否为 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否为以下之一：{possibilities}？）",
    "Option {name!r} requires an argument.": "选项 {name} 后面要写一个值。",
    "Option {name!r} does not take a value.": "选项 {name} 不带值。",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的数字。",
    "{value} is not in the range {range}.": "{value} 不在 {range} 范围内。",
    "{value!r} is not {choice}.": "“{value}”不是 {choice}。",
    "{value!r} is not one of {choices}.": "“{value}”不是 {choices} 之一。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{name} {filename!r} does not exist.": "{name} {filename} 不存在。",
    "file": "文件", "directory": "目录", "path": "路径",
    "default: {default}": "默认：{default}", "required": "必填", "[OPTIONS]": "[选项]",
    "Aborted!": "已中止。",
}


class _Chinese(str):
    """A translated message; what click appends after it in English ("." at the end) is made Chinese."""

    def format(self, *args, **kwargs) -> str:
        text = str.format(self, *args, **kwargs)
        return text[:-1] + "。" if text.endswith(".") and not text.endswith("..") else text


def _zh(message: str) -> str:
    return _Chinese(_CLICK_ZH[message]) if message in _CLICK_ZH else message


def _nzh(singular: str, plural: str, n: int) -> str:
    return _zh(singular if n == 1 else plural)


# What click shows of a value's type in help (`--year INTEGER`), and its usage placeholders.
_METAVARS = re.compile(r"\b(TEXT|INTEGER|FLOAT)\b")
_METAVARS_ZH = {"TEXT": "文字", "INTEGER": "整数", "FLOAT": "数字"}


def _term_width(text: str) -> int:
    """Columns `text` takes in a terminal: a Chinese character takes two (click counts one)."""
    import unicodedata

    from click._compat import strip_ansi

    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in strip_ansi(text))


class _ChineseFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]...")
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(_METAVARS.sub(lambda m: _METAVARS_ZH[m[1]], first), second) for first, second in rows]
        super().write_dl(rows, col_max, col_spacing)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


EXIT_CODES = "退出码：0 通过；1 有错误或警告，或无法完成；2 用法错误（选项或参数写错）。"


class ChineseGroup(click.Group):
    """The `gwsite` group: click's usage, help and errors in Chinese for every subcommand."""

    def main(self, *args, **kwargs):
        import click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types

        modules = (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types)
        saved = [(module, module.__dict__.get("_"), module.__dict__.get("ngettext")) for module in modules]
        formatter_class, click.Context.formatter_class = click.Context.formatter_class, _ChineseFormatter
        term_len, click.formatting.term_len = click.formatting.term_len, _term_width
        for module in modules:
            module._ = _zh
            if "ngettext" in module.__dict__:
                module.ngettext = _nzh
        try:
            return super().main(*args, **kwargs)
        finally:
            click.Context.formatter_class = formatter_class
            click.formatting.term_len = term_len
            for module, gettext, ngettext in saved:
                module._ = gettext
                if ngettext is not None:
                    module.ngettext = ngettext

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_epilog(ctx, formatter)
        formatter.write_paragraph()
        formatter.write_text(EXIT_CODES)
