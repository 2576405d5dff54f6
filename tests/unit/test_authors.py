"""Correspondents in units.yml and the authors of a story: how names are listed, split and matched.

A unit may list its correspondents; a story's authors are normalised as unit names are, split when
several were written in one string, and, where the story's units list correspondents, an author none
of them lists is a warning with the closest listed name. Each message is asserted as the office or
the correspondent sees it (`path:line: 字段: 说明`).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from gwsite.content.names import close_person, person_name, person_names
from gwsite.content.reader import read_story
from gwsite.content.registry import Correspondent
from gwsite.content.registry_files import load_registry, load_units
from gwsite.content.story import SiteOptions, StoryContext

UNITS_SHOWN = "content/_data/units.yml"
NOW = dt.datetime(2026, 12, 1, tzinfo=ZoneInfo("Asia/Shanghai"))

# Line 9 is the first correspondent of anping, line 15 the last line of jiaoyu.
UNITS = """\
groups:
  - id: county
    name: 县（市、区）关工委
units:
  - id: anping
    name: 安平县关工委
    group: county
    correspondents:
      - 张明
      - {name: 李红, aliases: [李小红]}
      - 张晓燕
  - id: linhe
    name: 临河区关工委
    group: county
  - id: jiaoyu
    name: 市教育局关工委
    group: county
    correspondents: [王芳]
"""

UNLISTED_HINT = ("新通讯员请办公室加入 units.yml 的通讯员名单；特邀作者不必改稿，但网站严格构建（--strict）遇警告即失败，"
                 "可请办公室将其一并列入名单")


def lines(problems):
    return [str(problem) for problem in problems]


def units_of(tmp_path, text):
    path = tmp_path / "units.yml"
    path.write_text(text, encoding="utf-8")
    return load_units(path, UNITS_SHOWN)


# -- Listing correspondents in units.yml ------------------------------------------------------


def test_a_unit_lists_correspondents_by_name_or_with_aliases(tmp_path):
    _, units, problems = units_of(tmp_path, UNITS)
    assert problems == []
    assert units[0].correspondents == (Correspondent("张明"), Correspondent("李红", ("李小红",)), Correspondent("张晓燕"))
    assert units[1].correspondents == ()
    assert units[2].correspondents == (Correspondent("王芳"),)


def test_listed_names_are_normalised_as_authors_are(tmp_path):
    _, units, problems = units_of(tmp_path, UNITS.replace("- 张明", "- 张\u3000明").replace("[李小红]", "['李 小红\u200b']"))
    assert problems == []
    assert units[0].correspondents[:2] == (Correspondent("张明"), Correspondent("李红", ("李小红",)))


def test_the_same_name_in_two_units_is_allowed(tmp_path):
    _, units, problems = units_of(tmp_path, UNITS.replace("[王芳]", "[王芳, 张明, 李小红]"))
    assert problems == []
    assert [person.name for person in units[2].correspondents] == ["王芳", "张明", "李小红"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param("[王芳]", "王芳", [
            f"{UNITS_SHOWN}:18: units.correspondents: 通讯员名单应为列表，每人一项，如 [张明, {{name: 李红, aliases: [李小红]}}]",
        ], id="not-a-list"),
        pytest.param("[王芳]", "{王芳: 2024}", [
            f"{UNITS_SHOWN}:18: units.correspondents: 通讯员名单应为列表，每人一项，如 [张明, {{name: 李红, aliases: [李小红]}}]",
        ], id="a-mapping-not-a-list"),
        pytest.param("      - 张晓燕\n", "      - 2024\n", [
            f"{UNITS_SHOWN}:11: units.correspondents: 第 3 项应为姓名，或 {{name: 姓名, aliases: [别名]}}，不是“2024”",
        ], id="item-a-number"),
        pytest.param("      - 张晓燕\n", "      - [张晓燕]\n", [
            f"{UNITS_SHOWN}:11: units.correspondents: 第 3 项应为姓名，或 {{name: 姓名, aliases: [别名]}}，不是“['张晓燕']”",
        ], id="item-a-list"),
        pytest.param("      - 张晓燕\n", "      - \"\"\n", [
            f"{UNITS_SHOWN}:11: units.correspondents: 第 3 项的姓名应为一行文字，不能为空",
        ], id="name-empty"),
        pytest.param("      - 张晓燕\n", "      -\n", [
            f"{UNITS_SHOWN}:11: units.correspondents: 第 3 项的姓名应为一行文字，不能为空",
        ], id="item-left-blank"),
        pytest.param("      - 张晓燕\n", "      - \"张晓燕\\n王芳\"\n", [
            f"{UNITS_SHOWN}:11: units.correspondents: 第 3 项的姓名应为一行文字，不能为空",
        ], id="name-two-lines"),
        pytest.param("      - 张晓燕\n", "      - 张晓燕、赵强\n", [
            f"{UNITS_SHOWN}:11: units.correspondents: “张晓燕、赵强”像是 2 个姓名，每人应单独一项，如 [张晓燕, 赵强]",
        ], id="two-names-in-one-item"),
        pytest.param("      - 张晓燕\n", "      - 张晓燕 赵强\n", [
            f"{UNITS_SHOWN}:11: units.correspondents: “张晓燕 赵强”像是 2 个姓名，每人应单独一项，如 [张晓燕, 赵强]",
        ], id="two-names-with-a-space"),
        pytest.param("      - 张晓燕\n", "      - 通讯员 张晓燕\n", [
            f"{UNITS_SHOWN}:11: units.correspondents: “通讯员 张晓燕”中的“通讯员”不是姓名，名单中只写姓名",
        ], id="a-role-with-the-name"),
        pytest.param("aliases: [李小红]", "aliases: [李小红(曾用名)]", [
            f"{UNITS_SHOWN}:10: units.correspondents.aliases: “李小红(曾用名)”中的“(曾用名)”不是姓名，名单中只写姓名",
        ], id="an-alias-with-a-remark"),
        pytest.param("{name: 李红, aliases: [李小红]}", "{aliases: [李小红]}", [
            f"{UNITS_SHOWN}:10: units.correspondents.name: 姓名应为一行文字，如 {{name: 李红, aliases: [李小红]}}",
        ], id="mapping-without-name"),
        pytest.param("aliases: [李小红]", "aliases: {李小红: 1}", [
            f"{UNITS_SHOWN}:10: units.correspondents.aliases: 应为别名列表，如 aliases: [李小红]",
        ], id="aliases-not-a-list"),
        pytest.param("aliases: [李小红]", "aliases: [李小红, 18]", [
            f"{UNITS_SHOWN}:10: units.correspondents.aliases: 别名“18”应为一行文字，不能为空",
        ], id="alias-a-number"),
        pytest.param("aliases: [李小红]", "alias: [李小红]", [
            f"{UNITS_SHOWN}:10: units.correspondents.alias: 警告：未知字段，已忽略，是否为“aliases”？",
        ], id="unknown-key-close"),
        pytest.param("aliases: [李小红]", "aliases: [李小红], 电话: 123", [
            f"{UNITS_SHOWN}:10: units.correspondents.电话: 警告：未知字段，已忽略，可用的字段有：aliases、name、since、until",
        ], id="unknown-key"),
        pytest.param("      - 张晓燕\n", "      - 张晓燕\n      - 张明\n", [
            f"{UNITS_SHOWN}:12: units.correspondents: 警告：“张明”重复列出（第 9 行已有），只计一次",
        ], id="name-twice"),
        pytest.param("      - 张晓燕\n", "      - 张晓燕\n      - 张　明\n", [
            f"{UNITS_SHOWN}:12: units.correspondents: 警告：“张明”重复列出（第 9 行已有），只计一次",
        ], id="name-twice-once-padded"),
        pytest.param("aliases: [李小红]", "aliases: [李小红, 李小红]", [
            f"{UNITS_SHOWN}:10: units.correspondents.aliases: 警告：“李小红”重复列出（第 10 行已有），只计一次",
        ], id="alias-twice"),
        pytest.param("aliases: [李小红]", "aliases: [李小红, 李红]", [
            f"{UNITS_SHOWN}:10: units.correspondents.aliases: 警告：“李红”重复列出（第 10 行已有），只计一次",
        ], id="alias-is-own-name"),
        pytest.param("      - 张晓燕\n", "      - 李小红\n", [
            f"{UNITS_SHOWN}:10: units.correspondents.aliases: “李红”的别名“李小红”是本单位另一位通讯员的姓名（第 11 行），"
            "一个名字只能指一个人",
        ], id="name-is-an-earlier-alias-of-another"),
        pytest.param("aliases: [李小红]", "aliases: [张明]", [
            f"{UNITS_SHOWN}:10: units.correspondents.aliases: “李红”的别名“张明”是本单位另一位通讯员的姓名（第 9 行），"
            "一个名字只能指一个人",
        ], id="alias-is-an-earlier-name"),
        pytest.param("aliases: [李小红]", "aliases: [张晓燕]", [
            f"{UNITS_SHOWN}:10: units.correspondents.aliases: “李红”的别名“张晓燕”是本单位另一位通讯员的姓名（第 11 行），"
            "一个名字只能指一个人",
        ], id="alias-is-a-later-name"),
    ],
)
def test_each_bad_correspondent_entry_is_named_by_file_line_and_field(tmp_path, old, new, expected):
    assert UNITS.count(old) == 1
    _, _, problems = units_of(tmp_path, UNITS.replace(old, new))
    assert lines(problems) == expected


def test_a_unit_whose_correspondents_are_wrong_is_still_registered(tmp_path):
    _, units, _ = units_of(tmp_path, UNITS.replace("[王芳]", "王芳"))
    assert [unit.id for unit in units] == ["anping", "linhe", "jiaoyu"]
    assert units[2].correspondents == ()


def test_a_correspondent_may_carry_the_years_served(tmp_path):
    _, units, problems = units_of(tmp_path, UNITS.replace("aliases: [李小红]", "aliases: [李小红], since: 2023, until: ２０２４"))
    assert problems == []
    li = units[0].correspondents[1]
    assert (li.since, li.until) == (2023, 2024)
    assert [li.served(year) for year in (2022, 2023, 2024, 2025)] == [False, True, True, False]
    assert units[0].correspondents[0].served(1990)


@pytest.mark.parametrize(
    "years, expected",
    [
        pytest.param("until: 去年", f"{UNITS_SHOWN}:10: units.correspondents.until: "
                     "应为最后担任通讯员的年份（整数），如 until: 2023，不是“去年”", id="not-a-year"),
        pytest.param("since: 2025, until: 2024", f"{UNITS_SHOWN}:10: units.correspondents.until: "
                     "结束年份 2024 早于开始年份 since: 2025，应不早于它", id="backwards"),
    ],
)
def test_wrong_years_served_are_named(tmp_path, years, expected):
    _, units, problems = units_of(tmp_path, UNITS.replace("aliases: [李小红]", f"aliases: [李小红], {years}"))
    assert lines(problems) == [expected]
    assert units[0].correspondents[1] == Correspondent("李红", ("李小红",))  # still listed, always serving


def test_a_person_listed_twice_is_one_correspondent_with_the_aliases_of_both(tmp_path):
    _, units, _ = units_of(tmp_path, UNITS.replace("      - 张晓燕\n", "      - {name: 张明, aliases: [张小明]}\n"))
    assert units[0].correspondents == (Correspondent("张明", ("张小明",)), Correspondent("李红", ("李小红",)))


def test_an_alias_that_is_another_correspondents_name_is_left_out(tmp_path):
    _, units, _ = units_of(tmp_path, UNITS.replace("aliases: [李小红]", "aliases: [李小红, 张明]"))
    assert units[0].correspondents[1] == Correspondent("李红", ("李小红",))


def test_an_alias_listed_by_two_people_goes_to_the_first(tmp_path):
    _, units, problems = units_of(tmp_path, UNITS.replace("      - 张晓燕\n", "      - {name: 张晓燕, aliases: [李小红]}\n"))
    assert lines(problems) == [
        f"{UNITS_SHOWN}:11: units.correspondents.aliases: 警告：“李小红”重复列出（第 10 行已有），只计一次"]
    assert units[0].correspondents[2] == Correspondent("张晓燕")


# -- Splitting and normalising authors' names ---------------------------------------------------


@pytest.mark.parametrize(
    ("written", "names"),
    [
        pytest.param("张明，李红", ["张明", "李红"], id="full-width-comma"),
        pytest.param("张明,李红", ["张明", "李红"], id="comma"),
        pytest.param("张明、李红", ["张明", "李红"], id="dunhao"),
        pytest.param("张明;李红", ["张明", "李红"], id="semicolon"),
        pytest.param("张明；李红", ["张明", "李红"], id="full-width-semicolon"),
        pytest.param("张明 李红", ["张明", "李红"], id="space"),
        pytest.param("张明\u3000李红", ["张明", "李红"], id="full-width-space"),
        pytest.param("张明 李红 张晓燕", ["张明", "李红", "张晓燕"], id="three"),
        pytest.param("张明， 李红 ,", ["张明", "李红"], id="spaces-around-commas"),
        pytest.param("李 红", ["李红"], id="padded-name"),
        pytest.param("李\u3000红", ["李红"], id="padded-with-full-width-space"),
        pytest.param("王  芳", ["王芳"], id="padded-with-two-spaces"),
        pytest.param("张 晓燕", ["张晓燕"], id="surname-set-apart"),
        pytest.param("John Smith", ["John Smith"], id="latin-name-keeps-its-space"),
        pytest.param("John  Smith", ["John Smith"], id="latin-name-spaces-collapsed"),
        pytest.param("John Smith，李红", ["John Smith", "李红"], id="latin-and-chinese"),
        pytest.param("张\u200b明", ["张明"], id="zero-width-space"),
        pytest.param("ＡＢＣ", ["ABC"], id="nfkc"),
        pytest.param("买买提·艾力 张明", ["买买提·艾力", "张明"], id="name-with-a-dot"),
        pytest.param("买买提•艾力", ["买买提·艾力"], id="dot-a-bullet"),
        pytest.param("买买提・艾力", ["买买提·艾力"], id="dot-katakana"),
        pytest.param("买买提･艾力", ["买买提·艾力"], id="dot-half-width-katakana"),
        pytest.param("买买提‧艾力", ["买买提·艾力"], id="dot-hyphenation-point"),
        pytest.param("买买提⋅艾力", ["买买提·艾力"], id="dot-operator"),
        pytest.param("买买提．艾力", ["买买提·艾力"], id="dot-a-full-width-full-stop"),
        pytest.param("买买提 . 艾力", ["买买提·艾力"], id="dot-a-full-stop-spaced"),
        pytest.param("买买提 · 艾力 张明", ["买买提·艾力", "张明"], id="dot-spaced"),
        pytest.param("J. Smith", ["J. Smith"], id="a-latin-initial-keeps-its-full-stop"),
        pytest.param("张明，", ["张明"], id="trailing-comma"),
        pytest.param("王芳/二", ["王芳/二"], id="a-slash-not-after-a-role-is-text"),
        pytest.param("(文：张明)", ["张明"], id="role-and-colon-in-brackets"),
        pytest.param("文／张明　图／李红", ["张明", "李红"], id="byline-roles"),
        pytest.param("记者：李红", ["李红"], id="role-and-colon"),
        pytest.param("本报记者 张明 通讯员 李红", ["张明", "李红"], id="roles-before-names"),
        pytest.param("张明 李红 摄", ["张明", "李红"], id="role-after-names"),
        pytest.param("通讯员张明", ["张明"], id="role-against-the-name"),
        pytest.param("（通讯员 张明）", ["张明"], id="in-brackets"),
        pytest.param("张明(实习)、李红（市教育局）", ["张明", "李红"], id="remarks-in-brackets"),
        pytest.param("文静", ["文静"], id="a-name-beginning-like-a-role"),
        pytest.param("通讯员", [], id="a-role-alone"),
        pytest.param("Tom &amp; Jerry;李红", ["Tom &amp; Jerry", "李红"], id="a-character-reference-is-text"),
        pytest.param("，", [], id="only-a-comma"),
        pytest.param("", [], id="empty"),
    ],
)
def test_person_names_splits_what_one_string_holds(written, names):
    assert person_names(written) == names


def test_person_name_removes_spaces_only_between_chinese_characters():
    assert person_name(" 李\u3000 红 ") == "李红"
    assert person_name("John\u3000Smith") == "John Smith"


@pytest.mark.parametrize(
    ("written", "guess"),
    [
        pytest.param("张敏", "张明", id="given-name-mistyped"),
        pytest.param("李洪", "李红", id="homophone"),
        pytest.param("张晓", "张晓燕", id="character-missing-before-one-replaced"),
        pytest.param("张小燕", "张晓燕", id="three-characters-one-replaced"),
        pytest.param("章晓燕", "张晓燕", id="surname-mistyped-in-a-longer-name"),
        pytest.param("张燕晓", "张晓燕", id="two-characters-swapped"),
        pytest.param("王芳", None, id="another-person"),
        pytest.param("赵明", None, id="only-the-given-name-shared"),
        pytest.param("李", "李红", id="surname-alone"),
        pytest.param("Jon Smith", "John Smith", id="latin"),
    ],
)
def test_close_person_suggests_a_listed_name_one_slip_away(written, guess):
    assert close_person(written, ["张明", "李红", "张晓燕", "唐敏", "John Smith"]) == guess


# -- A story's authors -----------------------------------------------------------------------------


def story_of(tmp_path, authors: str, unit: str = "安平县关工委", co_units: str = "", units: str = UNITS):
    """The story `read_story` gives and the lines `gwsite check` shows of it; the authors are on line 5."""
    docs = tmp_path / "content"
    (docs / "_data").mkdir(parents=True)
    (docs / "news").mkdir()
    (docs / "_data/units.yml").write_text(units, encoding="utf-8")
    registry, problems = load_registry(docs / "_data", "content/_data")
    assert problems == []
    co = f"co_units: [{co_units}]\n" if co_units else ""
    path = docs / "news/a.md"
    path.write_text(f"---\ntitle: 标题\ndate: 2024-03-01\nunit: {unit}\n{authors}{co}---\n正文\n", encoding="utf-8")
    story, found = read_story(path, StoryContext(docs, registry, SiteOptions(), NOW, "content"))
    return story, lines(found.items)


@pytest.mark.parametrize(
    ("authors", "names", "expected"),
    [
        pytest.param("authors: [张明, 李红]\n", ("张明", "李红"), [], id="list"),
        pytest.param("authors: 张明\n", ("张明",), [], id="one-name"),
        pytest.param("authors: []\n", (), [], id="empty-list"),
        pytest.param("authors:\n", (), [], id="left-blank"),
        pytest.param("authors: ''\n", (), [], id="empty-string"),
        pytest.param("authors: 李 红\n", ("李红",), [], id="padded-name"),
        pytest.param("authors: [李　红, 张  明]\n", ("李红", "张明"), [], id="padded-items"),
        pytest.param("authors: 张明，李红\n", ("张明", "李红"), [
            "content/news/a.md:5: authors: 警告：“张明，李红”用中文逗号“，”隔开，含 2 位作者，已拆分为张明、李红；"
            "多位作者请写成列表，每人一项，如 authors: [张明, 李红]",
        ], id="full-width-comma"),
        pytest.param("作者: 张明、李红\n", ("张明", "李红"), [
            "content/news/a.md:5: 作者: 警告：“张明、李红”用顿号“、”隔开，含 2 位作者，已拆分为张明、李红；"
            "多位作者请写成列表，每人一项，如 作者: [张明, 李红]",
        ], id="dunhao-with-chinese-key"),
        pytest.param("通讯员: 张明;李红\n", ("张明", "李红"), [
            "content/news/a.md:5: 通讯员: 警告：“张明;李红”用英文分号“;”隔开，含 2 位作者，已拆分为张明、李红；"
            "多位作者请写成列表，每人一项，如 通讯员: [张明, 李红]",
        ], id="semicolon"),
        pytest.param("authors: 张明 李红\n", ("张明", "李红"), [
            "content/news/a.md:5: authors: 警告：“张明 李红”用空格隔开，含 2 位作者，已拆分为张明、李红；"
            "多位作者请写成列表，每人一项，如 authors: [张明, 李红]",
        ], id="space"),
        pytest.param("authors: 张明\u3000李红\n", ("张明", "李红"), [
            "content/news/a.md:5: authors: 警告：“张明\u3000李红”用全角空格隔开，含 2 位作者，已拆分为张明、李红；"
            "多位作者请写成列表，每人一项，如 authors: [张明, 李红]",
        ], id="full-width-space"),
        pytest.param("authors: [张明，李红]\n", ("张明", "李红"), [
            "content/news/a.md:5: authors: 警告：“张明，李红”用中文逗号“，”隔开，含 2 位作者，已拆分为张明、李红；"
            "多位作者请写成列表，每人一项，如 authors: [张明, 李红]",
        ], id="full-width-comma-in-a-list-item"),
        pytest.param("authors:\n  - 张晓燕\n  - 张明、李红\n", ("张晓燕", "张明", "李红"), [
            "content/news/a.md:7: authors: 警告：“张明、李红”用顿号“、”隔开，含 2 位作者，已拆分为张明、李红；"
            "多位作者请写成列表，每人一项，如 authors: [张晓燕, 张明, 李红]",
        ], id="the-line-of-the-item"),
        pytest.param("authors: [张明, 李红, 张明]\n", ("张明", "李红"), [
            "content/news/a.md:5: authors: 警告：作者“张明”重复列出，只计一次",
        ], id="twice"),
        pytest.param("authors:\n  - 李红\n  - 李 红\n", ("李红",), [
            "content/news/a.md:7: authors: 警告：作者“李红”重复列出，只计一次",
        ], id="twice-once-padded"),
        pytest.param("authors: 张明、张明\n", ("张明",), [
            "content/news/a.md:5: authors: 警告：作者“张明”重复列出，只计一次",
            "content/news/a.md:5: authors: 警告：“张明、张明”用顿号“、”隔开，含 2 位作者，已拆分为张明、张明；"
            "多位作者请写成列表，每人一项，如 authors: [张明]",
        ], id="twice-in-one-string"),
        pytest.param("authors: [李红, 李小红]\n", ("李红",), [
            "content/news/a.md:5: authors: 警告：作者“李小红”和“李红”是通讯员名单中的同一人（安平县关工委的李红），只计一次",
        ], id="name-and-alias"),
        pytest.param("authors:\n  - 李 小红\n  - 张明\n  - 李红\n", ("李小红", "张明"), [
            "content/news/a.md:8: authors: 警告：作者“李红”和“李小红”是通讯员名单中的同一人（安平县关工委的李红），只计一次",
        ], id="alias-then-name"),
        pytest.param("authors: 文/张明 图/李红\n", ("张明", "李红"), [
            "content/news/a.md:5: authors: 警告：“文/张明 图/李红”中的“文”、“图”不是姓名，已略去；作者只写姓名，"
            "如 authors: [张明, 李红]",
            "content/news/a.md:5: authors: 警告：“文/张明 图/李红”用空格隔开，含 2 位作者，已拆分为张明、李红；"
            "多位作者请写成列表，每人一项，如 authors: [张明, 李红]",
        ], id="byline-pasted"),
        pytest.param("作者:\n  - 张晓燕\n  - （通讯员 张明）\n", ("张晓燕", "张明"), [
            "content/news/a.md:7: 作者: 警告：“（通讯员 张明）”中的“通讯员”不是姓名，已略去；作者只写姓名，"
            "如 作者: [张晓燕, 张明]",
        ], id="role-in-brackets-on-its-line"),
        pytest.param("通讯员: [张明(实习)]\n", ("张明",), [
            "content/news/a.md:5: 通讯员: 警告：“张明(实习)”中的“(实习)”不是姓名，已略去；作者只写姓名，如 通讯员: [张明]",
        ], id="remark"),
        pytest.param("authors: 图文\n", (), [
            "content/news/a.md:5: authors: 警告：“图文”中的“图文”不是姓名，已略去；作者只写姓名",
        ], id="only-a-role"),
        pytest.param("authors:\n  - 张明\n  -\n  - 李红\n", ("张明", "李红"), [], id="an-item-left-blank"),
        pytest.param("authors:\n  - 张明\n  - 18\n  - 李红\n  - [王芳]\n", None, [
            "content/news/a.md:7: authors: 应为作者姓名，或姓名列表，如 [张明, 李红]",
            "content/news/a.md:9: authors: 应为作者姓名，或姓名列表，如 [张明, 李红]",
        ], id="items-not-text-at-their-lines"),
        pytest.param("authors: |\n  张明\n  李红\n", ("张明", "李红"), [
            "content/news/a.md:5: authors: 警告：“张明 李红”用空格隔开，含 2 位作者，已拆分为张明、李红；"
            "多位作者请写成列表，每人一项，如 authors: [张明, 李红]",
        ], id="a-literal-block-quoted-on-one-line"),
        pytest.param("authors: [张明, 18]\n", None, [
            "content/news/a.md:5: authors: 应为作者姓名，或姓名列表，如 [张明, 李红]",
        ], id="a-number"),
    ],
)
def test_authors_are_normalised_and_split_with_a_warning_naming_the_line(tmp_path, authors, names, expected):
    story, problems = story_of(tmp_path, authors)
    assert problems == expected
    assert (story.authors if story is not None else None) == names


def test_a_name_with_another_dot_is_the_listed_correspondent(tmp_path):
    units = UNITS.replace("[王芳]", "[王芳, 阿依古丽·买买提]")
    for written in ("阿依古丽•买买提", "阿依古丽・买买提", "阿依古丽 · 买买提", "阿依古丽．买买提"):
        story, problems = story_of(tmp_path / written, f"authors: [{written}]\n", unit="市教育局关工委", units=units)
        assert problems == [] and story.authors == ("阿依古丽·买买提",)


def test_a_latin_name_in_capitals_is_the_listed_correspondent(tmp_path):
    units = UNITS.replace("[王芳]", "[王芳, Li Hong]")
    story, problems = story_of(tmp_path, "authors: [LI HONG, li hong]\n", unit="市教育局关工委", units=units)
    assert problems == ["content/news/a.md:5: authors: 警告：作者“li hong”重复列出，只计一次"]
    assert story.authors == ("LI HONG",)


def test_a_latin_name_keeps_its_space_and_is_not_split(tmp_path):
    story, problems = story_of(tmp_path, "authors: John Smith\n", unit="临河区关工委")
    assert problems == [] and story.authors == ("John Smith",)


# -- Authors a unit does not list ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("authors", "unit", "co_units", "expected"),
    [
        pytest.param("authors: [张明, 李红]\n", "安平县关工委", "", [], id="listed"),
        pytest.param("authors: [李小红]\n", "安平县关工委", "", [], id="by-alias"),
        pytest.param("authors: [李 小红]\n", "安平县关工委", "", [], id="alias-padded"),
        pytest.param("authors: [王芳]\n", "安平县关工委", "", [], id="listed-by-another-unit"),
        pytest.param("authors: [赵强]\n", "临河区关工委", "", [], id="unit-lists-nobody"),
        pytest.param("authors: [张敏]\n", "安平县关工委", "", [
            f"content/news/a.md:5: authors: 警告：作者“张敏”不在安平县关工委的通讯员名单中，是否为“张明”？{UNLISTED_HINT}",
        ], id="close-to-a-name"),
        pytest.param("authors: [李晓红]\n", "安平县关工委", "", [
            f"content/news/a.md:5: authors: 警告：作者“李晓红”不在安平县关工委的通讯员名单中，是否为“李小红”？{UNLISTED_HINT}",
        ], id="close-to-an-alias"),
        pytest.param("authors: [张晓]\n", "安平县关工委", "", [
            f"content/news/a.md:5: authors: 警告：作者“张晓”不在安平县关工委的通讯员名单中，是否为“张晓燕”？{UNLISTED_HINT}",
        ], id="character-missing"),
        pytest.param("authors: [赵强]\n", "安平县关工委", "", [
            f"content/news/a.md:5: authors: 警告：作者“赵强”不在安平县关工委的通讯员名单中。{UNLISTED_HINT}",
        ], id="no-close-name"),
        pytest.param("authors:\n  - 张明\n  - 赵强\n", "安平县关工委", "", [
            f"content/news/a.md:7: authors: 警告：作者“赵强”不在安平县关工委的通讯员名单中。{UNLISTED_HINT}",
        ], id="the-line-of-the-item"),
        pytest.param("authors: [赵强]\n", "临河区关工委", "安平县关工委", [
            f"content/news/a.md:5: authors: 警告：作者“赵强”不在安平县关工委的通讯员名单中。{UNLISTED_HINT}",
        ], id="a-co-unit-lists"),
        pytest.param("authors: [王方]\n", "安平县关工委", "市教育局关工委, 临河区关工委", [
            f"content/news/a.md:5: authors: 警告：作者“王方”不在安平县关工委、市教育局关工委的通讯员名单中，是否为“王芳”？"
            f"{UNLISTED_HINT}",
        ], id="two-units-list"),
        pytest.param("authors: [王方]\n", "临河区关工委", "", [], id="close-only-to-another-units-name"),
    ],
)
def test_an_author_the_storys_units_do_not_list_is_a_warning(tmp_path, authors, unit, co_units, expected):
    story, problems = story_of(tmp_path, authors, unit=unit, co_units=co_units)
    assert problems == expected
    assert story is not None  # a warning, never an error: guests write too
