"""The `gwsite` command: `check`, `new` (and, as the office needs them, more)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable
from pathlib import Path

import click

from .content import pagemeta
from .imaging import uses
from .build import sanitize
from .imaging.cache import ImageCache
from .imaging.records import ImageSettings
from .content.registry import UnknownUnit, find_unit
from .content.story import SiteOptions, story_url
from .content.values import DATE_EXPECTED, parse_datetime, path_slug, without_control_chars
from .problems import Problem, Severity, condense, count, printable
from .progress import Progress
from .files import write_atomically
from .content.loading import Site, build_now, image_paths, load_site, shown_path, unpublishable_files

if TYPE_CHECKING:
    from .ranking.tally import Ranking

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


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


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
        detail = "；".join(collected.messages) or str(exc)
        raise Failure(f"{config_file} 有误：{detail}") from None
    finally:
        mkdocs_log.removeHandler(collected)
        mkdocs_log.propagate = propagate
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
                   excluded_docs(config), owner_files(config, plugin.config.static_files), tuple(named_images(config)))


config_option = click.option(
    "-f",
    "--config-file",
    default="mkdocs.yml",
    show_default=True,
    metavar="FILE",
    help="网站的 mkdocs.yml。",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gwsite")
def main() -> None:
    """gwsite：关工委新闻宣传网站工具。"""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="有警告也视为不通过（退出码 1）。")
@config_option
def check(paths: tuple[Path, ...], strict: bool, config_file: str) -> None:
    """检查稿件和名录（content/_data/），逐条列出问题。

    不给 PATHS 时检查全部稿件；给出文件或目录时只列出其中稿件的问题（名录的问题总会列出）。
    """
    for path in paths:
        if not path.exists():
            raise click.UsageError(printable(f"路径不存在：{path}"))
    project = load_project(config_file)
    site = project.load()
    data_dir = (project.docs_dir / project.options.data_dir).resolve()
    selected = [path.resolve() for path in paths]

    def wanted(shown: str) -> bool:
        target = (project.root / shown).resolve()
        if target.is_relative_to(data_dir) or not selected:
            return True
        return any(target == sel or target.is_relative_to(sel) for sel in selected)

    problems = sorted((p for p in site.problems + project.file_problems(site) + project.image_problems(site) + project.html_problems(site)
                       + issued_state(project, site)[1]
                       if wanted(p.path) or (p in site.partners and wanted(site.partners[p]))),
                      key=lambda p: (p.path, p.line, p.field, p.message))
    listed, rest = condense(problems)  # each kind of notice once: a pending outlet in 5,000 stories is one line
    for problem in listed:
        click.echo(str(dataclasses.replace(problem, path=project.shown(project.root / problem.path))))
    if rest is not None:
        click.echo(rest)

    stories = sum(1 for s in site.stories if wanted(shown_path(project.docs_dir / s.src, project.root)))
    errors, warnings = count(problems, Severity.ERROR), count(problems, Severity.WARNING)
    notices = count(problems, Severity.NOTICE)
    if problems:
        click.echo(f"共 {errors} 处错误，{warnings} 处警告，{notices} 条提示（有效稿件 {stories} 篇）")
    else:
        click.echo(f"检查通过：{stories} 篇稿件，名录无误")
    if errors or (strict and warnings):
        raise SystemExit(1)


TEMPLATE = """\
---
# 稿件信息：每行“字段: 值”，英文冒号后留一个空格；缩进用空格，不要用 Tab 键。
# 以 # 开头的行是说明，不会发布；需要某一项时，删去行首的 # 并填写。
标题: {title}
日期: {date}            # 活动或发稿日期，也可写时间，如 2024-03-15 14:30
单位: {unit}
作者: []                # 通讯员姓名，如 [张明, 李红]
栏目: {category}        # 可选：{categories}
标签: []                # 如 [五老宣讲, 关爱留守儿童]
# 摘要: 一两句话概括稿件；不写则自动取正文第一段
# 封面: ../../images/{year}/照片.jpg     # 封面照片，路径相对于本文件
# 联合单位: [某某关工委]                # 联合报送时填写，各单位平分得分
刊用: []
# 稿件被外部媒体刊用后，删去上一行的 []，按下面的格式逐条登记：
# 刊用:
#   - 媒体: 青州日报      # 媒体名录中的名称；名录中没有的，由办公室核定后计分
#     级别: 市级          # 中央级、省级、市级、县级
#     日期: {date_only}    # 媒体刊发的日期
#     类型: 文字          # 文字、图片、视频、转载
#     版面: 头版          # 可选
#     链接: https://      # 可选，网络媒体的文章网址
---

<!-- 在下面写正文（写好后可删去这一行）。第一段请交代时间、地点、人物和事件。 -->
"""


@main.command()
@click.option("--unit", "unit_name", required=True, help="报送单位，units.yml 中登记的名称。")
@click.option("--title", required=True, help="稿件标题。")
@click.option("--date", "date_text", default=None, help="日期，如 2024-03-15 或 2024-03-15 14:30；默认今天。")
@config_option
def new(unit_name: str, title: str, date_text: str | None, config_file: str) -> None:
    """按模板新建一篇稿件，打印它的路径。"""
    project = load_project(config_file)
    options = project.options
    now = dt.datetime.now(options.timezone)
    site = project.load(now)
    registry = site.registry

    try:
        unit = find_unit(registry, unit_name).item
    except UnknownUnit as unknown:
        raise Failure(str(unknown)) from None
    title = " ".join(title.split())
    if not title:
        raise Failure("标题不能为空")

    if date_text is None:
        date, date_shown = now, f"{now:%Y-%m-%d}"
    else:
        date = parse_datetime(date_text, options.timezone)
        if date is None:
            raise Failure(f"--date {DATE_EXPECTED}，不是“{date_text}”")
        if date > now:
            raise Failure(f"日期 {date_text} 晚于现在，不能新建将来的稿件")
        date_shown = date_text.strip()

    folder = project.docs_dir / options.news_dir / f"{date:%Y}"
    taken = {story.url for story in site.stories}
    stem = f"{date:%Y-%m-%d}-{unit.id}"
    for number in range(1, 1000):
        name = stem if number == 1 else f"{stem}-{number}"
        path = folder / f"{name}.md"
        src = path.relative_to(project.docs_dir).as_posix()
        url = story_url(date, path_slug(src))
        if not path.exists() and url not in taken:
            break
    folder.mkdir(parents=True, exist_ok=True)
    text = TEMPLATE.format(
        title=json.dumps(title, ensure_ascii=False),
        date=date_shown,
        date_only=f"{date:%Y-%m-%d}",
        year=f"{date:%Y}",
        unit=unit.name,
        category=options.categories[0].name,
        categories="、".join(cat.name for cat in options.categories),
    )
    with open(path, "x", encoding="utf-8", newline="\n") as out:
        out.write(text)
    click.echo(printable(project.shown(path)))


@main.command()
@click.option("--year", type=int, default=None, help="统计年度，如 2024；默认为有刊用记录的最近一年。")
@click.option("--period", "period_text", default=None, help="统计期：年 2024、季度 2024Q2、月 2024-05，或累计期 2025-01..2025-09、2025Q1..2025Q3、2025..2025-09（同一统计年度内）。")
@click.option("--group", "group_id", default=None, help="只列出一个分组（units.yml 中分组的 id）。")
@click.option(
    "--format", "output_format", type=click.Choice(["table", "csv", "json", "xlsx"]), default="table",
    show_default=True,
    help="table：终端表格；csv：UTF-8（带 BOM）表格，Excel 可直接打开；json：与网站 ranking.json 相同；"
         "xlsx：Excel 工作簿（须用 -o 指定文件）。",
)
@click.option("--placements", is_flag=True, help="列出统计期内每一条计分的刊用记录及其得分，而不是排名。")
@click.option("-o", "--output", "output", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="写入文件 FILE（已有则覆盖），不在屏幕上输出；Windows PowerShell 中请用它代替 >。")
@config_option
def tally(year: int | None, period_text: str | None, group_id: str | None, output_format: str, placements: bool,
          output: Path | None, config_file: str) -> None:
    """各单位宣传上稿排名（按 scoring.yml 的计分规则）。"""
    from .ranking.tally import Period, default_year, only_group
    from .ranking.tally import tally as compute

    if year is not None and period_text is not None:
        raise click.UsageError("--year 和 --period 只能用一个")
    if output_format == "xlsx" and output is None:
        raise click.UsageError("--format xlsx 生成的是 Excel 文件，不能显示在屏幕上，请用 -o 指定保存的文件，如 -o 排名.xlsx")
    project = load_project(config_file)
    site = project.load()
    if site.errors:
        for problem in site.errors:
            click.echo(str(problem), err=True)
        raise Failure(f"稿件或名录有 {len(site.errors)} 处错误，排名不可靠，请先按 gwsite check 的提示修改")
    registry = site.registry
    issued, issued_problems = issued_state(project, site)
    refuse_issued_errors(issued_problems)
    try:
        if period_text is not None:
            period = Period.parse(period_text, registry.scoring.year_start_month)
        else:
            today = project.now().date()
            period = Period(year if year is not None else default_year(site.stories, registry, today))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    live = compute(site.stories, registry, period)
    shown_issue = issued.get(period)
    # An issued period's numbers as issued (what changed since is listed with them); its placements
    # export lists what the content gives now, the placements as issued being in its issued file.
    ranking = live if shown_issue is None else shown_issue.ranking
    if group_id is not None:
        if group_id not in {group.id for group in registry.groups}:
            known = "、".join(f"{g.id}（{g.name}）" for g in registry.groups)
            raise click.UsageError(f"没有分组“{group_id}”，可用的分组有：{known}")
        ranking, live = only_group(ranking, group_id), only_group(live, group_id)

    label = period.label(registry.scoring.year_start_month)
    record = shown_issue.record if shown_issue is not None else None
    if output_format == "xlsx":
        from .ranking.workbook import to_xlsx

        # The workbook's dates: SOURCE_DATE_EPOCH when set, else the period's own (never the clock).
        stamp = project.now() if "SOURCE_DATE_EPOCH" in os.environ else None
        data = to_xlsx(ranking if not placements else live, label, record, stamp=stamp, groups=not placements,
                       scored=live if shown_issue is not None and not placements else None)
    elif placements:
        data = tally_text(live, label, output_format, True).encode("utf-8")
    else:
        data = tally_text(ranking, label, output_format, False, shown_issue).encode("utf-8")
    if output is not None:
        write_output(output, data)
        click.echo(printable(f"已写入 {project.shown(output)}"), err=True)
        return
    # Bytes, not text: the CSV's BOM and the Chinese must reach a file or pipe as UTF-8 on any console.
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def issued_state(project: Project, site: Site) -> tuple[dict[Any, Any], list[Problem]]:
    """The issued periods (`ranking.issued`) with their changes since, and the problems of their
    files: errors for a malformed file, a notice for each change."""
    from .ranking import issued

    data_dir = project.docs_dir / project.options.data_dir
    records, problems = issued.read_all(data_dir, shown_path(data_dir, project.root))
    periods = issued.apply(records, site.stories, site.registry)
    for state in periods.values():
        problems = problems + issued.notices(state)
    return periods, problems


def refuse_issued_errors(problems: list[Problem]) -> None:
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        for problem in errors:
            click.echo(str(problem), err=True)
        raise Failure(f"已通报排名文件有 {len(errors)} 处错误，请先按 gwsite check 的提示修改")


@main.command()
@click.argument("period_text", metavar="PERIOD")
@click.option("--cutoff", "cutoff_text", default=None, help="统计截止日期，如 2025-03-31；默认今天。之后刊发的不计入。")
@click.option("--again", is_flag=True, help="该统计期已通报时，重新通报并替换原来的记录。")
@config_option
def issue(period_text: str, cutoff_text: str | None, again: bool, config_file: str) -> None:
    """通报一个统计期的排名（年 2025、季度 2025Q1 或月 2025-03），记录在 content/_data/issued/。

    此后网站和 gwsite tally 对该统计期始终显示通报时的结果；之后的改动列为“通报后变动”。
    """
    from .ranking import issued
    from .ranking.tally import Period

    try:
        period = Period.parse(period_text)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    project = load_project(config_file)
    today = project.now().date()
    if cutoff_text is None:
        cutoff = today
    else:
        try:
            cutoff = dt.date.fromisoformat(cutoff_text.strip())
        except ValueError:
            raise Failure(f"--cutoff 应为日期，如 2025-03-31，不是“{cutoff_text}”") from None
    site = project.load()
    if site.errors:
        for problem in site.errors:
            click.echo(str(problem), err=True)
        raise Failure(f"稿件或名录有 {len(site.errors)} 处错误，不能通报，请先按 gwsite check 的提示修改")
    registry = site.registry
    registry_start, _ = period.bounds(registry.scoring.year_start_month)
    if cutoff < registry_start:
        raise Failure(f"截止日期 {cutoff} 早于统计期 {period}（{period.label(registry.scoring.year_start_month)}）"
                      f"的第一天 {registry_start}，不能通报")
    folder = project.docs_dir / project.options.data_dir / issued.ISSUED_DIR
    path = folder / issued.file_name(period)
    if path.exists() and not again:
        raise Failure(f"{period} 已经通报过（{project.shown(path)}）；如确需重新通报并替换原记录，"
                      f"请加 --again：gwsite issue {period} --again")
    record = issued.make(site.stories, registry, period, today, cutoff)
    text = issued.dump(record, period.label(registry.scoring.year_start_month))
    folder.mkdir(parents=True, exist_ok=True)
    replaced = path.exists()
    write_atomically(path, text.encode("utf-8"))
    shown = printable(project.shown(path))
    if replaced:
        click.echo(f"已重新通报 {period}，替换了原来的记录：{shown}（通报日期 {today}，统计截至 {cutoff}）")
    else:
        click.echo(f"已通报 {period}：{shown}（通报日期 {today}，统计截至 {cutoff}）")


def tally_text(ranking: Ranking, label: str, output_format: str, placements: bool, issued: Any = None) -> str:
    """`gwsite tally`'s text in a format: the ranking (marked as issued with `issued`, an issued
    period's `IssuedPeriod`), or with `placements` the placements it scored."""
    from .ranking import exports

    if placements:
        writers = {"json": exports.placements_to_json, "csv": exports.placements_to_csv}
        return writers[output_format](ranking) if output_format in writers else exports.placements_to_table(
            ranking, label)
    if output_format == "json":
        return exports.to_json(ranking, issued)
    if output_format == "csv":
        return exports.to_csv(ranking)
    return exports.to_table(ranking, label, issued)


def write_output(path: Path, data: bytes) -> None:
    """`-o FILE`: the bytes `gwsite tally` would print, written whole (a report file is expected to be
    replaced, but never left half-written), or one Chinese message saying why not."""
    from .files import write_atomically

    shown = printable(str(path))
    folder = path.parent
    if not folder.is_dir():
        raise Failure(f"无法写入 {shown}：文件夹 {printable(str(folder))} 不存在，请先建好文件夹或换一个位置")
    if path.is_dir():
        raise Failure(f"无法写入 {shown}：这是一个文件夹，请给出文件名，如 {printable(str(path / '排名.xlsx'))}")
    try:
        write_atomically(path, data)
    except PermissionError:
        raise Failure(f"无法写入 {shown}：没有写入权限，或文件正被 Excel 等程序打开（请关闭后重试）") from None
    except OSError as error:
        raise Failure(f"无法写入 {shown}：{error.strerror or error}") from None


if __name__ == "__main__":  # pragma: no cover
    main()
