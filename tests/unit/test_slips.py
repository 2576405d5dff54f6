"""What a Chinese input method slips into front-matter, read as meant on the text before YAML reads
it and on the values after: each rule changes only what YAML would refuse or misread, keeps every
line where it was, and leaves text that is meant as written alone."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from gwsite.content import slips, yamlsafe
from gwsite.content.fields import KNOWN_KEYS, PAGE_KEYS, STORY_KEYS, TEXT_VALUE_KEYS, Fields, tags_of
from gwsite.content.yamlsafe import YamlError
from gwsite.problems import Problems


def repaired(text: str) -> slips.Repaired:
    return slips.repair("\n" + text, KNOWN_KEYS, TEXT_VALUE_KEYS)  # as `split_story` cuts it: line 1 is the opening's rest


def test_text_without_a_suspect_character_is_returned_as_it_is():
    text = "\ntitle: 会议: 部署\ndate: 2024-03-01 14:30\nplacements:\n  - url: https://a.example/x\n"
    result = slips.repair(text, KNOWN_KEYS)
    assert result.text is text and result.slips == () and result.unknown_colons == ()


@pytest.mark.parametrize(("written", "read", "line", "named"), [
    ("标题：安平县关工委召开会议\n", "标题: 安平县关工委召开会议", 2, "中文冒号“：”"),
    ("标题 ：会议\n", "标题: 会议", 2, "中文冒号“：”"),
    ("日期:2024-03-01\n", "日期: 2024-03-01", 2, "缺少空格"),
    ("标题:\u3000会议\n", "标题: 会议", 2, "全角空格（U+3000）"),
    ("标题:\u00a0会议\n", "标题: 会议", 2, "不间断空格（U+00A0）"),
    ("刊用:\n  - 媒体: 青州日报\n    级别：市级\n", "    级别: 市级", 4, "中文冒号“：”"),
    ("刊用:\n  - 媒体：青州日报\n", "  - 媒体: 青州日报", 3, "中文冒号“：”"),
    ("刊用:\n\u3000- 媒体: 青州日报\n", "  - 媒体: 青州日报", 3, "全角空格（U+3000）"),
    ("刊用:\n\u00a0\u00a0- 媒体: 青州日报\n", "  - 媒体: 青州日报", 3, "不间断空格（U+00A0）"),
    ("标签:\n  － 助学\n", "  - 助学", 3, "全角减号“－”"),
    ("标签:\n  -\u3000助学\n", "  - 助学", 3, "全角空格（U+3000）"),
    ("标签:\n  -\t助学\n", "  - 助学", 3, "Tab 键（U+0009）"),
])
def test_each_slip_is_read_as_meant_with_one_warning_at_its_line_naming_the_character(written, read, line, named):
    result = repaired(written)

    assert result.text.split("\n")[line - 1] == read
    assert result.text.count("\n") == written.count("\n") + 1  # every line stays where it was
    assert [slip.line for slip in result.slips] == [line]
    assert named in result.slips[0].message
    yamlsafe.load(result.text)  # and YAML reads it


@pytest.mark.parametrize("written", [
    "摘要: |\n  时间：上午九点\n  日期：六月十日\n",  # a block's text is meant as written
    "摘要: >\n  标题：会议\n",
    "摘要: 本次会议明确\n  日期：六月十日前完成\n",  # deeper than its key: the summary goes on
    "摘要:\n  日期：六月十日前完成\n",  # a text's key alone on its line: its value follows, not a key
    "摘要:\n  时间：上午九点\n  地点: 会议室\n",
    "作者:\n  - 通讯员：张明\n  - 记者：李红\n",  # an item of a text's list is text: 通讯员 is a role here
    "标签:\n- 类型:宣讲\n",
    "标题: 通知：关于召开会议\n",  # a colon inside a value
    "标签: [五老宣讲，助学]\n",  # a value: read by the field, not here
    # The rest of a quoted value or of a flow list, whatever its lines look like (YAML takes a Tab there).
    '标题: "安平县关工委\n日期：召开会议"\n日期: 2024-03-01\n',
    "标题: '会议\n日期：部署'\n",
    '刊用:\n  - 媒体: 青州日报\n    版面: "第一版\n    级别：市级"\n',
    '标题: "关于召开会议的\n\t通知：部署"\n',
    '标题: "他说\\"好\n日期：x"\n',
    "标签: [五老宣讲,\n日期:助学]\n",
    "标签: [五老宣讲, 'a''\n日期：b']\n",
])
def test_text_meant_as_written_is_left_alone(written):
    assert repaired(written).text == "\n" + written


def test_after_a_quoted_value_or_a_flow_list_closes_the_next_key_is_read_again():
    result = repaired('标题: "安平县关工委\n  召开会议" # 标题\n标签: [五老宣讲,\n  助学]\n日期：2024-03-01\n')
    assert [slip.line for slip in result.slips] == [6]
    assert yamlsafe.load(result.text)["日期"] == dt.date(2024, 3, 1)


def test_quotes_and_brackets_inside_a_plain_value_open_nothing():
    result = repaired("标题: 他说\"好 [见\n日期：2024-03-01\n")
    assert [slip.line for slip in result.slips] == [3]


def test_after_a_text_key_s_list_the_items_of_placements_are_mappings_again():
    result = repaired("作者:\n  - 张明\n刊用:\n  - 媒体：青州日报\n    级别：市级\n")
    assert [slip.line for slip in result.slips] == [5, 6]


def test_under_a_key_that_may_hold_a_mapping_a_deeper_line_is_a_key():
    result = repaired("刊用:\n  媒体：青州日报\n")
    assert result.text == "\n刊用:\n  媒体: 青州日报\n" and [slip.line for slip in result.slips] == [3]


@pytest.mark.parametrize("written", ["标题: 会议\n  \u3000# 备注\n", "标题: 会议\n\u3000# 备注\n日期: 2024-03-01\n"])
def test_a_comment_indented_with_a_full_width_space_is_still_a_comment(written):
    assert yamlsafe.load(repaired(written).text)["标题"] == "会议"


def test_a_comment_inside_a_block_is_its_text():
    assert yamlsafe.load(repaired("摘要: |\n  第一段\n  \u3000# 第二段\n").text)["摘要"] == "第一段\n\u3000# 第二段\n"


def test_a_full_width_space_in_indentation_counts_two_columns_as_it_looks():
    text = repaired("刊用:\n\u3000- 媒体: 青州日报\n\u3000  日期: 2024-03-05\n").text
    assert yamlsafe.load(text) == {"刊用": [{"媒体": "青州日报", "日期": dt.date(2024, 3, 5)}]}


def test_a_tab_before_a_list_item_is_refused_at_its_line_naming_the_tab():
    with pytest.raises(YamlError) as caught:
        repaired("标题: 会议\n刊用:\n\t- 媒体: 青州日报\n")
    assert caught.value.line == 4 and caught.value.key == "媒体"
    assert "Tab" in caught.value.message


def test_an_unknown_key_with_a_full_width_colon_is_left_and_explains_the_error_it_causes():
    result = repaired("标题: 会议\n作着：张明\n日期: 2024-03-01\n")
    assert result.unknown_colons == ((3, "作着"),)
    with pytest.raises(YamlError) as caught:
        yamlsafe.load(result.text)
    explained = slips.unknown_colon(result, caught.value, KNOWN_KEYS)
    assert explained.line == 3 and explained.key == "作着" and "中文冒号“：”" in explained.message


@pytest.mark.parametrize(("written", "expected"), [
    ("“青州日报”", ("青州日报", "中文引号“”")),
    ("‘安平县关工委’", ("安平县关工委", "中文单引号‘’")),
    ("「助学」", ("助学", "直角引号「」")),
    ("“双减”下的“五老”", ("“双减”下的“五老”", None)),  # quotes inside, not around it
    ("“五老”进校园", ("“五老”进校园", None)),
    ("“”", ("“”", None)),
])
def test_chinese_quotes_around_a_whole_value_only_are_dropped(written, expected):
    assert slips.unquoted(written) == expected


@pytest.mark.parametrize(("written", "items", "named"), [
    ("五老宣讲，红色教育", ["五老宣讲", "红色教育"], "中文逗号“，”"),
    ("五老宣讲、红色教育；助学", ["五老宣讲", "红色教育", "助学"], "顿号“、”、中文分号“；”"),
    ("【五老宣讲，红色教育】", ["五老宣讲", "红色教育"], "方括号“【】”、中文逗号“，”"),
    ("［助学］", ["助学"], "方括号“［］”"),
    ("五老宣讲，", ["五老宣讲"], None),
    ("【专题】五老宣讲", ["【专题】五老宣讲"], None),  # brackets inside, not around it
])
def test_a_list_typed_on_one_line_is_split_naming_what_split_it(written, items, named):
    got_items, got_named = slips.list_items(written)
    assert got_items == (items if named else [written]) and got_named == named


@pytest.mark.parametrize(("written", "expected"), [
    ("“张明”，“李红”", ("张明，李红", "中文引号“”")),
    ("“张明，李红”", ("张明，李红", "中文引号“”")),
    ("‘张明’ “李红”", ("张明 李红", "中文单引号‘’、中文引号“”")),
    ("“五老”宣讲团", ("“五老”宣讲团", None)),
])
def test_quotes_around_the_whole_or_around_each_part_are_dropped(written, expected):
    assert slips.unquoted_parts(written) == expected


@pytest.mark.parametrize(("written", "expected"), [
    ("２０２４－０３－０１", ("2024-03-01", "全角数字、全角符号“－”")),
    ("2024-03-01 14：30", ("2024-03-01 14:30", "全角符号“：”")),
    ("2024年3月1日", ("2024-03-01", "“年月日”")),
    ("2024 年 3 月 1 日 9:30", ("2024-03-01 9:30", "“年月日”")),
    ("2024.3.1", ("2024-03-01", "“.”")),
    ("2024/03/01", ("2024-03-01", "“/”")),
    ("2024-03-01", None),
    ("2024.3/1", None),
    ("三月一日", None),
])
def test_dates_written_the_chinese_way_are_read_with_what_was_unusual(written, expected):
    assert slips.written_date(written) == expected


def _tags(text: str) -> tuple[tuple[str, ...], Problems]:
    problems = Problems("a.md")
    fields = Fields(yamlsafe.load(text), STORY_KEYS, "", problems, PAGE_KEYS)
    return tags_of(fields, problems), problems


def test_a_tag_written_twice_however_spaced_or_typed_is_one_tag():
    tags, problems = _tags("标签: [五老 宣讲, 五老\u3000宣讲, 2024, \"2024\", 助学]\n")
    assert tags == ("五老 宣讲", "2024", "助学") and problems.items == []


def test_a_list_of_many_tags_is_read_in_linear_time():
    # A 1 MB front-matter holds some 100 000 tags once split on Chinese commas; comparing each with all
    # before it took half a minute.
    started = time.perf_counter()
    tags, _ = _tags("标签: 【" + "，".join(f"t{index}" for index in range(80_000)) + "】\n")
    assert len(tags) == 80_000 and time.perf_counter() - started < 5


def test_a_list_message_quotes_at_most_ten_items_however_many_were_split():
    written = "、".join(f"标签{number}" for number in range(30_000))
    items, named = slips.list_items(written)
    message = slips.list_message(written, items, named, "标签")
    assert len(items) == 30_000 and "已按 30000 项读取" in message
    assert message.count("标签") < 40 and len(message) < 400
