"""A story's authors against the units' correspondent lists, through the real `gwsite check` and
`mkdocs build`: the warnings name the line of each author, fail only a --strict build, and the story
pages show the authors split and normalised."""

from __future__ import annotations

from conftest import Page, run_mkdocs_build

HINT = ("新通讯员请办公室加入 units.yml 的通讯员名单；特邀作者不必改稿，但网站严格构建（--strict）遇警告即失败，"
        "可请办公室将其一并列入名单")
WARNINGS = [
    f"content/news/2024/guests.md:6: authors: 警告：作者“张敏”不在安平县关工委的通讯员名单中，是否为“张明”？{HINT}",
    f"content/news/2024/guests.md:9: authors: 警告：作者“周杰”不在安平县关工委的通讯员名单中。{HINT}",
    "content/news/2024/split.md:5: 作者: 警告：“张明，李 红”用中文逗号“，”隔开，含 2 位作者，已拆分为张明、李红；"
    "多位作者请写成列表，每人一项，如 作者: [张明, 李红]",
]


def with_correspondents(site):
    """The basic fixture with correspondents listed by anping and linhe, and two more stories of anping."""
    units = site / "content/_data/units.yml"
    text = units.read_text(encoding="utf-8")
    text = text.replace("    aliases: [安平关工委]\n",
                        "    aliases: [安平关工委]\n    correspondents:\n      - 张明\n      - {name: 李红, aliases: [李小红]}\n")
    text = text.replace("    name: 临河区关工委\n    group: county\n",
                        "    name: 临河区关工委\n    group: county\n    correspondents: [赵强, 王芳]\n")
    units.write_text(text, encoding="utf-8")
    news = site / "content/news/2024"
    # 李小红 is an alias, 王芳 a correspondent of another unit: neither is warned of. The fixture's story
    # of linhe (with jiaoyu, which lists nobody) has the author 赵强, whom linhe lists.
    (news / "guests.md").write_text(
        "---\ntitle: 安平县关工委开展防溺水宣传\ndate: 2024-06-10\nunit: 安平县关工委\nauthors:\n"
        "  - 张敏\n  - 李小红\n  - 王芳\n  - 周杰\n---\n\n6月10日，安平县关工委开展防溺水宣传。\n", encoding="utf-8")
    (news / "split.md").write_text(
        "---\ntitle: 安平县关工委召开通讯员培训会\ndate: 2024-06-12\nunit: 安平县关工委\n作者: 张明，李 红\n---\n\n"
        "6月12日，安平县关工委召开通讯员培训会。\n", encoding="utf-8")
    return site


def test_check_warns_of_unlisted_and_split_authors_at_their_lines(make_site, gwsite):
    site = with_correspondents(make_site("basic"))

    result = gwsite(site, "check", "--lenient")  # severity is the point here, not the exit code

    lines = result.output.rstrip("\n").split("\n")
    assert lines[:-1] == WARNINGS
    assert lines[-1].startswith("共 0 处错误，3 处警告")
    assert result.exit_code == 0  # warnings, never errors: guests write too


def test_the_build_warns_of_them_fails_only_when_strict_and_shows_the_authors_split(make_site):
    site = with_correspondents(make_site("basic"))

    strict = run_mkdocs_build(site)

    assert strict.returncode == 1
    assert [line.removeprefix("WARNING -  gwsite: ") for line in strict.stderr.splitlines()
            if line.startswith("WARNING -  gwsite: ")] == WARNINGS, strict.stderr

    built = run_mkdocs_build(site, strict=False)

    assert built.returncode == 0, built.stderr
    assert "通讯员：张明、李红<" in Page(site / "site/news/2024/06/split/index.html").html
    assert "通讯员：张敏、李小红、王芳、周杰<" in Page(site / "site/news/2024/06/guests/index.html").html
