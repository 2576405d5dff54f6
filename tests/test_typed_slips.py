"""A story typed as correspondents type it, with a Chinese input method and Word's quotes, through the
real `gwsite check` and `mkdocs build`: each slip is one warning at its line naming the character, the
strict build fails on them as the check does, and the built site holds what the writer meant (the
title, two tags, the placement scored at its outlet's level), never another value."""

from __future__ import annotations

import json

from conftest import Page, run_mkdocs_build

# Line by line: 2 full-width colon, 3 a Chinese date, 4 Word's quotes, 5 a list in 【】 with ，,
# 7 a full-width dash, 8 a full-width colon in the entry, 9 no space after the colon and a dotted date.
TYPED = ("---\n标题：安平县关工委召开关心下一代工作推进会\n日期: 2024年6月10日\n单位: “安平县关工委”\n"
         "标签: 【五老宣讲，红色教育】\n刊用:\n  － 媒体: “青州日报”\n    级别：市级\n    日期:2024.6.12\n---\n\n"
         "6月10日，安平县关工委召开关心下一代工作推进会。\n")
QUOTES = "这里不必加引号（YAML 只认英文引号 \"）"
LIST = "多项请写成英文方括号、英文逗号分隔的列表，如 标签: [五老宣讲, 红色教育]"
DATE = "日期请用英文输入法写成 2024-03-15 这样的格式"
WARNINGS = [
    "content/news/2024/typed.md:2: 标题: 警告：“标题”后用了中文冒号“：”，已按英文冒号“:”读取；请改为英文冒号加空格，如 标题: …",
    f"content/news/2024/typed.md:3: 日期: 警告：日期“2024年6月10日”中有“年月日”，已按 2024-06-10 读取；{DATE}",
    f"content/news/2024/typed.md:4: 单位: 警告：值两边的中文引号“”已去掉，按“安平县关工委”读取；{QUOTES}",
    "content/news/2024/typed.md:5: 标签: 警告：“【五老宣讲，红色教育】”中有方括号“【】”、中文逗号“，”，"
    f"已按 2 项读取：[五老宣讲, 红色教育]；{LIST}",
    f"content/news/2024/typed.md:7: 刊用[1].媒体: 警告：值两边的中文引号“”已去掉，按“青州日报”读取；{QUOTES}",
    "content/news/2024/typed.md:7: 媒体: 警告：列表项的全角减号“－”已按英文“- ”读取；列表每一项请以英文短横线加空格“- ”开头",
    "content/news/2024/typed.md:8: 级别: 警告：“级别”后用了中文冒号“：”，已按英文冒号“:”读取；请改为英文冒号加空格，如 级别: …",
    f"content/news/2024/typed.md:9: 刊用[1].日期: 警告：日期“2024.6.12”中有“.”，已按 2024-06-12 读取；{DATE}",
    "content/news/2024/typed.md:9: 日期: 警告：“日期:”后缺少空格，已按“日期: 2024.6.12”读取；英文冒号后请加一个空格",
]


def typed_site(make_site):
    site = make_site("basic")
    (site / "content/news/2024/typed.md").write_text(TYPED, encoding="utf-8")
    return site


def test_check_names_each_slip_at_its_line_and_fails_as_the_strict_build_does(make_site, gwsite):
    site = typed_site(make_site)

    result = gwsite(site, "check")

    lines = result.output.rstrip("\n").split("\n")
    assert lines[:-1] == WARNINGS
    assert lines[-1].startswith(f"共 0 处错误，{len(WARNINGS)} 处警告")
    assert result.exit_code == 1  # warnings fail the check, as they fail `mkdocs build --strict`
    assert gwsite(site, "check", "--lenient").exit_code == 0

    strict = run_mkdocs_build(site)
    assert strict.returncode == 1
    assert [line.removeprefix("WARNING -  gwsite: ") for line in strict.stderr.splitlines()
            if line.startswith("WARNING -  gwsite: ")] == WARNINGS, strict.stderr
    assert not (site / "site").exists()  # a failed build leaves no half-written site


def test_the_built_site_holds_what_the_writer_meant(make_site):
    site = typed_site(make_site)

    built = run_mkdocs_build(site, strict=False)

    assert built.returncode == 0, built.stderr
    page = Page(site / "site/news/2024/06/typed/index.html")
    assert "".join(page.h1).strip() == "安平县关工委召开关心下一代工作推进会"
    assert page.title.startswith("安平县关工委召开关心下一代工作推进会")
    for tag in ("五老宣讲", "红色教育"):
        tagged = (site / f"site/tags/{tag}/index.html").read_text(encoding="utf-8")
        assert "安平县关工委召开关心下一代工作推进会" in tagged
    placements = json.loads((site / "site/ranking/2024/placements.json").read_text(encoding="utf-8"))["placements"]
    ran = [p for p in placements if p["path"] == "news/2024/typed.md"]
    assert [(p["unit"], p["outlet"], p["level"], p["date"], p["points"]) for p in ran] == [
        ("安平县关工委", "青州日报", "市级", "2024-06-12", 2)]
