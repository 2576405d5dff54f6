"""The YAML loader of stories and registry files: lines of every key, and Chinese errors at the right line.

Correspondents write front-matter by hand; each mistake must come back as one YamlError
naming its line and how to fix it, never as a PyYAML exception or a silent surprise.
"""

from __future__ import annotations

import datetime as dt

import pytest

from gwsite.content import yamlsafe
from gwsite.content.yamlsafe import ALIAS_MESSAGE, MAX_DEPTH, LineDict, LineList, YamlError

EXTRA_COLON = ("YAML 格式错误：这一行有多余的英文冒号“:”。"
               "文字中含英文冒号时，请给整个值加英文双引号，或改用中文冒号“：”")


def error_of(text: str, line_offset: int = 0) -> YamlError:
    with pytest.raises(YamlError) as caught:
        yamlsafe.load(text, line_offset=line_offset)
    return caught.value


# -- Lines ---------------------------------------------------------------------------------


def test_every_key_item_and_container_knows_its_line():
    data = yamlsafe.load("标题: 会议\n单位: [安平县关工委, 临河区关工委]\n刊用:\n  - 媒体: 青州日报\n    日期: 2024-03-15\n")
    assert isinstance(data, LineDict)
    assert data.lines == {"标题": 1, "单位": 2, "刊用": 3}
    assert isinstance(data["单位"], LineList) and data["单位"].lines == [2, 2]
    placements = data["刊用"]
    assert placements.line == 4 and placements.lines == [4]
    assert placements[0].line == 4 and placements[0].lines == {"媒体": 4, "日期": 5}


def test_line_offset_shifts_lines_of_keys_and_of_errors():
    data = yamlsafe.load("a: 1\nb:\n  - x\n", line_offset=3)
    assert data.line == 4 and data.lines == {"a": 4, "b": 5}
    assert data["b"].lines == [6]
    assert error_of("a: 1\na: 2", line_offset=5).line == 7
    assert error_of("a: [1\n", line_offset=5).line == 6


def test_line_of_an_absent_key_or_item_is_the_container_line():
    data = yamlsafe.load("x: 1\ny:\n  - a\n")
    assert data.line_of("missing") == 1
    assert data["y"].line_of(5) == 3


def test_plain_values_are_strings_numbers_booleans_and_dates():
    data = yamlsafe.load("a: 会议\nb: 12\nc: 1.5\nd: true\ne: 2024-03-15\nf: 2024-03-15 14:30:00\ng:\n")
    assert data == {"a": "会议", "b": 12, "c": 1.5, "d": True, "e": dt.date(2024, 3, 15),
                    "f": dt.datetime(2024, 3, 15, 14, 30), "g": None}


@pytest.mark.parametrize("text", ["", "# 只有注释\n"], ids=["empty", "comment-only"])
def test_an_empty_document_is_none(text):
    assert yamlsafe.load(text) is None


# -- What the loader refuses -----------------------------------------------------------------


def test_a_duplicate_key_is_refused_at_its_second_line_naming_the_first():
    error = error_of("标题: 甲\n日期: 2024-03-15\n标题: 乙\n")
    assert (error.line, error.key) == (3, "标题")
    assert error.message == "字段“标题”重复出现（第 1 行已有），请删去其中一个"


def test_a_duplicate_key_in_a_nested_mapping_is_refused_too():
    error = error_of("刊用:\n  - 媒体: 甲\n    媒体: 乙\n")
    assert (error.line, error.message) == (3, "字段“媒体”重复出现（第 2 行已有），请删去其中一个")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("a: 1\nb: &x 2\nc: *x", 2, id="alias-of-a-scalar"),
        pytest.param("a: &x [1, 2]\nb: [*x, *x]", 1, id="billion-laughs-shape"),
    ],
)
def test_anchors_and_aliases_are_refused(text, line):
    error = error_of(text)
    assert (error.line, error.message) == (line, ALIAS_MESSAGE)


def test_a_merge_key_is_refused():
    error = error_of("base: &b {x: 1}\nother:\n  <<: *b\n")
    assert (error.line, error.message) == (3, "不支持 YAML 合并键“<<”")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        pytest.param("a: !!python/object:os.system x", "!!python/object:os.system", id="python-object"),
        pytest.param("a: !!binary aGVsbG8=", "!!binary", id="binary"),
        pytest.param("a: 1\nb: !foo x", "!foo", id="local-tag"),
    ],
)
def test_tags_other_than_the_standard_ones_are_refused(text, shown):
    error = error_of(text)
    assert error.line == text.count("\n") + 1
    assert error.message == f"不允许使用 YAML 标签“{shown}”，请删去它，只写普通的文字、数字或日期"


def test_a_key_that_is_not_text_is_refused():
    assert error_of("? [a, b]\n: 1").message == "字段名必须是文字"


def test_a_date_that_does_not_exist_is_refused():
    error = error_of("标题: 会议\n日期: 2024-02-30\n")
    assert (error.line, error.message) == (2, "日期“2024-02-30”不存在，请核对年、月、日")


def test_nesting_past_the_limit_is_refused_before_libyaml_can_overflow():
    text = "a: 1\nb: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    error = error_of(text)
    assert (error.line, error.message) == (2, f"YAML 嵌套超过 {MAX_DEPTH} 层，请检查方括号和花括号")
    assert yamlsafe.load("b: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH)["b"] is not None


# -- Syntax errors explained in Chinese, at the line to fix ----------------------------------


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        pytest.param("标题: 会议: 召开", 1, EXTRA_COLON, id="english-colon-in-a-value"),
        pytest.param("标题：会议召开\n日期: 2024-03-15", 2, EXTRA_COLON, id="full-width-colon-after-a-key"),
        pytest.param("a: 1\n b: 2", 2, EXTRA_COLON, id="indented-key"),
        pytest.param("a: 1\n\tb: 2", 2, "YAML 格式错误：不能用 Tab 键缩进，请改用空格", id="tab-indent"),
        pytest.param("标题: \"会议\n\n\n日期: 2024", 1, "YAML 格式错误：引号没有成对闭合，请检查这一行的引号",
                     id="unclosed-quote-at-its-opening-line"),
        pytest.param("a: [1, 2\nb: 3", 1, "YAML 格式错误：方括号“[ ]”没有成对闭合", id="unclosed-bracket"),
        pytest.param("a: {x: 1\nb: 2", 1, "YAML 格式错误：花括号“{ }”没有成对闭合", id="unclosed-brace"),
        pytest.param("- a\nb: 1", 2, "YAML 格式错误：缩进不一致，请检查这一行与上下行的缩进（同一层用相同数量的空格）",
                     id="list-then-mapping"),
        pytest.param("标题: @会议", 1, "YAML 格式错误：值不能以“@”开头，请给整个值加英文双引号", id="at-sign"),
        pytest.param("标题: `会议`", 1, "YAML 格式错误：值不能以“`”开头，请给整个值加英文双引号", id="backtick"),
    ],
)
def test_syntax_errors_are_explained_at_their_line(text, line, message):
    error = error_of(text)
    assert (error.line, error.message) == (line, message)


def test_an_unexplained_syntax_error_still_names_the_line_and_what_to_check():
    error = error_of("a: 1\nb: *x")
    assert error.line == 2
    assert error.message.startswith("YAML 格式错误（") and error.message.endswith("），请检查这一行的缩进、引号和冒号")


def test_full_width_punctuation_in_a_value_is_plain_text():
    """Chinese text is full of full-width colons, quotes and exclamation marks: none is YAML syntax."""
    data = yamlsafe.load("标题: 会议：召开！\n摘要: “引号”（括号）、顿号，逗号\nb: ！x\n")
    assert data == {"标题": "会议：召开！", "摘要": "“引号”（括号）、顿号，逗号", "b": "！x"}


def test_a_full_width_colon_after_the_only_key_leaves_text_not_a_mapping():
    """`标题：会议` is one string to YAML; the caller (read_story) says it wants `字段: 值`."""
    assert yamlsafe.load("标题：会议") == "标题：会议"


# -- Naming the field of an error --------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param(1, "a", id="top-level-key"),
        pytest.param(2, "标题", id="indented-key-with-space-before-colon"),
        pytest.param(3, "单位", id="key-of-a-list-item"),
        pytest.param(4, "front-matter", id="comment-is-no-key"),
        pytest.param(9, "front-matter", id="line-past-the-end"),
    ],
)
def test_key_on_line_names_the_key_written_on_a_line(line, expected):
    text = "a: 1\n  标题 : x\n- 单位: y\n#c: 1"
    assert yamlsafe.key_on_line(text, line, "front-matter") == expected


def test_key_on_line_cuts_a_long_key():
    key = "字" * 50
    assert yamlsafe.key_on_line(f"{key}: 1", 1, "YAML") == "字" * yamlsafe.MAX_KEY_SHOWN + "…"
