"""The office's commands: `gwsite tally` (the ranking, its exports and the placements it scored, or
with `--by author` the correspondents'), `gwsite issue` (a period's ranking recorded as issued, see
`ranking.issued`) and `gwsite report` (the 宣传工作通报 as a Word document, see `ranking.report`)."""

from __future__ import annotations

import datetime as dt
import os
import sys
import unicodedata
from typing import TYPE_CHECKING, Any
from pathlib import Path

import click

from .problems import Problem, Severity, printable
from .files import write_atomically
from .content.loading import Site, shown_path

if TYPE_CHECKING:
    from .content.registry import Registry
    from .ranking.correspondents import CorrespondentTally
    from .ranking.issued import Issued
    from .ranking.tally import Period, Ranking

from .command import Failure, Project, config_option, load_project


@click.command()
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
@click.option("--by", "by", type=click.Choice(["unit", "author"]), default="unit", show_default=True,
              help="unit：各单位排名；author：每位通讯员（稿件作者）的稿件、上稿和得分，得分由一篇稿件的作者平分。")
@click.option("-o", "--output", "output", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="写入文件 FILE（已有则覆盖），不在屏幕上输出；Windows PowerShell 中请用它代替 >。")
@config_option
def tally(year: int | None, period_text: str | None, group_id: str | None, output_format: str, placements: bool,
          by: str, output: Path | None, config_file: str) -> None:
    """各单位宣传上稿排名（按 scoring.yml 的计分规则）；--by author 为每位通讯员的上稿统计。"""
    from .ranking.tally import Period, default_year, only_group
    from .ranking.tally import tally as compute

    if year is not None and period_text is not None:
        raise click.UsageError("--year 和 --period 只能用一个")
    if by == "author" and placements:
        raise click.UsageError(BY_AUTHOR_PLACEMENTS)
    if output_format == "xlsx" and output is None:
        raise click.UsageError("--format xlsx 生成的是 Excel 文件，不能显示在屏幕上，请用 -o 指定保存的文件，如 -o 排名.xlsx")
    project = load_project(config_file)
    site = error_free(project, "排名不可靠")
    registry = site.registry
    issued, issued_problems = issued_state(project, site)
    refuse_issued_errors(issued_problems)
    try:
        if period_text is not None:
            period = Period.parse(period_text, registry.scoring.year_start_month)
        else:
            today = project.now().date()
            period = Period(year if year is not None else default_year(site.stories, registry, today))
            period.checked(str(period.year))
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
    if by == "author" or (output_format == "json" and not placements):
        by_author = correspondent_tally(site, period, record, group_id)
    if by == "author":
        stamp = project.now() if "SOURCE_DATE_EPOCH" in os.environ else None
        data = by_author_output(by_author, registry, label, output_format, record, stamp, live)
    elif output_format == "xlsx":
        from .ranking.workbook import to_xlsx

        # The workbook's dates: SOURCE_DATE_EPOCH when set, else the period's own (never the clock).
        stamp = project.now() if "SOURCE_DATE_EPOCH" in os.environ else None
        data = to_xlsx(ranking if not placements else live, label, record, stamp=stamp, groups=not placements,
                       scored=live if shown_issue is not None and not placements else None)
    elif placements:
        data = tally_text(live, label, output_format, True).encode("utf-8")
    elif output_format == "json":
        # The site's ranking.json: the units, and the correspondents of the same period.
        from .ranking import correspondent_exports, exports

        data = exports.to_json(ranking, shown_issue,
                               correspondent_exports.correspondents_json(by_author, registry.scoring)).encode("utf-8")
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


# A placement credits each author with a share of its points; the list of placements with each
# author's share is the correspondent's page on the site, not a second export of `--placements`.
BY_AUTHOR_PLACEMENTS = ("--by author 不能与 --placements 同用：每条计分刊用记录及各单位的得分用 gwsite tally --placements 列出；"
                        "每位通讯员的稿件、刊用记录及其所得分数见网站“宣传排名”年度页的“通讯员”页，点击姓名查看")


def correspondent_tally(site: Site, period: Period, record: Issued | None, group_id: str | None) -> CorrespondentTally:
    """The per-correspondent tally of `period` (an issued period's credits only its issued placements,
    see `tally_as_issued`); with `group_id`, only the correspondents of that group's units, ranked
    among themselves."""
    from .ranking import correspondent_exports
    from .ranking.correspondents import tally_as_issued

    registry = site.registry
    result = tally_as_issued(site.stories, registry, period, record)
    if group_id is not None:
        result = correspondent_exports.for_units(result, {u.id for u in registry.units if u.group == group_id})
    return result


def by_author_output(by_author: CorrespondentTally, registry: Registry, label: str, output_format: str,
                     record: Issued | None, stamp: dt.datetime | None, live: Ranking) -> bytes:
    """`gwsite tally --by author` in a format; an issued period's says how it was counted.
    `live`: the units' ranking from the same content, whose newest date the workbook is dated by."""
    from .ranking import correspondent_exports

    scoring = registry.scoring
    if output_format == "xlsx":
        from .ranking.workbook import correspondents_to_xlsx, statistics_date

        return correspondents_to_xlsx(by_author, scoring, label, cutoff=None if record is None else record.cutoff,
                                      through=statistics_date(live), stamp=stamp)
    if output_format == "json":
        issued = None if record is None else {"date": str(record.issued), "cutoff": str(record.cutoff)}
        return correspondent_exports.to_json(by_author, scoring, issued).encode("utf-8")
    if output_format == "csv":
        return correspondent_exports.to_csv(by_author, scoring).encode("utf-8")
    cutoff = None if record is None else str(record.cutoff)
    return correspondent_exports.to_table(by_author, scoring, label, cutoff).encode("utf-8")


def error_free(project: Project, consequence: str) -> Site:
    """The project's site, or a `Failure` listing its errors: the office's numbers are made only
    from content without errors (`consequence` says what the errors stop)."""
    site = project.load()
    if site.errors:
        for problem in site.errors:
            click.echo(str(problem), err=True)
        raise Failure(f"稿件或名录有 {len(site.errors)} 处错误，{consequence}，请先按 gwsite check 的提示修改")
    return site


def issued_state(project: Project, site: Site) -> tuple[dict[Any, Any], list[Problem]]:
    """The issued periods (`ranking.issued`) with their changes since, and the problems of their
    files: errors for a malformed file, a notice for each change."""
    from .ranking import issued_changes, issued_file

    data_dir = project.docs_dir / project.options.data_dir
    records, problems = issued_file.read_all(data_dir, shown_path(data_dir, project.root))
    periods = issued_changes.apply(records, site.stories, site.registry)
    for state in periods.values():
        problems = problems + issued_changes.notices(state)
    return periods, problems


def refuse_issued_errors(problems: list[Problem]) -> None:
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        for problem in errors:
            click.echo(str(problem), err=True)
        raise Failure(f"已通报排名文件有 {len(errors)} 处错误，请先按 gwsite check 的提示修改")


@click.command()
@click.argument("period_text", metavar="统计期")
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
    if period.kind == "range":
        raise click.UsageError(f"累计期“{period_text}”不能通报：通报的统计期应为年 2025、季度 2025Q1 或月 2025-03")
    project = load_project(config_file)
    today = project.now().date()
    if cutoff_text is None:
        cutoff = today
    else:
        try:
            # As typed with a Chinese input method (２０２５－０３－３１), as Period.parse reads periods.
            cutoff = dt.date.fromisoformat(unicodedata.normalize("NFKC", cutoff_text).strip())
        except ValueError:
            raise Failure(f"--cutoff 应为日期，如 2025-03-31，不是“{cutoff_text}”") from None
    site = error_free(project, "不能通报")
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
    if folder.exists() and not folder.is_dir():
        raise Failure(f"无法写入 {shown}：{printable(str(folder))} 是文件，不是文件夹，请换一个位置")
    if not folder.is_dir():
        raise Failure(f"无法写入 {shown}：文件夹 {printable(str(folder))} 不存在，请先建好文件夹或换一个位置")
    if path.is_dir():
        raise Failure(f"无法写入 {shown}：这是一个文件夹，请给出文件名，如 {printable(str(path / '排名.xlsx'))}")
    # A link is followed (the file it names is replaced, never the link), and a device or pipe such
    # as /dev/stdout is written into: replacing it would put a file in its place.
    target = Path(os.path.realpath(path))
    try:
        if target.exists() and not target.is_file():
            with open(target, "wb") as stream:
                stream.write(data)
        else:
            write_atomically(target, data)
    except PermissionError:
        raise Failure(f"无法写入 {shown}：没有写入权限，或文件正被 Excel 等程序打开（请关闭后重试）") from None
    except OSError as error:
        raise Failure(f"无法写入 {shown}：{error.strerror or error}") from None


@click.command()
@click.argument("period_text", metavar="统计期")
@click.option("-o", "--output", "output", type=click.Path(path_type=Path), default=None, metavar="FILE.docx",
              help="保存的 Word 文件，如 -o 宣传工作通报.docx（已有则覆盖）。")
@config_option
def report(period_text: str, output: Path | None, config_file: str) -> None:
    """生成宣传工作通报（Word 文档）：年 2025、季度 2025Q1、月 2025-03 或累计期 2025-01..2025-09。

    通报含总体情况、各单位排名、先进集体和优秀通讯员建议、计分办法及待核定刊用记录；
    已通报的统计期按通报时的结果和截止日期生成。发文单位、主送、表扬名额等见 mkdocs.yml 中 gwsite 的 report 设置。
    """
    from .ranking.correspondents import tally_as_issued
    from .ranking.report import build_report
    from .ranking.report_docx import to_docx
    from .ranking.tally import Period, score_placements
    from .ranking.tally import tally as compute

    if output is None:
        raise click.UsageError("请用 -o 指定保存的 Word 文件，如 -o 宣传工作通报.docx")
    if output.suffix.lower() != ".docx":
        raise click.UsageError(printable(f"通报是 Word 文档，文件名应以 .docx 结尾，如 -o 宣传工作通报.docx，不是“{output}”"))
    project = load_project(config_file)
    site = error_free(project, "不能生成通报")
    registry = site.registry
    issued, issued_problems = issued_state(project, site)
    refuse_issued_errors(issued_problems)
    try:
        period = Period.parse(period_text, registry.scoring.year_start_month)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    start, _ = period.bounds(registry.scoring.year_start_month)
    now = project.now()
    if now.date() < start and period not in issued:
        # Nothing can be counted yet: its document would be dated (统计截至) before its own first day.
        raise Failure(f"统计期 {period}（{period.label(registry.scoring.year_start_month)}）尚未开始（从 {start} 起），"
                      f"不能生成通报")
    stories = [story for story in site.stories if not story.draft]
    scored = score_placements(stories, registry)
    shown_issue = issued.get(period)
    record = shown_issue.record if shown_issue is not None else None
    ranking = shown_issue.ranking if shown_issue is not None else compute(stories, registry, period, scored=scored)
    correspondents = tally_as_issued(stories, registry, period, record, scored=scored)
    settings = project.report
    assert settings is not None
    document = build_report(settings=settings, period=period, registry=registry, stories=stories, ranking=ranking,
                            correspondents=correspondents, scored=scored, today=now.date(), record=record)
    # Its dates: SOURCE_DATE_EPOCH when set, else the document's own date (never the clock's time).
    if "SOURCE_DATE_EPOCH" in os.environ:
        stamp = now
    else:
        stamp = dt.datetime.combine(document.date, dt.time(), project.options.timezone)
    write_output(output, to_docx(document, stamp))
    click.echo(printable(f"已写入 {project.shown(output)}"), err=True)
