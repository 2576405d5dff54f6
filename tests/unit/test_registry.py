"""The office's registry: loading units.yml, outlets.yml and scoring.yml, and finding names in it.

Each bad entry must come back as the exact line the office sees (`path:line: 字段: 说明`);
names must be found however they were pasted, with a “did you mean” when they are not.
"""

from __future__ import annotations

import pytest

from gwsite.content.names import NameIndex, closest, did_you_mean
from gwsite.content.registry import (DEFAULT_SCORING, Group, Level, Outlet, PlacementType, Registry, Scoring, Unit,
                                     UnknownUnit, find_unit)
from gwsite.content.registry_files import load_outlets, load_registry, load_scoring, load_units

UNITS_SHOWN = "content/_data/units.yml"
OUTLETS_SHOWN = "content/_data/outlets.yml"
SCORING_SHOWN = "content/_data/scoring.yml"

UNITS = """\
groups:
  - id: county
    name: 县（市、区）关工委
  - id: department
    name: 市直单位关工委
units:
  - id: anping
    name: 安平县关工委
    group: county
    aliases: [安平关工委]
    targets:
      2024: 60
      2025: 70.5
  - id: jiaoyu
    name: 市教育局关工委
    group: department
"""

OUTLETS = """\
outlets:
  - name: 中国火炬
    level: national
    aliases: [《中国火炬》]
  - name: 江北日报
    level: 省级
  - name: 人民网
    level: 国家级
"""

SCORING = """\
levels:
  national: {name: 中央级, points: 10}
  city: {name: 市级, points: 2.5}
types:
  text: {name: 文字, factor: 1}
  photo: {name: 图片, factor: 0.5}
sections:
  头版: 2
rules:
  same_story: highest
  year_start_month: 4
"""

DEFAULT_LEVELS = "national（中央级）、provincial（省级）、city（市级）、county（县级）"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def lines(problems):
    return [str(problem) for problem in problems]


def units_of(tmp_path, text):
    return load_units(write(tmp_path, "units.yml", text), UNITS_SHOWN)


def outlets_of(tmp_path, text, scoring=DEFAULT_SCORING):
    return load_outlets(write(tmp_path, "outlets.yml", text), OUTLETS_SHOWN, scoring)


def scoring_of(tmp_path, text):
    return load_scoring(write(tmp_path, "scoring.yml", text), SCORING_SHOWN)


# -- units.yml ---------------------------------------------------------------------------------


def test_units_file_gives_groups_and_units_with_aliases_and_targets(tmp_path):
    groups, units, problems = units_of(tmp_path, UNITS)
    assert groups == [Group("county", "县（市、区）关工委"), Group("department", "市直单位关工委")]
    assert units == [
        Unit("anping", "安平县关工委", "county", ("安平关工委",), {2024: 60.0, 2025: 70.5}),
        Unit("jiaoyu", "市教育局关工委", "department"),
    ]
    assert problems == []


def test_units_file_with_bom_and_windows_line_ends_reads_the_same(tmp_path):
    path = tmp_path / "units.yml"
    path.write_bytes(("\ufeff" + UNITS.replace("\n", "\r\n")).encode("utf-8"))
    assert load_units(path, UNITS_SHOWN) == units_of(tmp_path, UNITS)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param("id: county", "id: County", [
            f"{UNITS_SHOWN}:2: groups.id: 分组 id 应为小写英文字母、数字或连字符，如 county",
            f"{UNITS_SHOWN}:9: units.group: 未定义的分组“county”，可用的分组有：department",
        ], id="group-id-not-lowercase"),
        pytest.param("id: department", "id: county", [
            f"{UNITS_SHOWN}:4: groups.id: 分组 id“county”重复（第 2 行已有）",
            f"{UNITS_SHOWN}:16: units.group: 未定义的分组“department”，可用的分组有：county",
        ], id="group-id-twice"),
        pytest.param("    name: 市直单位关工委\n", "", [
            f"{UNITS_SHOWN}:4: groups.name: 缺少分组名称，如 name: 县（市、区）关工委",
            f"{UNITS_SHOWN}:15: units.group: 未定义的分组“department”，可用的分组有：county",
        ], id="group-without-name"),
        pytest.param("id: jiaoyu", "id: Jiaoyu", [
            f"{UNITS_SHOWN}:14: units.id: 单位 id 应为小写英文字母、数字或连字符（用于网址），如 anping，不是“Jiaoyu”",
        ], id="unit-id-not-lowercase"),
        pytest.param("id: jiaoyu", "id: anping", [
            f"{UNITS_SHOWN}:14: units.id: 单位 id“anping”重复（第 7 行已有）",
        ], id="unit-id-twice"),
        pytest.param("    name: 市教育局关工委\n", "", [
            f"{UNITS_SHOWN}:14: units.name: 缺少单位名称，如 name: 安平县关工委",
        ], id="unit-without-name"),
        pytest.param("group: department", "group: city", [
            f"{UNITS_SHOWN}:16: units.group: 未定义的分组“city”，可用的分组有：county、department",
        ], id="unit-of-unknown-group"),
        pytest.param("group: department", "group: [department]", [
            f"{UNITS_SHOWN}:16: units.group: 缺少分组，或写的不是一个分组 id（如 group: county），可用的分组有：county、department",
        ], id="unit-group-a-list"),
        pytest.param("group: department", "group: {id: department}", [
            f"{UNITS_SHOWN}:16: units.group: 缺少分组，或写的不是一个分组 id（如 group: county），可用的分组有：county、department",
        ], id="unit-group-a-mapping"),
        pytest.param("    group: department\n", "", [
            f"{UNITS_SHOWN}:14: units.group: 缺少分组，或写的不是一个分组 id（如 group: county），可用的分组有：county、department",
        ], id="unit-without-group"),
        pytest.param("group: department", "group: department\n    aliases: [安平关工委]", [
            f"{UNITS_SHOWN}:17: units.aliases: 名称“安平关工委”已被单位“anping”（第 8 行）使用，不能重复",
        ], id="alias-of-another-unit"),
        pytest.param("name: 市教育局关工委", "name: 安平县\u3000关工委", [
            f"{UNITS_SHOWN}:15: units.name: 名称“安平县\u3000关工委”已被单位“anping”（第 8 行）使用，不能重复",
        ], id="name-of-another-unit-once-normalised"),
        pytest.param("aliases: [安平关工委]", "aliases: {安平: 关工委}", [
            f"{UNITS_SHOWN}:10: units.aliases: 应为名称列表，如 [安平关工委, 安平县委关工委]",
        ], id="aliases-not-a-list"),
        pytest.param("aliases: [安平关工委]", 'aliases: [""]', [
            f"{UNITS_SHOWN}:10: units.aliases: 名称“”应为一行文字",
        ], id="alias-empty"),
        pytest.param("    targets:\n      2024: 60\n      2025: 70.5\n", "    targets: 60\n", [
            f"{UNITS_SHOWN}:11: units.targets: 应为“年份: 分值”，如 2024: 60",
        ], id="targets-not-a-mapping"),
        pytest.param("2025: 70.5", "明年: 70.5", [
            f"{UNITS_SHOWN}:13: units.targets: “明年”不是年份，应写成 2024: 60",
        ], id="target-year-not-a-year"),
        pytest.param("2025: 70.5", "1800: 70.5", [
            f"{UNITS_SHOWN}:13: units.targets: “1800”不是年份，应写成 2024: 60",
        ], id="target-year-out-of-range"),
        pytest.param("2025: 70.5", "²０２５: 70.5", [
            f"{UNITS_SHOWN}:13: units.targets: “²０２５”不是年份，应写成 2024: 60",
        ], id="target-year-superscript-digit"),  # str.isdigit() says yes, int() raised
        pytest.param("2025: 70.5", "٢٠٢٥: 70.5", [
            f"{UNITS_SHOWN}:13: units.targets: “٢٠٢٥”不是年份，应写成 2024: 60",
        ], id="target-year-other-script"),
        pytest.param("2025: 70.5", "2025: 0", [
            f"{UNITS_SHOWN}:13: units.targets.2025: 宣传任务应为大于 0 的分值，不是“0”",
        ], id="target-zero"),
        pytest.param("2025: 70.5", "2025: 七十", [
            f"{UNITS_SHOWN}:13: units.targets.2025: 宣传任务应为大于 0 的分值，不是“七十”",
        ], id="target-not-a-number"),
        pytest.param("2025: 70.5", "2025: " + "9" * 400, [
            f"{UNITS_SHOWN}:13: units.targets.2025: 宣传任务应为大于 0 的分值，不是“{'9' * 400}”",
        ], id="target-of-400-digits"),
        pytest.param("    name: 安平县关工委\n", "    name: 安平县关工委\n    name: 又一个\n", [
            f"{UNITS_SHOWN}:9: name: 字段“name”重复出现（第 8 行已有），请删去其中一个",
        ], id="yaml-duplicate-key"),
        pytest.param("    group: county\n", "    group: county: 县\n", [
            f"{UNITS_SHOWN}:9: group: YAML 格式错误：这一行有多余的英文冒号“:”。"
            "文字中含英文冒号时，请给整个值加英文双引号，或改用中文冒号“：”",
        ], id="yaml-syntax-error-names-the-key-on-its-line"),
    ],
)
def test_each_bad_entry_of_units_is_named_by_file_line_and_field(tmp_path, old, new, expected):
    assert UNITS.count(old) == 1
    _, _, problems = units_of(tmp_path, UNITS.replace(old, new))
    assert lines(problems) == expected


def test_a_bad_unit_is_left_out_and_the_others_kept(tmp_path):
    _, units, _ = units_of(tmp_path, UNITS.replace("id: jiaoyu", "id: anping"))
    assert [unit.id for unit in units] == ["anping"]


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        pytest.param("nmae: 某某", f"{UNITS_SHOWN}:17: units.nmae: 警告：未知字段，已忽略，是否为“name”？", id="close-to-a-field"),
        pytest.param("电话: 123", f"{UNITS_SHOWN}:17: units.电话: 警告：未知字段，已忽略，可用的字段有：aliases、correspondents、group、id、name、since、targets、until",
                     id="like-no-field"),
    ],
)
def test_an_unknown_field_of_a_unit_is_a_warning_with_a_hint(tmp_path, field, expected):
    _, units, problems = units_of(tmp_path, UNITS + f"    {field}\n")
    assert lines(problems) == [expected]
    assert len(units) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("- 安平县关工委\n", [
            f"{UNITS_SHOWN}:1: groups: 文件内容应以“groups:”开头，参见《名录与任务维护》",
            f"{UNITS_SHOWN}:1: units: 文件内容应以“units:”开头，参见《名录与任务维护》",
        ], id="not-a-mapping"),
        pytest.param("units: 安平县关工委\n", [
            f"{UNITS_SHOWN}:1: groups: 缺少“groups:”列表，参见《名录与任务维护》",
            f"{UNITS_SHOWN}:1: units: “units”应为列表，每一项以“- ”开头",
        ], id="groups-missing-units-not-a-list"),
        pytest.param(UNITS + "  - 临河区关工委\n", [
            f"{UNITS_SHOWN}:17: units: 第 3 项应为“字段: 值”的形式",
        ], id="list-item-not-a-mapping"),
    ],
)
def test_a_units_file_of_the_wrong_shape_says_what_it_should_be(tmp_path, text, expected):
    _, _, problems = units_of(tmp_path, text)
    assert lines(problems) == expected


def test_a_missing_units_file_is_an_error(tmp_path):
    groups, units, problems = load_units(tmp_path / "units.yml", UNITS_SHOWN)
    assert (groups, units) == ([], [])
    assert lines(problems) == [f"{UNITS_SHOWN}:1: 文件: 缺少单位名录 units.yml，请按《名录与任务维护》建立"]


def test_a_units_file_not_in_utf8_names_the_line_of_the_first_bad_byte(tmp_path):
    path = tmp_path / "units.yml"
    path.write_bytes(UNITS.encode("gbk"))
    _, units, problems = load_units(path, UNITS_SHOWN)
    assert units == []
    assert lines(problems) == [f"{UNITS_SHOWN}:3: 编码: 文件不是 UTF-8 编码，请用记事本或 WPS“另存为”UTF-8 格式"]


def test_a_registry_file_over_2_mb_is_refused_unread(tmp_path):
    _, units, problems = units_of(tmp_path, UNITS + "# " + "很长的注释" * 200_000 + "\n")
    assert units == []
    assert lines(problems) == [f"{UNITS_SHOWN}:1: 文件: 文件超过 2 MB，不像是名录文件，请检查"]


# -- outlets.yml -------------------------------------------------------------------------------


def test_outlets_file_gives_outlets_with_their_level_by_key_name_or_synonym(tmp_path):
    outlets, problems = outlets_of(tmp_path, OUTLETS)
    assert outlets == [
        Outlet("中国火炬", "national", ("《中国火炬》",)),
        Outlet("江北日报", "provincial"),
        Outlet("人民网", "national"),
    ]
    assert problems == []


def test_a_missing_outlets_file_is_an_empty_directory(tmp_path):
    assert load_outlets(tmp_path / "outlets.yml", OUTLETS_SHOWN, DEFAULT_SCORING) == ([], [])


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param("level: 省级", "level: 乡镇级", [
            f"{OUTLETS_SHOWN}:6: outlets.level: 媒体“江北日报”的级别“乡镇级”无效，应为 {DEFAULT_LEVELS}",
        ], id="unknown-level"),
        pytest.param("level: 省级", "level: 3", [
            f"{OUTLETS_SHOWN}:6: outlets.level: 媒体“江北日报”的级别“3”无效，应为 {DEFAULT_LEVELS}",
        ], id="level-a-number"),
        pytest.param("  - name: 江北日报\n", "  - aliases: [江北日报]\n", [
            f"{OUTLETS_SHOWN}:5: outlets.name: 缺少媒体名称，如 name: 青州日报",
        ], id="outlet-without-name"),
        pytest.param("level: 省级", "level: 省级\n    aliases: [《中国火炬》]", [
            f"{OUTLETS_SHOWN}:7: outlets.aliases: 名称“《中国火炬》”已指向媒体“中国火炬”（第 2 行），一个名称只能指向一家媒体",
        ], id="alias-of-another-outlet"),
        pytest.param("name: 人民网", "name: 江北 日报", [
            f"{OUTLETS_SHOWN}:7: outlets.name: 名称“江北 日报”已指向媒体“江北日报”（第 5 行），一个名称只能指向一家媒体",
        ], id="name-twice-once-normalised"),
        pytest.param("level: 国家级\n", "level: 国家级\n    网址: https://www.people.com.cn\n", [
            f"{OUTLETS_SHOWN}:9: outlets.网址: 警告：未知字段，已忽略，可用的字段有：aliases、level、name",
        ], id="unknown-field"),
    ],
)
def test_each_bad_entry_of_outlets_is_named_by_file_line_and_field(tmp_path, old, new, expected):
    assert OUTLETS.count(old) == 1
    _, problems = outlets_of(tmp_path, OUTLETS.replace(old, new))
    assert lines(problems) == expected


def test_outlet_levels_are_those_of_the_scoring_file(tmp_path):
    scoring, _ = scoring_of(tmp_path, SCORING)
    outlets, problems = outlets_of(tmp_path, "outlets:\n  - name: 青州日报\n    level: 市级\n  - name: 江北日报\n    level: 省级\n",
                                   scoring)
    assert outlets == [Outlet("青州日报", "city")]
    assert lines(problems) == [
        f"{OUTLETS_SHOWN}:5: outlets.level: 媒体“江北日报”的级别“省级”无效，应为 national（中央级）、city（市级）"]


# -- scoring.yml -------------------------------------------------------------------------------


def test_scoring_file_gives_levels_types_sections_and_rules(tmp_path):
    scoring, problems = scoring_of(tmp_path, SCORING)
    assert scoring == Scoring(
        levels=(Level("national", "中央级", 10.0), Level("city", "市级", 2.5)),
        types=(PlacementType("text", "文字", 1.0), PlacementType("photo", "图片", 0.5)),
        sections=(("头版", 2.0),),
        same_story="highest",
        year_start_month=4,
    )
    assert problems == []


def test_without_a_scoring_file_the_default_rules_apply(tmp_path):
    assert load_scoring(tmp_path / "scoring.yml", SCORING_SHOWN) == (DEFAULT_SCORING, [])


def test_sections_left_empty_means_no_section_bonus_absent_means_the_default(tmp_path):
    empty, _ = scoring_of(tmp_path, SCORING.replace("  头版: 2\n", ""))
    absent, _ = scoring_of(tmp_path, SCORING.replace("sections:\n  头版: 2\n", ""))
    assert empty.sections == ()
    assert absent.sections == DEFAULT_SCORING.sections


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param("  city:", "  City:", [
            f"{SCORING_SHOWN}:3: levels.City: 键应为小写英文字母、数字或连字符，如 national",
        ], id="level-key-not-lowercase"),
        pytest.param("{name: 市级, points: 2.5}", "2.5", [
            f"{SCORING_SHOWN}:3: levels.city: 应为 {{name: 名称, points: 分值}}",
        ], id="level-not-a-mapping"),
        pytest.param("{name: 市级, points: 2.5}", "{points: 2.5}", [
            f"{SCORING_SHOWN}:3: levels.city.name: 缺少中文名称，如 name: 省级",
        ], id="level-without-name"),
        pytest.param("points: 2.5", "points: -1", [
            f"{SCORING_SHOWN}:3: levels.city.points: 分值应为不小于 0 的数字",
        ], id="negative-points"),
        pytest.param("points: 2.5", "points: " + "9" * 400, [
            f"{SCORING_SHOWN}:3: levels.city.points: 分值应为不小于 0 的数字",
        ], id="points-of-400-digits"),
        pytest.param("points: 2.5", "points: .inf", [
            f"{SCORING_SHOWN}:3: levels.city.points: 分值应为不小于 0 的数字",
        ], id="points-infinite"),
        pytest.param("factor: 0.5", "factor: 1.0e+300", [
            f"{SCORING_SHOWN}:6: types.photo.factor: 系数应为不小于 0 的数字",
        ], id="factor-of-1e300"),
        pytest.param("  头版: 2", "  头版: .nan", [
            f"{SCORING_SHOWN}:8: sections.头版: 系数应为大于 0 的数字",
        ], id="section-factor-nan"),
        pytest.param("name: 市级", "name: 中央级", [
            f"{SCORING_SHOWN}:3: levels.city.name: 名称“中央级”与“national”重复",
        ], id="level-name-twice"),
        pytest.param("{name: 市级, points: 2.5}", "{name: 市级, points: 2.5, bonus: 1}", [
            f"{SCORING_SHOWN}:3: levels.city.bonus: 警告：未知字段，已忽略，可用的字段有：name、points",
        ], id="unknown-field-of-a-level"),
        pytest.param("factor: 0.5", "factor: 半", [
            f"{SCORING_SHOWN}:6: types.photo.factor: 系数应为不小于 0 的数字",
        ], id="factor-not-a-number"),
        pytest.param("  text: {name: 文字, factor: 1}\n", "", [
            f"{SCORING_SHOWN}:4: types: 缺少默认类型 text（文字稿），刊用记录不写类型时按它计分",
        ], id="no-text-type"),
        pytest.param("  头版: 2", "  头版: 0", [
            f"{SCORING_SHOWN}:8: sections.头版: 系数应为大于 0 的数字",
        ], id="section-factor-zero"),
        pytest.param("  头版: 2", "  2: 2", [
            f"{SCORING_SHOWN}:8: sections: 版面关键词应为文字",
        ], id="section-keyword-a-number"),
        pytest.param("sections:\n  头版: 2", "sections: 头版", [
            f"{SCORING_SHOWN}:7: sections: 应为“版面关键词: 系数”，如 头版: 2.0",
        ], id="sections-not-a-mapping"),
        pytest.param("same_story: highest", "same_story: best", [
            f"{SCORING_SHOWN}:10: rules.same_story: 应为 each（每家媒体都计分）或 highest（只计得分最高的一家），不是“best”",
        ], id="same-story-unknown"),
        pytest.param("year_start_month: 4", "year_start_month: 13", [
            f"{SCORING_SHOWN}:11: rules.year_start_month: 应为 1 到 12 之间的整数（月份）",
        ], id="year-start-month-13"),
        pytest.param("year_start_month: 4", "year_start_month: true", [
            f"{SCORING_SHOWN}:11: rules.year_start_month: 应为 1 到 12 之间的整数（月份）",
        ], id="year-start-month-boolean"),
        pytest.param("same_story: highest", "same_storey: highest", [
            f"{SCORING_SHOWN}:10: rules.same_storey: 警告：未知字段，已忽略，是否为“same_story”？",
        ], id="rule-misspelt"),
        pytest.param("rules:\n  same_story: highest\n  year_start_month: 4\n", "rules: highest\n", [
            f"{SCORING_SHOWN}:9: rules: 应为“规则: 值”，如 same_story: each",
        ], id="rules-not-a-mapping"),
        pytest.param("rules:", "rule:", [
            f"{SCORING_SHOWN}:9: scoring.rule: 警告：未知字段，已忽略，是否为“rules”？",
        ], id="part-misspelt"),
    ],
)
def test_each_bad_entry_of_scoring_is_named_by_file_line_and_field(tmp_path, old, new, expected):
    assert SCORING.count(old) == 1
    _, problems = scoring_of(tmp_path, SCORING.replace(old, new))
    assert lines(problems) == expected


def test_a_level_with_bad_points_is_kept_at_zero_and_a_missing_text_type_is_added(tmp_path):
    scoring, _ = scoring_of(tmp_path, SCORING.replace("points: 2.5", "points: -1").replace(
        "  text: {name: 文字, factor: 1}\n", ""))
    assert scoring.level("city").points == 0.0
    assert scoring.type("text") == PlacementType("text", "文字", 1.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("- 1\n", f"{SCORING_SHOWN}:1: scoring: 文件内容应为 levels、types、sections、rules 几个部分",
                     id="not-a-mapping"),
        pytest.param("levels: 10\n", f"{SCORING_SHOWN}:1: levels: 应为“键: {{name: 名称, points: 分值}}”的列表",
                     id="levels-not-a-table"),
    ],
)
def test_a_scoring_file_of_the_wrong_shape_falls_back_to_the_defaults(tmp_path, text, expected):
    scoring, problems = scoring_of(tmp_path, text)
    assert lines(problems) == [expected]
    assert scoring.levels == DEFAULT_SCORING.levels


# -- The whole registry -------------------------------------------------------------------------


def test_load_registry_reads_the_three_files_and_reports_their_problems_in_order(tmp_path):
    write(tmp_path, "scoring.yml", SCORING.replace("same_story: highest", "same_story: best"))
    write(tmp_path, "units.yml", UNITS.replace("group: department", "group: city"))
    write(tmp_path, "outlets.yml", "outlets:\n  - name: 青州日报\n    level: 市级\n  - name: 江北日报\n    level: 省级\n")
    registry, problems = load_registry(tmp_path, "content/_data")
    assert [unit.id for unit in registry.units] == ["anping"]
    assert registry.outlets == (Outlet("青州日报", "city"),)
    assert registry.scoring.levels[1] == Level("city", "市级", 2.5)
    assert lines(problems) == [
        f"{SCORING_SHOWN}:10: rules.same_story: 应为 each（每家媒体都计分）或 highest（只计得分最高的一家），不是“best”",
        f"{UNITS_SHOWN}:16: units.group: 未定义的分组“city”，可用的分组有：county、department",
        f"{OUTLETS_SHOWN}:5: outlets.level: 媒体“江北日报”的级别“省级”无效，应为 national（中央级）、city（市级）",
    ]


# -- Finding names -------------------------------------------------------------------------------


@pytest.fixture
def registry(tmp_path):
    groups, units, _ = units_of(tmp_path, UNITS)
    outlets, _ = outlets_of(tmp_path, OUTLETS)
    return Registry(groups, units, outlets)


@pytest.mark.parametrize(
    ("name", "repaired"),
    [
        pytest.param("安平县关工委", False, id="name-as-registered"),
        pytest.param("安平关工委", False, id="alias-as-registered"),
        pytest.param(" 安平县\u3000关工委 ", True, id="spaces-and-ideographic-space"),
        pytest.param("安平县\u200b关工委", True, id="zero-width-space"),
        pytest.param("安平关工委\ufeff", True, id="alias-with-bom"),
    ],
)
def test_a_unit_is_found_by_name_or_alias_after_normalisation(registry, name, repaired):
    match = find_unit(registry, name)
    assert match.item is registry.unit("anping")
    assert match.repaired is repaired


@pytest.mark.parametrize(
    ("name", "message"),
    [
        pytest.param("安平县关工会", "未登记的单位“安平县关工会”，是否为“安平县关工委”？", id="one-character-off"),
        pytest.param("安平县关工委办公室", "未登记的单位“安平县关工委办公室”，是否为“安平县关工委”？", id="contains-a-name"),
        pytest.param("安平关工会", "未登记的单位“安平关工会”，是否为“安平县关工委”？", id="near-an-alias-names-the-unit"),
        pytest.param("火星关工委", "未登记的单位“火星关工委”，请使用 units.yml 中登记的单位名称", id="nothing-close"),
        pytest.param("安", "未登记的单位“安”，请使用 units.yml 中登记的单位名称", id="one-character-is-no-guess"),
    ],
)
def test_an_unknown_unit_names_the_closest_registered_one(registry, name, message):
    with pytest.raises(UnknownUnit) as unknown:
        find_unit(registry, name)
    assert str(unknown.value) == message


@pytest.mark.parametrize("name", ["national", "中央级", "国家级", " 中央 级 "])
def test_a_level_is_found_by_key_name_or_synonym(registry, name):
    assert registry.level_names.lookup(name).item == DEFAULT_SCORING.level("national")


def test_outlets_and_placement_types_are_found_by_name(registry):
    assert registry.outlet_names.lookup("《中国火炬》").item.name == "中国火炬"
    assert registry.outlet_names.lookup("ＣＣＴＶ") is None
    assert registry.type_names.lookup("图片").item.key == "photo"
    assert registry.type_names.lookup("photo").item.key == "photo"


def test_a_name_index_refuses_a_name_taken_by_another_item():
    index: NameIndex[str] = NameIndex()
    assert index.add("安平县关工委", "anping", "安平县关工委") is None
    assert index.add("安平县关工委", "anping", "安平县关工委") is None  # the same item again is fine
    assert index.add("安平县 关工委", "linhe", "安平县 关工委") == "anping"
    assert index.lookup("安平县关工委").item == "anping"


@pytest.mark.parametrize(
    ("guess", "otherwise", "expected"),
    [
        pytest.param("name", "", "，是否为“name”？", id="a-guess"),
        pytest.param(None, "", "", id="nothing"),
        pytest.param(None, "，可用的字段有：id", "，可用的字段有：id", id="nothing-but-a-list"),
    ],
)
def test_did_you_mean(guess, otherwise, expected):
    assert did_you_mean(guess, otherwise) == expected


def test_closest_needs_a_likeness_of_at_least_the_cutoff():
    assert closest("nmae", ["id", "name", "group"]) == "name"
    assert closest("电话", ["id", "name", "group"]) is None
    assert closest("安平县关工会", ["安平县关工委"], cutoff=0.9) is None


# -- A unit's lifetime: since/until -------------------------------------------------------------------


def test_since_and_until_give_the_years_a_unit_existed(tmp_path):
    text = UNITS.replace("    group: department\n", "    group: department\n    since: 2023\n    until: 2025\n")
    _, units, problems = units_of(tmp_path, text)
    assert problems == []
    assert (units[0].since, units[0].until, units[1].since, units[1].until) == (None, None, 2023, 2025)
    assert [year for year in (2022, 2023, 2025, 2026) if units[1].existed(year)] == [2023, 2025]
    assert units[0].existed(1999)


@pytest.mark.parametrize(
    ("lifetime", "expected"),
    [
        pytest.param("    since: 二〇二三\n", [
            f"{UNITS_SHOWN}:17: units.since: 应为成立（开始参加排名）的年份（整数），如 since: 2023，不是“二〇二三”",
        ], id="since-not-a-number"),
        pytest.param("    until: 2025.5\n", [
            f"{UNITS_SHOWN}:17: units.until: 应为撤销或合并（最后参加排名）的年份（整数），如 until: 2023，不是“2025.5”",
        ], id="until-not-an-integer"),
        pytest.param("    until: true\n", [
            f"{UNITS_SHOWN}:17: units.until: 应为撤销或合并（最后参加排名）的年份（整数），如 until: 2023，不是“True”",
        ], id="until-a-boolean"),
        pytest.param("    since: 25\n", [
            f"{UNITS_SHOWN}:17: units.since: 应为成立（开始参加排名）的年份（整数），如 since: 2023，不是“25”",
        ], id="since-not-a-year"),
        pytest.param("    since: 2025\n    until: 2023\n", [
            f"{UNITS_SHOWN}:18: units.until: 结束年份 2023 早于开始年份 since: 2025，应不早于它",
        ], id="until-before-since"),
    ],
)
def test_a_bad_since_or_until_is_named_by_file_line_and_field(tmp_path, lifetime, expected):
    _, _, problems = units_of(tmp_path, UNITS + lifetime)
    assert lines(problems) == expected


def test_a_year_typed_as_text_or_in_full_width_is_read(tmp_path):
    text = UNITS.replace("2025: 70.5", "２０２５: 70.5")
    _, units, problems = units_of(tmp_path, text + '    since: "2023"\n    until: ２０２６\n')
    assert problems == []
    assert (units[1].since, units[1].until, units[0].targets.get(2025)) == (2023, 2026, 70.5)


def test_since_equal_to_until_is_a_unit_of_one_year(tmp_path):
    _, units, problems = units_of(tmp_path, UNITS + "    since: 2024\n    until: 2024\n")
    assert problems == [] and [units[1].existed(y) for y in (2023, 2024, 2025)] == [False, True, False]


# -- Stories and units: an abolished unit, a story outside a unit's years -----------------------------


def story_problems(tmp_path, units_text: str, unit: str = "安平县关工委", date: str = "2024-03-01", co_units: str = ""):
    """The problems `gwsite check` reports of one story, against `units_text`."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from gwsite.content.loading import load_site
    from gwsite.content.story import SiteOptions

    docs = tmp_path / "content"
    (docs / "_data").mkdir(parents=True)
    (docs / "news").mkdir()
    (docs / "_data/units.yml").write_text(units_text, encoding="utf-8")
    co = f"co_units: [{co_units}]\n" if co_units else ""
    (docs / "news/a.md").write_text(f"---\ntitle: 标题\ndate: {date}\nunit: {unit}\n{co}---\n正文\n", encoding="utf-8")
    site = load_site(docs, SiteOptions(), dt.datetime(2026, 12, 1, tzinfo=ZoneInfo("Asia/Shanghai")))
    return [str(problem) for problem in site.problems]


def test_a_story_of_an_unregistered_unit_is_told_to_keep_an_abolished_unit_with_until(tmp_path):
    assert story_problems(tmp_path, UNITS, unit="老城区关工委") == [
        "content/news/a.md:4: unit: 未登记的单位“老城区关工委”，请使用 units.yml 中登记的单位名称"
        "（如该单位已撤销或合并，请勿从 units.yml 删除，应保留并加上 until: 最后一年，原有稿件仍计入其存在年度的排名）"
    ]


@pytest.mark.parametrize(
    ("lifetime", "date", "expected"),
    [
        pytest.param("until: 2024", "2024-12-31", [], id="in-its-last-year"),
        pytest.param("since: 2024", "2024-01-01", [], id="in-its-first-year"),
        pytest.param("until: 2024", "2025-01-02", [
            "content/news/a.md:4: unit: 单位“市教育局关工委”已于 2024 年度后撤销（units.yml 中 until: 2024），"
            "稿件日期 2025-01-02 属于 2025 年度，请核对日期或改为现在的单位"], id="after-until"),
        pytest.param("since: 2025", "2024-06-01", [
            "content/news/a.md:4: unit: 单位“市教育局关工委”自 2025 年度起才有（units.yml 中 since: 2025），"
            "稿件日期 2024-06-01 属于 2024 年度，请核对日期或单位"], id="before-since"),
    ],
)
def test_a_story_dated_outside_its_units_years_is_an_error_naming_the_field(tmp_path, lifetime, date, expected):
    units_text = UNITS + f"    {lifetime}\n"
    assert story_problems(tmp_path, units_text, unit="市教育局关工委", date=date) == expected


def test_a_co_unit_outside_its_years_is_named_in_co_units(tmp_path):
    problems = story_problems(tmp_path, UNITS + "    until: 2023\n", date="2024-05-01", co_units="市教育局关工委")
    assert problems == [
        "content/news/a.md:5: co_units: 单位“市教育局关工委”已于 2023 年度后撤销（units.yml 中 until: 2023），"
        "稿件日期 2024-05-01 属于 2024 年度，请核对日期或改为现在的单位"]


def test_a_placement_dated_after_its_units_last_year_is_an_error_at_its_date(tmp_path):
    docs = tmp_path / "content"
    (docs / "_data").mkdir(parents=True)
    (docs / "news").mkdir()
    (docs / "_data/units.yml").write_text(UNITS + "    until: 2025\n", encoding="utf-8")
    (docs / "_data/outlets.yml").write_text(OUTLETS, encoding="utf-8")
    (docs / "news/a.md").write_text(
        "---\ntitle: 标题\ndate: 2025-12-20\nunit: 市教育局关工委\n刊用:\n"
        "  - 媒体: 江北日报\n    日期: 2025-12-28\n  - 媒体: 中国火炬\n    日期: 2026-01-05\n---\n正文\n",
        encoding="utf-8")
    import datetime as dt
    from zoneinfo import ZoneInfo

    from gwsite.content.loading import load_site
    from gwsite.content.story import SiteOptions

    site = load_site(docs, SiteOptions(), dt.datetime(2026, 12, 1, tzinfo=ZoneInfo("Asia/Shanghai")))
    assert [str(problem) for problem in site.problems] == [
        "content/news/a.md:9: 刊用[2].日期: 单位“市教育局关工委”已于 2025 年度后撤销（units.yml 中 until: 2025），"
        "刊用日期 2026-01-05 属于 2026 年度，这条刊用记录不能计入该单位的排名，请核对日期"]
