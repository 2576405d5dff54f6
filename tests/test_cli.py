"""The `gwsite` command as correspondents and the office use it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest


def test_check_passes_on_clean_fixture(make_site, gwsite):
    result = gwsite(make_site(), "check")
    assert result.exit_code == 0
    assert result.output == "检查通过：3 篇稿件，名录无误\n"


def test_check_limits_story_problems_to_given_paths(make_site, gwsite):
    site = make_site()
    bad = site / "content/news/2024/bad.md"
    bad.write_text("---\ntitle: 坏稿件\ndate: 2024-03-01\nunit: 火星关工委\n---\n正文\n", encoding="utf-8")

    only_good = gwsite(site, "check", "content/news/2024/2024-03-15-anping-wulao.md")
    whole = gwsite(site, "check")
    folder = gwsite(site, "check", "content/news")

    assert only_good.exit_code == 0
    assert only_good.output == "检查通过：1 篇稿件，名录无误\n"
    assert whole.exit_code == folder.exit_code == 1
    assert "content/news/2024/bad.md:4: unit: 未登记的单位“火星关工委”" in whole.output
    assert whole.output == folder.output


def test_check_fails_on_warnings_as_the_strict_build_does_unless_lenient(make_site, gwsite):
    site = make_site()
    story = site / "content/news/2024/2024-03-15-anping-wulao.md"
    story.write_text(story.read_text(encoding="utf-8").replace("unit: 安平县关工委", "unit: 安平县 关工委"), encoding="utf-8")

    default, strict, lenient = gwsite(site, "check"), gwsite(site, "check", "--strict"), gwsite(site, "check", "--lenient")

    assert default.exit_code == strict.exit_code == 1
    assert default.output == strict.output
    assert default.output.splitlines()[-1] == (
        "共 0 处错误，1 处警告，0 条提示（有效稿件 3 篇），有警告也不通过（与网站严格构建一致）；如只看错误，加 --lenient")
    assert lenient.exit_code == 0
    assert lenient.output.splitlines()[-1] == (
        "共 0 处错误，1 处警告，0 条提示（有效稿件 3 篇），只有警告，按 --lenient 通过（网站严格构建仍会失败）")


def test_check_lenient_still_fails_on_errors(make_site, gwsite):
    site = make_site()
    (site / "content/news/2024/bad.md").write_text(
        "---\ntitle: 坏稿件\ndate: 2024-03-01\nunit: 火星关工委\n---\n正文\n", encoding="utf-8")
    result = gwsite(site, "check", "--lenient")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith("共 1 处错误，")


def test_check_names_missing_path_and_config(make_site, gwsite, tmp_path):
    site = make_site()
    missing = gwsite(site, "check", "content/news/nothing.md")
    assert missing.exit_code == 2
    assert "路径不存在：content/news/nothing.md" in missing.output

    no_config = gwsite(tmp_path, "check")
    assert no_config.exit_code == 1
    assert "找不到配置文件 mkdocs.yml" in no_config.output


def test_check_reports_bad_plugin_options(make_site, gwsite):
    site = make_site()
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - gwsite", "  - gwsite:\n      timezone: Mars/Olympus"), encoding="utf-8")
    result = gwsite(site, "check")
    assert result.exit_code == 1
    assert "未知的时区“Mars/Olympus”" in result.output


def test_new_then_check_round_trips(make_site, gwsite):
    site = make_site()
    result = gwsite(site, "new", "--unit", "安平关工委", "--title", "安平县关工委开展“五老”进校园: 宣讲活动", "--date", "2024-06-10")
    assert result.exit_code == 0, result.output
    assert result.output == "content/news/2024/2024-06-10-anping.md\n"
    path = site / "content/news/2024/2024-06-10-anping.md"
    text = path.read_text(encoding="utf-8")
    assert "单位: 安平县关工委" in text
    assert "# 稿件被外部媒体刊用后" in text  # the guidance for correspondents

    fresh = gwsite(site, "check", str(path))
    assert fresh.exit_code == 1  # an empty body warns, and warnings fail as in the strict build
    assert fresh.output.splitlines()[0] == (
        "content/news/2024/2024-06-10-anping.md:4: 正文: 警告：正文为空，请在第二个“---”之后写正文"
    )

    path.write_text(text + "6月10日，安平县关工委组织五老宣讲团走进城关中学。\n", encoding="utf-8")
    written = gwsite(site, "check")
    assert written.exit_code == 0
    assert written.output == "检查通过：4 篇稿件，名录无误\n"


def test_new_never_overwrites_and_keeps_urls_unique(make_site, gwsite):
    site = make_site()
    first = gwsite(site, "new", "--unit", "安平县关工委", "--title", "第一篇", "--date", "2024-06-10")
    second = gwsite(site, "new", "--unit", "安平县关工委", "--title", "第二篇", "--date", "2024-06-10 15:00")
    assert first.output == "content/news/2024/2024-06-10-anping.md\n"
    assert second.output == "content/news/2024/2024-06-10-anping-2.md\n"
    assert '标题: "第二篇"' in (site / "content/news/2024/2024-06-10-anping-2.md").read_text(encoding="utf-8")
    assert "日期: 2024-06-10 15:00" in (site / "content/news/2024/2024-06-10-anping-2.md").read_text(encoding="utf-8")


def test_new_defaults_to_today(make_site, gwsite):
    site = make_site()
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    result = gwsite(site, "new", "--unit", "市教育局关工委", "--title", "今天的稿件")
    assert result.exit_code == 0
    assert result.output == f"content/news/{today:%Y}/{today:%Y-%m-%d}-jiaoyu.md\n"


def test_new_refuses_unknown_unit_bad_date_and_future(make_site, gwsite):
    site = make_site()
    unknown = gwsite(site, "new", "--unit", "安平关工会", "--title", "标题")
    assert unknown.exit_code == 1
    assert unknown.output == "错误：未登记的单位“安平关工会”，是否为“安平县关工委”？\n"

    bad_date = gwsite(site, "new", "--unit", "安平县关工委", "--title", "标题", "--date", "6月10日")
    assert bad_date.exit_code == 1
    assert bad_date.output == "错误：--date 应为 2024-03-15 或 2024-03-15 14:30 这样的日期，不是“6月10日”\n"

    future = gwsite(site, "new", "--unit", "安平县关工委", "--title", "标题", "--date", "2999-01-01")
    assert future.exit_code == 1
    assert future.output == "错误：日期 2999-01-01 晚于现在，不能新建将来的稿件\n"
    assert not list((site / "content/news").glob("2999"))


def test_new_run_twice_makes_a_copy_that_check_names_with_either_file(make_site, gwsite):
    site = make_site()
    for _ in range(2):
        gwsite(site, "new", "--unit", "安平县关工委", "--title", "五老宣讲团走进城关中学", "--date", "2024-06-10")
    first, copy = "content/news/2024/2024-06-10-anping.md", "content/news/2024/2024-06-10-anping-2.md"
    error = (f"{copy}:4: 标题: 与 {first} 的标题、日期和单位相同（2024-06-10，安平县关工委），是同一篇稿件的两份副本，"
             f"请删去其中一篇；如确是两篇不同的稿件，请修改标题加以区分")

    whole = gwsite(site, "check")
    assert whole.exit_code == 1
    assert error in whole.output.splitlines()

    for asked in (first, copy):  # the error is the copy's, and shown when either file is asked about
        one = gwsite(site, "check", asked)
        assert one.exit_code == 1
        assert error in one.output.splitlines()
    other = gwsite(site, "check", "content/news/2024/2024-03-15-anping-wulao.md")
    assert other.exit_code == 0 and error not in other.output

    (site / copy).unlink()
    assert error not in gwsite(site, "check").output


def test_tally_refuses_to_count_a_placement_recorded_twice(make_site, gwsite):
    site = make_site()
    assert gwsite(site, "tally", "--year", "2024", "--format", "csv").exit_code == 0
    story = site / "content/news/2024/2024-05-20-linhe-xuezi.md"
    story.write_text(story.read_text(encoding="utf-8").replace(
        "    类型: 图片\n", "    类型: 图片\n    链接: https://www.qzrb.example.cn/2024/0318/1.html\n"), encoding="utf-8")

    result = gwsite(site, "tally", "--year", "2024", "--format", "csv")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert ("content/news/2024/2024-05-20-linhe-xuezi.md:10: 刊用[1]: 与 content/news/2024/2024-03-15-anping-wulao.md "
            "第 9 行的刊用记录重复") in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (("--year", "0"), "统计期“0”无效：年份应在 1—9998 之间"),
    (("--period", "9999"), "统计期“9999”无效：年份应在 1—9998 之间"),
])
def test_tally_names_a_year_no_date_can_hold(make_site, gwsite, args, message):
    result = gwsite(make_site(), "tally", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_tally_reads_a_range_typed_with_full_width_forms(make_site, gwsite):
    site = make_site()
    typed = gwsite(site, "tally", "--period", "２０２４－０１．．２０２４－０９", "--format", "csv")
    ascii_ = gwsite(site, "tally", "--period", "2024-01..2024-09", "--format", "csv")
    assert typed.exit_code == 0 and typed.output == ascii_.output


CLICK_ENGLISH = ("Usage", "Options", "Error:", "Show this message", "Missing option", "is not a valid",
                 "No such option", "Got unexpected", "Try '", "[default")


@pytest.mark.parametrize("args, code, expected", [
    (["--help"], 0, ["用法：main [选项] 命令 [参数]...", "选项：", "显示本帮助并退出。", "显示版本并退出。",
                     "退出码：0 通过；1 有错误或警告，或无法完成；2 用法错误（选项或参数写错）。"]),
    (["check", "--help"], 0, ["用法：main check [选项] [文件或目录]...", "选项：", "[默认：mkdocs.yml]"]),
    (["issue"], 2, ["用法：main issue [选项] 统计期", "运行“main issue --help”查看用法。", "错误：缺少参数 '统计期'。"]),
    (["new", "--unit"], 2, ["错误：选项 --unit 后面要写一个值。"]),
    (["check", "--nope"], 2, ["错误：没有选项 --nope。"]),
    (["new", "--unit", "安平县关工委", "--title", "标题", "多余"], 2, ["错误：多余的参数（多余）"]),
    (["tally", "--year", "很多"], 2, ["错误：'--year' 的值无效：“很多”不是有效的数字。"]),
    (["tally", "--by", "县"], 2, ["错误：'--by' 的值无效：“县”不是 'unit', 'author' 之一。"]),
    (["tally", "--year"], 2, ["错误：选项 --year 后面要写一个值。"]),
    (["tally", "--help"], 0, ["  --year 整数                     统计年度", "  --group 文字                    只列出"]),
    (["--version"], 0, ["main 版本 "]),
])
def test_click_speaks_chinese(make_site, gwsite, args, code, expected):
    """CliRunner names the program `main`, after the function; the terminal shows `gwsite`."""
    result = gwsite(make_site(), *args)
    assert result.exit_code == code, result.output
    for text in expected:
        assert text in result.output, result.output
    for english in CLICK_ENGLISH:
        assert english not in result.output, result.output


def test_new_without_options_asks_in_chinese(make_site, gwsite):
    site = make_site()
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    # A wrong number and a near-miss name are asked again; the date is left to its default (today).
    answers = "9\n安平关工会\n1\n  五老宣讲团 走进城关中学 \n\n2\n张明，李红、 王芳\n市教育局\n3\nwulao-xuanjiang\n"

    result = gwsite(site, "new", input=answers)

    assert result.exit_code == 0, result.output
    shown = f"content/news/{today:%Y}/{today:%Y-%m-%d}-anping-wulao-xuanjiang.md"
    assert result.output.splitlines()[-1] == shown
    for text in ("报送单位：", "  1. 安平县关工委", "  2. 临河区关工委", "  3. 市教育局关工委", "没有编号 9，应为 1 到 3，请重新输入",
                 "未登记的单位“安平关工会”，是否为“安平县关工委”？请重新输入", f"日期 [{today:%Y-%m-%d}]：", "栏目：1. 工作动态",
                 "未登记的单位“市教育局”"):
        assert text in result.output, result.output
    text = (site / shown).read_text(encoding="utf-8")
    assert '标题: "五老宣讲团 走进城关中学"\n' in text
    assert f"日期: {today:%Y-%m-%d} " in text
    assert '作者: ["张明", "李红", "王芳"] ' in text
    assert "栏目: 基层风采 " in text
    assert '联合单位: ["市教育局关工委"] ' in text


def test_new_stays_scriptable_with_options(make_site, gwsite):
    site = make_site()
    result = gwsite(site, "new", "--unit", "安平县关工委", "--title", "五老宣讲", "--date", "2024-06-10",
                    "--category", "基层风采", "--author", "张明", "--author", "李红", "--co-unit", "市教育局关工委",
                    "--slug", "WuLao-2")
    assert result.exit_code == 0, result.output
    assert result.output == "content/news/2024/2024-06-10-anping-wulao-2.md\n"
    path = site / "content/news/2024/2024-06-10-anping-wulao-2.md"
    text = path.read_text(encoding="utf-8")
    assert '作者: ["张明", "李红"] ' in text and "栏目: 基层风采 " in text and '联合单位: ["市教育局关工委"] ' in text
    path.write_text(text + "6月10日，安平县关工委组织五老宣讲团走进城关中学。\n", encoding="utf-8")
    checked = gwsite(site, "check", str(path))
    assert checked.exit_code == 0 and checked.output == "检查通过：1 篇稿件，名录无误\n", checked.output


@pytest.mark.parametrize("args, message", [
    (["--category", "体育"], "错误：没有栏目“体育”，可选：工作动态、基层风采、五老风采、媒体聚焦、通知公告\n"),
    (["--co-unit", "安平县关工委"], "错误：联合单位“安平县关工委”就是报送单位安平县关工委，不必再写\n"),
    (["--co-unit", "火星关工委"], "错误：未登记的单位“火星关工委”，请使用 units.yml 中登记的单位名称\n"),
    (["--slug", "五老"], "错误：--slug 文件名主题应为 40 个以内的英文字母、数字和连字符，如 wulao-xuanjiang，不是“五老”\n"),
])
def test_new_refuses_bad_options_in_chinese(make_site, gwsite, args, message):
    site = make_site()
    before = sorted((site / "content").rglob("*"))
    result = gwsite(site, "new", "--unit", "安平县关工委", "--title", "标题", *args)
    assert result.exit_code == 1
    assert result.output == message
    assert sorted((site / "content").rglob("*")) == before  # nothing written


def test_new_without_answers_stops_in_chinese(make_site, gwsite):
    result = gwsite(make_site(), "new", input="")
    assert result.exit_code == 1
    assert "已中止" in result.output and "Aborted" not in result.output


def test_one_tab_in_units_yml_is_one_error_not_one_per_story(make_site, gwsite):
    site = make_site()
    units = site / "content/_data/units.yml"
    lines = units.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith("    name:"))
    lines[number] = "\t" + lines[number].lstrip()
    units.write_text("\n".join(lines), encoding="utf-8")
    result = gwsite(site, "check")
    assert result.exit_code == 1
    # The Tab, on its line; no story then told that its unit is not registered.
    assert result.output.splitlines() == [
        f"content/_data/units.yml:{number + 1}: name: YAML 格式错误：不能用 Tab 键缩进，请改用空格",
        "共 1 处错误，0 处警告，0 条提示（有效稿件 0 篇）",
    ]


def test_a_story_naming_an_unknown_unit_is_still_an_error_when_units_yml_is_fine(make_site, gwsite):
    site = make_site()
    story = next((site / "content/news").rglob("*anping*.md"))
    story.write_text(story.read_text(encoding="utf-8").replace("安平县关工委", "火星关工委", 1), encoding="utf-8")
    result = gwsite(site, "check")
    assert result.exit_code == 1 and "未登记的单位“火星关工委”" in result.output


def test_a_story_saved_outside_the_news_folder_is_an_error_naming_where_it_goes(make_site, gwsite):
    site = make_site()
    story = next((site / "content/news").rglob("*anping*.md"))
    text = story.read_text(encoding="utf-8")
    (site / "content/loose.md").write_text(text, encoding="utf-8")
    line = next(number for number, row in enumerate(text.splitlines(), 1) if row.startswith(("unit:", "单位:")))
    key = text.splitlines()[line - 1].split(":")[0]
    result = gwsite(site, "check", "--lenient")
    assert result.exit_code == 1
    assert (f"content/loose.md:{line}: {key}: 这个文件写了稿件才有的“{key}”，但不在稿件目录 content/news/ 中："
            "网站会把它当作普通页面发布，不计入排名；稿件请移到 content/news/<年>/ 中，如 content/news/2025/") in result.output
    # A page of the site's own (no story fields) is no story put in the wrong place.
    (site / "content/loose.md").write_text("---\ntitle: 关于我们\n---\n正文。\n", encoding="utf-8")
    assert gwsite(site, "check").exit_code == 0
