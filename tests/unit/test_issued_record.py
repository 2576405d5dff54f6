"""An issued period's file: made from the content, read back as untrusted input, compared."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from gwsite.content.registry import Group, Outlet, Registry, Unit
from gwsite.content.story import Placement, Story
from gwsite.ranking import issued, issued_changes, issued_file
from gwsite.ranking.tally import Period, tally

TZ = dt.timezone(dt.timedelta(hours=8))
Q1 = Period(2025, "quarter", 1)


def registry(level: str = "city") -> Registry:
    return Registry(
        groups=[Group("county", "县（市、区）关工委")],
        units=[Unit("anping", "安平县关工委", "county", targets={2025: 20}), Unit("linhe", "临河区关工委", "county")],
        outlets=[Outlet("青州日报", level), Outlet("江北日报", "provincial")],
    )


def story(src: str, unit: str, day: dt.date, *placements: tuple[str, str, dt.date]) -> Story:
    return Story(src=src, title=src, date=dt.datetime(day.year, day.month, day.day, tzinfo=TZ), unit=unit,
                 placements=tuple(Placement(outlet, True, level, date) for outlet, level, date in placements))


STORIES = [
    story("news/2025/a.md", "anping", dt.date(2025, 2, 1), ("青州日报", "city", dt.date(2025, 2, 2))),
    story("news/2025/b.md", "linhe", dt.date(2025, 3, 1), ("江北日报", "provincial", dt.date(2025, 3, 30))),
]


def written(tmp_path: Path, stories=STORIES, reg=None, cutoff=dt.date(2025, 3, 31)) -> Path:
    reg = reg or registry()
    record = issued.make(stories, reg, Q1, dt.date(2025, 4, 3), cutoff)
    path = tmp_path / "_data" / "issued" / "2025q1.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(issued.dump(record, Q1.label()), encoding="utf-8")
    return path


def read(tmp_path: Path):
    return issued_file.read_all(tmp_path / "_data", "content/_data")


def test_the_record_reads_back_as_the_ranking_it_was_made_from(tmp_path):
    written(tmp_path)
    records, problems = read(tmp_path)
    assert problems == []
    record = records[Q1]
    assert (record.issued, record.cutoff, record.path) == (dt.date(2025, 4, 3), dt.date(2025, 3, 31),
                                                           "content/_data/issued/2025q1.yml")
    assert record.outlets == {"江北日报": "provincial", "青州日报": "city"}
    shown = issued.issued_ranking(record)
    live = tally(STORIES, registry(), Q1)
    assert [(s.rank, s.unit.id, s.points, s.placements, s.completion) for s in shown.units] == \
        [(s.rank, s.unit.id, s.points, s.placements, s.completion) for s in live.units]
    assert issued_changes.compare(record, live, registry(), issued.score_placements(STORIES, registry())) == ()


def test_same_content_and_dates_give_the_same_bytes(tmp_path):
    first = written(tmp_path / "one", stories=STORIES).read_bytes()
    second = written(tmp_path / "two", stories=list(reversed(STORIES))).read_bytes()
    assert first == second


def test_a_cutoff_on_the_issue_date_reads_back(tmp_path):
    """gwsite issue without --cutoff passes today as both dates: one object, once dumped as &id001/*id001."""
    today = dt.date(2025, 4, 3)
    text = issued.dump(issued.make(STORIES, registry(), Q1, today, today), Q1.label())
    assert "&" not in text and "*" not in text
    path = tmp_path / "_data" / "issued" / "2025q1.yml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    records, problems = read(tmp_path)
    assert problems == [] and records[Q1].cutoff == today


def test_the_cutoff_leaves_later_placements_out(tmp_path):
    written(tmp_path, cutoff=dt.date(2025, 3, 29))
    record = read(tmp_path)[0][Q1]
    assert [row.points for row in record.rows] == [2.0, 0.0]
    assert [p.outlet for p in record.placements] == ["青州日报"]
    changes = issued_changes.apply({Q1: record}, STORIES, registry())[Q1].changes
    assert [(c.unit, c.before["points"], c.after["points"]) for c in changes] == [("linhe", 0.0, 5.0)]
    assert changes[0].causes == ("新增刊用记录（刊发于截止日期之后） news/2025/b.md：江北日报 2025-03-30，得分 5.0",)


def test_an_outlet_level_change_is_named_as_such(tmp_path):
    written(tmp_path)
    record = read(tmp_path)[0][Q1]
    now = registry(level="provincial")  # a story's placement takes its outlet's level when it is read
    stories = [story("news/2025/a.md", "anping", dt.date(2025, 2, 1), ("青州日报", "provincial", dt.date(2025, 2, 2))),
               STORIES[1]]
    (change,) = issued_changes.apply({Q1: record}, stories, now)[Q1].changes
    assert (change.unit, change.before["points"], change.after["points"]) == ("anping", 2.0, 5.0)
    assert change.causes == ("刊用记录变更 news/2025/a.md：青州日报 2025-02-02：媒体“青州日报”级别由市级改为省级（outlets.yml）",)


def test_a_removed_unit_is_listed(tmp_path):
    written(tmp_path)
    record = read(tmp_path)[0][Q1]
    now = Registry(groups=[Group("county", "县（市、区）关工委")], units=[Unit("anping", "安平县关工委", "county")],
                   outlets=registry().outlets)
    (change,) = issued_changes.apply({Q1: record}, STORIES[:1], now)[Q1].changes
    assert (change.unit, change.after) == ("linhe", None)
    assert change.causes[0] == "单位已从 units.yml 删去"


def test_a_unit_whose_until_now_leaves_the_period_out_is_not_called_removed(tmp_path):
    written(tmp_path)
    record = read(tmp_path)[0][Q1]
    now = Registry(groups=[Group("county", "县（市、区）关工委")],
                   units=[Unit("anping", "安平县关工委", "county"), Unit("linhe", "临河区关工委", "county", until=2024)],
                   outlets=registry().outlets)
    (change,) = issued_changes.apply({Q1: record}, STORIES[:1], now)[Q1].changes
    assert (change.unit, change.after) == ("linhe", None)
    assert change.causes[0] == "units.yml 中该单位的 until: 2024 使它不再参加2025年第一季度的排名"


BAD = {
    "not a mapping": (None, "- 2025Q1\n", "content/_data/issued/2025q1.yml:1: 文件: 已通报排名文件应由 gwsite issue 生成"),
    "a date with a time": ("issued: 2025-04-03\n", "issued: 2025-04-03 10:00:00\n", ":12: issued: 应为通报日期，如 2025-04-03，不带时间"),
    "an infinite score": ("  points: 2.0\n", "  points: .inf\n", ": units[2].points: 应为得分（数字），不是“inf”"),
    "a huge score": ("  points: 2.0\n", "  points: " + "9" * 400 + "\n",
                     ": units[2].points: 应为 0 至 1000000000 之间的得分（数字），不是“一个过大的数”"),
    "a negative count": ("    city: 1\n", "    city: -1\n",
                         ": units[2].placements.city: 应为 0 至 1000000000 之间的篇数（整数），不是“-1”"),
    "an unknown level": ("    city: 1\n", "    town: 1\n", ": units[2].placements: 级别“town”不在本文件 scoring.levels 中"),
    "an unknown group": ("  group: county\n", "  group: city\n", ": units.group: 分组“city”不在本文件的 groups 中（county）"),
    "a group twice": ("groups:\n", "groups:\n- id: county\n  name: 又一个\n",
                      ":52: groups[2].id: 分组“county”重复，每个分组只应列一次"),
    "a list for a row": ("units:\n", "units:\n- [1, 2]\n", ": units[1]: 每个单位应有 rank、id、name、group、points 等字段"),
}


@pytest.mark.parametrize("case", BAD)
def test_a_malformed_file_is_one_message_naming_line_and_field(tmp_path, case):
    old, new, message = BAD[case]
    path = written(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert old is None or old in text
    path.write_text(new if old is None else text.replace(old, new, 1), encoding="utf-8")
    records, problems = read(tmp_path)
    assert records == {}
    assert len(problems) == 1, problems
    assert message in str(problems[0])


def test_a_file_named_for_no_period_is_an_error(tmp_path):
    path = written(tmp_path)
    path.rename(path.with_name("2025春.yml"))
    records, problems = read(tmp_path)
    assert records == {}
    assert [str(p) for p in problems] == [
        "content/_data/issued/2025春.yml:1: 文件: 文件名“2025春.yml”不是统计期，应为 2025.yml、2025q1.yml 或 2025-03.yml"]


def test_a_file_named_for_a_cumulative_period_is_an_error(tmp_path):
    """Only a year, a quarter or a month is issued: a range's file would be read for a period no
    ranking page shows as issued."""
    path = written(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("period: 2025Q1", "period: 2025-01..2025-03"),
                    encoding="utf-8")
    path.rename(path.with_name("2025-01..2025-03.yml"))
    records, problems = read(tmp_path)
    assert records == {}
    assert [str(p) for p in problems] == [
        "content/_data/issued/2025-01..2025-03.yml:1: 文件: "
        "文件名“2025-01..2025-03.yml”不是统计期，应为 2025.yml、2025q1.yml 或 2025-03.yml"]


def test_no_edit_of_any_line_makes_a_traceback(tmp_path):
    """Untrusted input: every line deleted, or its value replaced by something of another type, is
    read either as a record or as problems, never as an exception."""
    path = written(tmp_path)
    lines = path.read_text(encoding="utf-8").split("\n")
    for index, line in enumerate(lines):
        variants = [lines[:index] + lines[index + 1:]]
        if ":" in line:
            head = line.split(":", 1)[0]
            variants += [lines[:index] + [f"{head}: {value}"] + lines[index + 1:]
                         for value in ("[]", "{}", "x", "-1", ".nan", "2025-13-01", "~", "[1, [2]]", "9" * 400)]
        for variant in variants:
            path.write_text("\n".join(variant), encoding="utf-8")
            records, problems = read(tmp_path)
            if records:
                issued_changes.apply(records, STORIES, registry())
            else:
                assert problems, (index, variant[index] if index < len(variant) else "")


def test_a_level_left_out_of_a_row_counts_zero_in_its_column(tmp_path):
    path = written(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    national: 0\n", "", 1), encoding="utf-8")
    records, problems = read(tmp_path)
    assert problems == []
    assert list(records[Q1].rows[0].placements.items()) == [("national", 0), ("provincial", 1), ("city", 0), ("county", 0)]


def test_ranking_json_of_an_issued_period_never_holds_markup(tmp_path):
    """Names from the registry and outlets from stories reach ranking.json (rows and the causes of
    changes since the issue): written as \\u escapes, read back as the same text."""
    from gwsite.ranking import exports

    reg = Registry(groups=[Group("county", "<i>县</i>")],
                   units=[Unit("anping", "<b>安平</b>&", "county", targets={2025: 20}), Unit("linhe", "临河区关工委", "county")],
                   outlets=registry().outlets)
    written(tmp_path, reg=reg)
    later = story("news/2025/c.md", "anping", dt.date(2025, 3, 2), ("<script>x</script>", "city", dt.date(2025, 3, 3)))
    state = issued_changes.apply(read(tmp_path)[0], [*STORIES, later], reg)[Q1]
    text = exports.to_json(state.ranking, state)

    assert "<" not in text and ">" not in text and "&" not in text
    data = json.loads(text)
    assert "<script>x</script>" in data["changes_since_issue"][0]["causes"][0]
    assert data["groups"][0]["name"] == "<i>县</i>"
    assert "<b>安平</b>&" in [unit["name"] for unit in data["groups"][0]["units"]]


def test_issued_today_with_a_cutoff_of_today_reads_back(tmp_path):
    """`gwsite issue` without --cutoff passes the same date as issue date and cut-off: the file
    writes it twice, not as a YAML anchor and alias (which its reader refuses)."""
    today = dt.date(2025, 4, 3)
    record = issued.make(STORIES, registry(), Q1, today, today)
    path = tmp_path / "_data" / "issued" / "2025q1.yml"
    path.parent.mkdir(parents=True)
    path.write_text(issued.dump(record, Q1.label()), encoding="utf-8")

    assert "&" not in path.read_text(encoding="utf-8")
    records, problems = read(tmp_path)
    assert problems == []
    assert (records[Q1].issued, records[Q1].cutoff) == (today, today)


def test_the_terminal_table_writes_control_characters_as_escapes(tmp_path):
    """A unit name in an issued file (or units.yml) holding an escape sequence or a line break
    reaches the terminal as text, never as a command to it or a forged line."""
    from gwsite.ranking import exports

    path = written(tmp_path)
    text = path.read_text(encoding="utf-8").replace("name: 安平县关工委", 'name: "安平\\e[2J\\n第 1 名"', 1)
    path.write_text(text, encoding="utf-8")
    state = issued_changes.apply(read(tmp_path)[0], STORIES, registry())[Q1]
    table = exports.to_table(state.ranking, Q1.label(), state)

    assert "\x1b" not in table and "安平\\x1b[2J\\n第 1 名" in table


def test_another_spelling_of_an_issued_file_is_refused_not_read(tmp_path):
    """Only gwsite issue's own name counts: a 2025q1.yaml beside 2025q1.yml was read instead of it
    (so --again changed nothing shown) and the message blamed the file rightly named."""
    path = written(tmp_path)
    (path.parent / "2025q1.yaml").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    records, problems = read(tmp_path)
    assert records[Q1].path == "content/_data/issued/2025q1.yml"
    assert [str(p) for p in problems] == [
        "content/_data/issued/2025q1.yaml:1: 文件: 文件名应为 2025q1.yml（同一统计期只能有一个文件）"]
