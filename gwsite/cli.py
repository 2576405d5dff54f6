"""The `gwsite` command: `check` and `new` for correspondents; the office's `tally` and `issue`
come from `office`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import click

from .content.registry import UnknownUnit, find_unit
from .content.story import story_url
from .content.values import DATE_EXPECTED, parse_datetime, path_slug
from .problems import Severity, condense, count, printable
from .content.loading import shown_path
from .command import ChineseGroup, Failure, config_option, load_project
from .office import issue, issued_state, report, tally


@click.group(cls=ChineseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gwsite", help="显示版本并退出。", message="%(prog)s 版本 %(version)s")
def main() -> None:
    """gwsite：关工委新闻宣传网站工具。"""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[文件或目录]...")
@click.option("--lenient", is_flag=True, help="只有错误才不通过，警告不影响退出码。")
@click.option("--strict", "strict", is_flag=True, hidden=True)  # the default now; kept so old scripts still run
@config_option
def check(paths: tuple[Path, ...], lenient: bool, strict: bool, config_file: str) -> None:
    """检查稿件和名录（content/_data/），逐条列出问题。

    不给文件或目录时检查全部稿件；给出文件或目录时只列出其中稿件的问题（名录的问题总会列出）。

    与网站严格构建（mkdocs build --strict）一致，有错误或警告时不通过（退出码 1）；提示不影响。
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
    failed = bool(errors or (warnings and not lenient))
    if problems:
        click.echo(f"共 {errors} 处错误，{warnings} 处警告，{notices} 条提示（有效稿件 {stories} 篇）"
                   + check_verdict(errors, warnings, lenient))
    else:
        click.echo(f"检查通过：{stories} 篇稿件，名录无误")
    if failed:
        raise SystemExit(1)


def check_verdict(errors: int, warnings: int, lenient: bool) -> str:
    """What the summary line of `gwsite check` adds about its exit code when it found something."""
    if not warnings:
        return ""  # errors fail and notices pass, as always
    if not lenient:
        return "，有警告也不通过（与网站严格构建一致）；如只看错误，加 --lenient"
    return "" if errors else "，只有警告，按 --lenient 通过（网站严格构建仍会失败）"


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


main.add_command(tally)
main.add_command(issue)
main.add_command(report)


if __name__ == "__main__":  # pragma: no cover
    main()
