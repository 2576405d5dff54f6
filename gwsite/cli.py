"""The `gwsite` command: `check` and `new` for correspondents; the office's `tally` and `issue`
come from `office`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
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
作者: {authors}                # 通讯员姓名，如 [张明, 李红]
栏目: {category}        # 可选：{categories}
标签: []                # 如 [五老宣讲, 关爱留守儿童]
# 摘要: 一两句话概括稿件；不写则自动取正文第一段
# 封面: ../../images/{year}/照片.jpg     # 封面照片，路径相对于本文件
{co_units}
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
@click.option("--unit", "unit_name", default=None, help="报送单位，units.yml 中登记的名称。")
@click.option("--title", default=None, help="稿件标题。")
@click.option("--date", "date_text", default=None, help="日期，如 2024-03-15 或 2024-03-15 14:30；默认今天。")
@click.option("--category", "category_name", default=None, help="栏目；默认第一个栏目。")
@click.option("--author", "authors", multiple=True, help="作者（通讯员）姓名；多位作者写多次，如 --author 张明 --author 李红。")
@click.option("--co-unit", "co_unit_names", multiple=True, help="联合报送单位；多个写多次。")
@click.option("--slug", default=None, help="文件名中的简短主题：英文字母、数字和连字符，如 wulao-xuanjiang。")
@config_option
def new(unit_name: str | None, title: str | None, date_text: str | None, category_name: str | None,
        authors: tuple[str, ...], co_unit_names: tuple[str, ...], slug: str | None, config_file: str) -> None:
    """按模板新建一篇稿件，打印它的路径。

    不给 --unit 或 --title 时，逐项用中文询问（单位按编号选择，日期默认今天）。
    """
    project = load_project(config_file)
    options = project.options
    now = dt.datetime.now(options.timezone)
    site = project.load(now)
    registry = site.registry
    ask = unit_name is None or title is None

    if ask:
        units = [unit for unit in registry.units
                 if (unit.since is None or unit.since <= now.year) and (unit.until is None or unit.until >= now.year)]
        if unit_name is None:
            click.echo("报送单位：")
            for number, unit in enumerate(units, 1):
                click.echo(f"  {number}. {printable(unit.name)}")
        unit = _asked(unit_name, "请输入单位的编号或名称", lambda answer: _unit(registry, units, answer))
        title = _asked(title, "标题", _title)
        date, date_shown = _asked(date_text, "日期", lambda answer: _date(answer, now, options.timezone),
                                  default=f"{now:%Y-%m-%d}")
        if category_name is None:
            click.echo("栏目：" + "　".join(f"{n}. {cat.name}" for n, cat in enumerate(options.categories, 1)))
        category = _asked(category_name, "栏目（编号或名称）", lambda answer: _category(options.categories, answer),
                          default="1")
        if not authors:
            authors = tuple(_asked(None, "作者（多位用逗号或顿号分开，可不填）", _names, default=""))
        co_units = _asked(None if not co_unit_names else "", "联合单位（编号或名称，多个用逗号或顿号分开，可不填）",
                          lambda answer: _co_units(registry, units, unit, co_unit_names or _names(answer)), default="")
        slug = _asked(slug, "文件名主题（英文或拼音，如 wulao-xuanjiang，可不填）", _slug, default="")
    else:
        unit = _answer(lambda: _unit(registry, [], unit_name))
        title = _answer(lambda: _title(title))
        date, date_shown = (now, f"{now:%Y-%m-%d}") if date_text is None else _answer(
            lambda: _date(date_text, now, options.timezone, option="--date "))
        category = options.categories[0] if category_name is None else _answer(
            lambda: _category(options.categories, category_name))
        slug = _answer(lambda: _slug(slug or "", option="--slug "))
        co_units = _answer(lambda: _co_units(registry, [], unit, co_unit_names))
    authors = tuple(dict.fromkeys(" ".join(name.split()) for name in authors if name.strip()))

    folder = project.docs_dir / options.news_dir / f"{date:%Y}"
    taken = {story.url for story in site.stories}
    stem = "-".join(part for part in (f"{date:%Y-%m-%d}", unit.id, slug) if part)
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
        authors=_flow_list(authors),
        category=category.name,
        categories="、".join(cat.name for cat in options.categories),
        co_units=(f"联合单位: {_flow_list(co.name for co in co_units)}            # 联合报送，各单位平分得分"
                  if co_units else "# 联合单位: [某某关工委]                # 联合报送时填写，各单位平分得分"),
    )
    with open(path, "x", encoding="utf-8", newline="\n") as out:
        out.write(text)
    click.echo(printable(project.shown(path)))


@main.command("import")
@click.argument("document", type=click.Path(path_type=Path))
@click.option("--unit", "unit_name", default=None, help="报送单位；不写则在正文中找 units.yml 登记的单位名称。")
@click.option("--title", default=None, help="稿件标题；不写则取正文第一个标题或第一行。")
@click.option("--date", "date_text", default=None, help="日期，如 2024-03-15；不写则在正文开头找，找不到用今天。")
@config_option
@click.pass_context
def import_(ctx: click.Context, document: Path, unit_name: str | None, title: str | None,
            date_text: str | None, config_file: str) -> None:
    """把 Word 或 WPS 的 .docx 稿件导入为一篇稿件，图片放进 content/images/<年>/。"""
    from .content import wordimport

    try:
        converted = wordimport.convert(document)
    except wordimport.WordError as error:
        raise Failure(str(error)) from None
    project = load_project(config_file)
    registry = project.load(dt.datetime.now(project.options.timezone)).registry
    said = []
    if title is None:
        if converted.title is None:
            raise Failure("未能从正文中找出标题（第一行太长或是一句话）；请用 --title 指明标题")
        title = converted.title
        said.append(f"标题取自{converted.title_from}：{title}")
    if date_text is None:
        if converted.date is not None:
            date_text = f"{converted.date:%Y-%m-%d}"
            said.append(f"日期取自正文“{converted.date_from}”：{date_text}")
        else:
            said.append("正文开头没有找到日期，暂用今天；如不对请改“日期”一项")
    if unit_name is None:
        names = [name for unit in registry.units for name in (unit.name, *unit.aliases)]
        unit_name = wordimport.find_unit_name(f"{title}\n{converted.text}", names)
        if unit_name is None:
            raise Failure("未能在正文中找到 units.yml 登记的单位名称；请用 --unit 指明报送单位")
        said.append(f"单位取自正文中的“{unit_name}”：{find_unit(registry, unit_name).item.name}")
    if converted.authors:
        said.append(f"作者取自“{converted.byline}”：{'、'.join(converted.authors)}")
    else:
        said.append("正文中没有找到署名，“作者”一项留空，请补上")

    # The story is made by `new` itself (its file naming and template); it is the one new file.
    year = (date_text or f"{dt.datetime.now(project.options.timezone):%Y}")[:4]
    folder = project.docs_dir / project.options.news_dir / year
    before = set(folder.glob("*.md"))
    for line in said:
        click.echo(printable(line))
    ctx.invoke(new, unit_name=unit_name, title=title, date_text=date_text, authors=tuple(converted.authors),
               config_file=config_file)
    (path,) = set(folder.glob("*.md")) - before

    images = project.docs_dir / "images" / year
    shown = []
    for number, image in enumerate(converted.images, start=1):
        images.mkdir(parents=True, exist_ok=True)
        for again in range(1, 1000):
            name = f"{path.stem}-{number}" + (f"-{again}" if again > 1 else "") + f".{image.extension}"
            try:
                with open(images / name, "xb") as out:  # never over another story's photo
                    out.write(image.data)
                break
            except FileExistsError:
                continue
        shown.append(f"../../images/{year}/{name}")
        click.echo(printable(f"图片：{project.shown(images / name)}"))
    text = path.read_text(encoding="utf-8")
    body = converted.body_with(shown)
    text, done = re.subn(r"^<!-- 在下面写正文.*-->\n", lambda _: body, text, count=1, flags=re.M)
    if not done:
        text = text.rstrip("\n") + "\n\n" + body
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)
    for note in converted.notes:
        click.echo(printable(f"注意：{note}"))


class _Retry(Exception):
    """An answer `gwsite new` cannot use; the message says why, and the question is asked again."""


def _answer(parse):
    """What `parse` makes of an option's value; a Failure naming what is wrong when it cannot."""
    try:
        return parse()
    except _Retry as wrong:
        raise Failure(str(wrong)) from None


def _asked(given, question: str, parse, default: str | None = None):
    """`given` (an option's value) parsed, or else the answer to `question`, asked until one parses."""
    if given is not None:
        return _answer(lambda: parse(given))
    while True:
        answer = click.prompt(question, default=default, show_default=bool(default), prompt_suffix="：")
        try:
            return parse(answer)
        except _Retry as wrong:
            message = str(wrong)
            click.echo(printable(message + ("" if message.endswith(("？", "。")) else "，") + "请重新输入"), err=True)


def _unit(registry, numbered: list, answer: str):
    answer = answer.strip()
    if answer.isdigit() and numbered:
        if 1 <= int(answer) <= len(numbered):
            return numbered[int(answer) - 1]
        raise _Retry(f"没有编号 {answer}，应为 1 到 {len(numbered)}")
    try:
        return find_unit(registry, answer).item
    except UnknownUnit as unknown:
        raise _Retry(str(unknown)) from None


def _co_units(registry, numbered: list, unit, names) -> list:
    co_units = []
    for name in names:
        co_unit = _unit(registry, numbered, name)
        if co_unit.id == unit.id:
            raise _Retry(f"联合单位“{name}”就是报送单位{unit.name}，不必再写")
        if co_unit not in co_units:
            co_units.append(co_unit)
    return co_units


def _title(answer: str) -> str:
    title = " ".join(answer.split())
    if not title:
        raise _Retry("标题不能为空")
    return title


def _date(answer: str, now: dt.datetime, timezone, option: str = "") -> tuple[dt.datetime, str]:
    date = parse_datetime(answer, timezone)
    if date is None:
        raise _Retry(f"{option}{DATE_EXPECTED}，不是“{answer}”")
    if date > now:
        raise _Retry(f"日期 {answer} 晚于现在，不能新建将来的稿件")
    return date, answer.strip()


def _category(categories, answer: str):
    answer = answer.strip()
    if answer.isdigit() and 1 <= int(answer) <= len(categories):
        return categories[int(answer) - 1]
    for category in categories:
        if answer in (category.name, category.id):
            return category
    raise _Retry(f"没有栏目“{answer}”，可选：{'、'.join(cat.name for cat in categories)}")


_NAME_SEPARATORS = re.compile(r"[,，、;；\s]+")


def _names(answer: str) -> list[str]:
    """Names typed on one line, parted by commas, 顿号, semicolons or spaces (a Chinese name has none)."""
    return [name for name in _NAME_SEPARATORS.split(answer.strip()) if name]


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _slug(answer: str, option: str = "") -> str:
    slug = answer.strip().lower()
    if slug and (len(slug) > 40 or not _SLUG.fullmatch(slug)):
        raise _Retry(f"{option}文件名主题应为 40 个以内的英文字母、数字和连字符，如 wulao-xuanjiang，不是“{answer.strip()}”")
    return slug


def _flow_list(names) -> str:
    return "[" + ", ".join(json.dumps(name, ensure_ascii=False) for name in names) + "]"


main.add_command(tally)
main.add_command(issue)
main.add_command(report)


if __name__ == "__main__":  # pragma: no cover
    main()
