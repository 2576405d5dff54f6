"""Loading the office's registry files in `content/_data/`: units.yml, outlets.yml, scoring.yml.

Each file is validated entry by entry; every problem is collected with its line, so the
office sees all of them in one run of `gwsite check`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
import unicodedata
from pathlib import Path
from typing import Any, Callable, Iterable

from . import yamlsafe
from ..problems import Problem, Problems, Severity
from .names import NameIndex, byline, closest, did_you_mean, normalize_name
from .registry import (DEFAULT_SCORING, LEVEL_SYNONYMS, Correspondent, Group, Level, Outlet, PlacementType, Registry,
                       Scoring, Unit, key_name_index, person_key)
from .values import one_line
from .yamlsafe import LineDict, LineList

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
REGISTRY_MAX_BYTES = 2_000_000


def _read(path: Path, shown: str, problems: Problems) -> Any:
    """The YAML data of one registry file, or None after recording why it is unusable."""
    return yamlsafe.load_file(path, problems, REGISTRY_MAX_BYTES, "文件超过 2 MB，不像是名录文件，请检查",
                              "文件不是 UTF-8 编码，请用记事本或 WPS“另存为”UTF-8 格式")


def _names(value: Any, where: LineDict, key: str, label: str, problems: Problems) -> tuple[str, ...]:
    """A list of names (a single string is accepted as a list of one)."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        problems.error(where.line_of(key), label, "应为名称列表，如 [安平关工委, 安平县委关工委]")
        return ()
    names = []
    for item in value:
        name = one_line(item) if not isinstance(item, (int, float)) or isinstance(item, bool) else str(item)
        if name is None:
            problems.error(where.line_of(key), label, f"名称“{item}”应为一行文字")
        else:
            names.append(name)
    return tuple(names)


def _list_of_mappings(data: Any, key: str, problems: Problems, example: str) -> list[LineDict]:
    if not isinstance(data, LineDict):
        problems.error(1, key, f"文件内容应以“{key}:”开头，{example}")
        return []
    value = data.get(key)
    if value is None:
        problems.error(data.line, key, f"缺少“{key}:”列表，{example}")
        return []
    if not isinstance(value, LineList):
        problems.error(data.line_of(key), key, f"“{key}”应为列表，每一项以“- ”开头")
        return []
    entries = []
    for index, item in enumerate(value):
        if isinstance(item, LineDict):
            entries.append(item)
        else:
            problems.error(value.line_of(index), key, f"第 {index + 1} 项应为“字段: 值”的形式")
    return entries


def _warn_unknown(entry: LineDict, known: Iterable[str], label: str, problems: Problems) -> None:
    known = set(known)
    for key in entry:
        if key not in known:
            also = did_you_mean(closest(str(key), sorted(known)), f"，可用的字段有：{'、'.join(sorted(known))}")
            problems.warning(entry.line_of(key), f"{label}.{key}", f"未知字段，已忽略{also}")


# Points, factors and targets beyond this are typing slips (a 400-digit number, 1e300), not rules:
# they are refused like any other wrong number, rather than overflow the exact sums of the tally.
MAX_NUMBER = 1_000_000


def _number(value: Any) -> float | None:
    """A number of the registry, or None: not a number, not finite, or beyond MAX_NUMBER."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, int) and abs(value) > MAX_NUMBER:
        return None  # before float(): a 400-digit int overflows it
    number = float(value)
    return number if abs(number) <= MAX_NUMBER else None  # also nan and inf


# -- scoring.yml ---------------------------------------------------------------------------


def load_scoring(path: Path, shown: str) -> tuple[Scoring, list[Problem]]:
    problems = Problems(shown)
    if not path.exists():
        return DEFAULT_SCORING, []
    data = _read(path, shown, problems)
    if data is None:
        return DEFAULT_SCORING, problems.items
    if not isinstance(data, LineDict):
        problems.error(1, "scoring", "文件内容应为 levels、types、sections、rules 几个部分")
        return DEFAULT_SCORING, problems.items
    _warn_unknown(data, ("levels", "types", "sections", "rules"), "scoring", problems)

    levels = tuple(Level(*e) for e in _entries(data, "levels", "points", "分值", problems)) or DEFAULT_SCORING.levels
    types = tuple(PlacementType(*e) for e in _entries(data, "types", "factor", "系数", problems)) or DEFAULT_SCORING.types
    if "types" in data and not any(kind.key == "text" for kind in types):
        problems.error(data.line_of("types"), "types", "缺少默认类型 text（文字稿），刊用记录不写类型时按它计分")
        types = (*types, PlacementType("text", "文字", 1.0))
    sections = _sections(data, problems)
    same_story, year_start_month = _rules(data, problems)
    scoring = Scoring(levels, types, sections, same_story, year_start_month)
    return scoring, problems.items


def _entries(data: LineDict, key: str, value_key: str, label: str, problems: Problems) -> tuple:
    """The `(key, name, number)` of each entry of the levels or types table; () when it is absent or unusable."""
    table = data.get(key)
    if table is None:
        return ()
    if not isinstance(table, LineDict) or not table:
        problems.error(data.line_of(key), key, f"应为“键: {{name: 名称, {value_key}: {label}}}”的列表")
        return ()
    result = []
    names: dict[str, str] = {}
    for entry_key, entry in table.items():
        line = table.line_of(entry_key)
        where = f"{key}.{entry_key}"
        if not isinstance(entry_key, str) or not ID_RE.match(entry_key):
            problems.error(line, where, "键应为小写英文字母、数字或连字符，如 national")
            continue
        if not isinstance(entry, LineDict):
            problems.error(line, where, f"应为 {{name: 名称, {value_key}: {label}}}")
            continue
        _warn_unknown(entry, ("name", value_key), where, problems)
        name = one_line(entry.get("name"))
        number = _number(entry.get(value_key))
        if name is None:
            problems.error(entry.line_of("name"), f"{where}.name", "缺少中文名称，如 name: 省级")
            continue
        if number is None or number < 0:
            # Kept with 0, so that outlets of this level do not report errors of their own.
            problems.error(entry.line_of(value_key), f"{where}.{value_key}", f"{label}应为不小于 0 的数字")
            number = 0.0
        if normalize_name(name) in names:
            problems.error(
                entry.line_of("name"), f"{where}.name", f"名称“{name}”与“{names[normalize_name(name)]}”重复"
            )
            continue
        names[normalize_name(name)] = entry_key
        result.append((entry_key, name, number))
    return tuple(result)


def _sections(data: LineDict, problems: Problems) -> tuple[tuple[str, float], ...]:
    """Section keywords and their factors; the default when the file has no `sections`, none when it is empty."""
    if "sections" not in data:
        return DEFAULT_SCORING.sections
    raw_sections = data.get("sections")
    if raw_sections is None:
        return ()
    if not isinstance(raw_sections, LineDict):
        problems.error(data.line_of("sections"), "sections", "应为“版面关键词: 系数”，如 头版: 2.0")
        return ()
    sections: list[tuple[str, float]] = []
    for word, factor in raw_sections.items():
        number = _number(factor)
        if not isinstance(word, str) or not word.strip():
            problems.error(raw_sections.line_of(word), "sections", "版面关键词应为文字")
        elif number is None or number <= 0:
            problems.error(raw_sections.line_of(word), f"sections.{word}", "系数应为大于 0 的数字")
        else:
            sections.append((word.strip(), number))
    return tuple(sections)


def _rules(data: LineDict, problems: Problems) -> tuple[str, int]:
    """`same_story` and `year_start_month`; the defaults for what is absent or wrong."""
    same_story, year_start_month = "each", 1
    rules = data.get("rules")
    if rules is None:
        return same_story, year_start_month
    if not isinstance(rules, LineDict):
        problems.error(data.line_of("rules"), "rules", "应为“规则: 值”，如 same_story: each")
        return same_story, year_start_month
    _warn_unknown(rules, ("same_story", "year_start_month"), "rules", problems)
    if "same_story" in rules:
        if rules["same_story"] in ("each", "highest"):
            same_story = rules["same_story"]
        else:
            problems.error(
                rules.line_of("same_story"),
                "rules.same_story",
                f"应为 each（每家媒体都计分）或 highest（只计得分最高的一家），不是“{rules['same_story']}”",
            )
    if "year_start_month" in rules:
        month = rules["year_start_month"]
        if isinstance(month, int) and not isinstance(month, bool) and 1 <= month <= 12:
            year_start_month = month
        else:
            problems.error(
                rules.line_of("year_start_month"), "rules.year_start_month", "应为 1 到 12 之间的整数（月份）"
            )
    return same_story, year_start_month


# -- units.yml -----------------------------------------------------------------------------

EXAMPLE = "参见《名录与任务维护》"


def load_units(path: Path, shown: str) -> tuple[list[Group], list[Unit], list[Problem]]:
    problems = Problems(shown)
    if not path.exists():
        problems.error(1, "文件", "缺少单位名录 units.yml，请按《名录与任务维护》建立")
        return [], [], problems.items
    data = _read(path, shown, problems)
    if data is None:
        return [], [], problems.items
    group_ids: dict[str, int] = {}
    groups = _groups(data, group_ids, problems)
    return groups, _units(data, group_ids, problems), problems.items


def _groups(data: Any, group_ids: dict[str, int], problems: Problems) -> list[Group]:
    """The unit groups; `group_ids` gets each valid id with its line."""
    groups: list[Group] = []
    for entry in _list_of_mappings(data, "groups", problems, EXAMPLE):
        _warn_unknown(entry, ("id", "name"), "groups", problems)
        group_id, name = entry.get("id"), one_line(entry.get("name"))
        if not isinstance(group_id, str) or not ID_RE.match(group_id):
            problems.error(entry.line_of("id"), "groups.id", "分组 id 应为小写英文字母、数字或连字符，如 county")
            continue
        if group_id in group_ids:
            problems.error(entry.line_of("id"), "groups.id", f"分组 id“{group_id}”重复（第 {group_ids[group_id]} 行已有）")
            continue
        if name is None:
            problems.error(entry.line_of("name"), "groups.name", "缺少分组名称，如 name: 县（市、区）关工委")
            continue
        group_ids[group_id] = entry.line_of("id")
        groups.append(Group(group_id, name))
    return groups


def _units(data: Any, group_ids: dict[str, int], problems: Problems) -> list[Unit]:
    units: list[Unit] = []
    unit_ids: dict[str, int] = {}
    names: NameIndex[tuple[str, int]] = NameIndex()
    known = ("id", "name", "group", "aliases", "targets", "since", "until", "correspondents")
    for entry in _list_of_mappings(data, "units", problems, EXAMPLE):
        _warn_unknown(entry, known, "units", problems)
        unit_id, name, group = entry.get("id"), one_line(entry.get("name")), entry.get("group")
        ok = True
        if not isinstance(unit_id, str) or not ID_RE.match(unit_id):
            problems.error(
                entry.line_of("id"), "units.id", f"单位 id 应为小写英文字母、数字或连字符（用于网址），如 anping，不是“{unit_id}”"
            )
            ok = False
        elif unit_id in unit_ids:
            problems.error(entry.line_of("id"), "units.id", f"单位 id“{unit_id}”重复（第 {unit_ids[unit_id]} 行已有）")
            ok = False
        if name is None:
            problems.error(entry.line_of("name"), "units.name", "缺少单位名称，如 name: 安平县关工委")
            ok = False
        if not isinstance(group, str) or group not in group_ids:
            listed = "、".join(group_ids) or "（尚未定义分组）"
            # Missing, or a list or mapping (`group: [county]`): no id to look up, so none is named.
            wrong = f"未定义的分组“{group}”" if isinstance(group, str) else "缺少分组，或写的不是一个分组 id（如 group: county）"
            problems.error(entry.line_of("group"), "units.group", f"{wrong}，可用的分组有：{listed}")
            ok = False
        aliases = _names(entry.get("aliases"), entry, "aliases", "units.aliases", problems)
        targets = _targets(entry, problems)
        since, until = _lifetime(entry, problems)
        correspondents = _correspondents(entry, problems)
        if ok and _claim(names, (unit_id, entry.line_of("name")), entry, "units", name, aliases, problems,
                         lambda each, taken: f"名称“{each}”已被单位“{taken[0]}”（第 {taken[1]} 行）使用，不能重复"):
            unit_ids[unit_id] = entry.line_of("id")
            units.append(Unit(unit_id, name, group, aliases, targets, since, until, correspondents))
    return units


def _claim(names: NameIndex, owner: tuple[str, int], entry: LineDict, section: str, name: str,
           aliases: tuple[str, ...], problems: Problems, taken_by: Callable[[str, tuple[str, int]], str]) -> bool:
    """Register an entry's name and aliases; False, with an error for each, when one is another entry's."""
    ok = True
    for label, each in ((f"{section}.name", name), *((f"{section}.aliases", alias) for alias in aliases)):
        line = entry.line_of("name" if label == f"{section}.name" else "aliases")
        taken = names.add(each, owner, each)
        if taken is not None:
            problems.error(line, label, taken_by(each, taken))
            ok = False
    return ok


_YEAR_TEXT = re.compile(r"[0-9０-９]{4}")


def _year(raw: Any) -> int | None:
    """A year of units.yml (since, until, a target's key) between 1900 and 2999: an integer, or four
    digits written as text, in ASCII or full width (`"2023"`, `２０２３`, as an input method types
    them); None for anything else (True, 2023.0, ²０２３, other scripts' digits)."""
    if isinstance(raw, str) and _YEAR_TEXT.fullmatch(raw.strip()):
        raw = int(unicodedata.normalize("NFKC", raw.strip()))
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1900 <= raw <= 2999:
        return None
    return raw


UNIT_LIFETIME = ("成立（开始参加排名）", "撤销或合并（最后参加排名）")
CORRESPONDENT_LIFETIME = ("开始担任通讯员", "最后担任通讯员")


def _lifetime(entry: LineDict, problems: Problems, label: str = "units",
              meanings: tuple[str, str] = UNIT_LIFETIME) -> tuple[int | None, int | None]:
    """`since` and `until`: the first and last statistical years a unit existed (or a correspondent
    served); None where absent or wrong."""
    years: dict[str, int | None] = {}
    for key, meaning in zip(("since", "until"), meanings):
        raw = entry.get(key)
        years[key] = None
        if raw is None:
            continue
        years[key] = _year(raw)
        if years[key] is None:
            problems.error(entry.line_of(key), f"{label}.{key}", f"应为{meaning}的年份（整数），如 {key}: 2023，不是“{raw}”")
    since, until = years["since"], years["until"]
    if since is not None and until is not None and since > until:
        problems.error(entry.line_of("until"), f"{label}.until", f"结束年份 {until} 早于开始年份 since: {since}，应不早于它")
        return None, None
    return since, until


def _targets(entry: LineDict, problems: Problems) -> dict[int, float]:
    raw = entry.get("targets")
    if raw is None:
        return {}
    if not isinstance(raw, LineDict):
        problems.error(entry.line_of("targets"), "units.targets", "应为“年份: 分值”，如 2024: 60")
        return {}
    targets = {}
    for year, points in raw.items():
        line = raw.line_of(year)
        year_number = _year(year)
        if year_number is None:
            problems.error(line, "units.targets", f"“{year}”不是年份，应写成 2024: 60")
            continue
        number = _number(points)
        if number is None or number <= 0:
            problems.error(line, f"units.targets.{year_number}", f"宣传任务应为大于 0 的分值，不是“{points}”")
            continue
        targets[year_number] = number
    return targets


CORRESPONDENT_EXAMPLE = "[张明, {name: 李红, aliases: [李小红]}]"


def _correspondents(entry: LineDict, problems: Problems) -> tuple[Correspondent, ...]:
    """A unit's correspondent team: each a name, or `{name: 姓名, aliases: [别名], since: 年, until: 年}`
    (`since`/`until`: the years the person served, so that one who left is not listed with zeros in
    later years' tables; their stories are still theirs).

    A person or alias listed twice is a warning and counted once; an alias naming another
    correspondent of the unit is an error (an author so written would be two people at once).
    The same name in two units is two people, or one person of two units: both are allowed."""
    raw = entry.get("correspondents")
    if raw is None:
        return ()
    label = "units.correspondents"
    if not isinstance(raw, LineList):
        problems.error(entry.line_of("correspondents"), label, f"通讯员名单应为列表，每人一项，如 {CORRESPONDENT_EXAMPLE}")
        return ()
    people: list[Listed] = []
    for index, item in enumerate(raw):
        line = raw.line_of(index)
        served: tuple[int | None, int | None] = (None, None)
        if isinstance(item, LineDict):
            _warn_unknown(item, ("name", "aliases", "since", "until"), label, problems)
            line = item.line_of("name")
            name = _person(item.get("name"), line, f"{label}.name", problems,
                           "姓名应为一行文字，如 {name: 李红, aliases: [李小红]}")
            aliases = _person_aliases(item, problems)
            served = _lifetime(item, problems, label, CORRESPONDENT_LIFETIME)
        elif isinstance(item, str) or item is None:
            name = _person(item, line, label, problems, f"第 {index + 1} 项的姓名应为一行文字，不能为空")
            aliases = []
        else:
            problems.error(line, label, f"第 {index + 1} 项应为姓名，或 {{name: 姓名, aliases: [别名]}}，不是“{item}”")
            continue
        if name is not None:
            people.append(Listed(name, line, aliases, served))
    return _distinct_people(people, problems)


@dataclass(frozen=True)
class Listed:
    """A correspondent as one item of a unit's list gives it."""

    name: str
    line: int
    aliases: list[tuple[str, int]]  # with their lines
    served: tuple[int | None, int | None] = (None, None)  # since, until


def _person(raw: Any, line: int, label: str, problems: Problems, missing: str) -> str | None:
    """One person's name (or alias) as `person_name` gives it; None, after an error, when it is not one
    line of text or holds several names (a story's authors are split where it would be)."""
    text = one_line(raw)
    written = byline(text) if text is not None else None
    names = written.names if written is not None else []
    if written is not None and written.dropped:
        dropped = "、".join(f"“{word}”" for word in written.dropped)
        problems.error(line, label, f"“{text}”中的{dropped}不是姓名，名单中只写姓名")
        return None
    if not names:
        problems.error(line, label, missing)
        return None
    if len(names) > 1:
        problems.error(line, label, f"“{text}”像是 {len(names)} 个姓名，每人应单独一项，如 [{', '.join(names)}]")
        return None
    return names[0]


def _person_aliases(item: LineDict, problems: Problems) -> list[tuple[str, int]]:
    """A correspondent's aliases with their line (a single string is a list of one)."""
    raw = item.get("aliases")
    label = "units.correspondents.aliases"
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        problems.error(item.line_of("aliases"), label, "应为别名列表，如 aliases: [李小红]")
        return []
    aliases = []
    for index, alias in enumerate(raw):
        line = raw.line_of(index) if isinstance(raw, LineList) else item.line_of("aliases")
        name = _person(alias, line, label, problems, f"别名“{alias}”应为一行文字，不能为空")
        if name is not None:
            aliases.append((name, line))
    return aliases


def _distinct_people(people: list[Listed], problems: Problems) -> tuple[Correspondent, ...]:
    """The correspondents, each name and alias counted once; an alias that is another's name is refused.
    A person listed twice keeps the aliases of both listings and the years of the first."""
    label = "units.correspondents"
    names: dict[str, int] = {}  # person_key of each correspondent's name → the line of its first listing
    for person in people:
        names.setdefault(person_key(person.name), person.line)
    taken: dict[str, int] = {}  # person_key of every name and alias kept → its line
    kept: dict[str, tuple[str, list[str], tuple[int | None, int | None]]] = {}  # by person_key of the name
    for person in people:
        name, line, aliases = person.name, person.line, person.aliases
        key = person_key(name)
        if key in kept:  # listed again: one person, whose aliases are those of both listings
            problems.warning(line, label, f"“{name}”重复列出（第 {taken[key]} 行已有），只计一次")
        else:
            kept[key] = (name, [], person.served)
            taken[key] = line
        for alias, alias_line in aliases:
            alias_key = person_key(alias)
            if alias_key in names and alias_key != key:
                problems.error(alias_line, f"{label}.aliases",
                               f"“{name}”的别名“{alias}”是本单位另一位通讯员的姓名（第 {names[alias_key]} 行），"
                               "一个名字只能指一个人")
            elif alias_key in taken:
                problems.warning(alias_line, f"{label}.aliases",
                                 f"“{alias}”重复列出（第 {taken[alias_key]} 行已有），只计一次")
            else:
                taken[alias_key] = alias_line
                kept[key][1].append(alias)
    return tuple(Correspondent(name, tuple(aliases), *served) for name, aliases, served in kept.values())


# -- outlets.yml ---------------------------------------------------------------------------


def load_outlets(path: Path, shown: str, scoring: Scoring) -> tuple[list[Outlet], list[Problem]]:
    problems = Problems(shown)
    if not path.exists():
        return [], []
    data = _read(path, shown, problems)
    if data is None:
        return [], problems.items
    levels = key_name_index(scoring.levels, LEVEL_SYNONYMS)
    level_list = "、".join(f"{level.key}（{level.name}）" for level in scoring.levels)
    outlets: list[Outlet] = []
    names: NameIndex[tuple[str, int]] = NameIndex()
    for entry in _list_of_mappings(data, "outlets", problems, EXAMPLE):
        _warn_unknown(entry, ("name", "level", "aliases"), "outlets", problems)
        name = one_line(entry.get("name"))
        if name is None:
            problems.error(entry.line_of("name"), "outlets.name", "缺少媒体名称，如 name: 青州日报")
            continue
        raw_level = entry.get("level")
        level = levels.lookup(raw_level) if isinstance(raw_level, str) else None
        if level is None:
            problems.error(
                entry.line_of("level"), "outlets.level", f"媒体“{name}”的级别“{raw_level}”无效，应为 {level_list}"
            )
            continue
        aliases = _names(entry.get("aliases"), entry, "aliases", "outlets.aliases", problems)
        if _claim(names, (name, entry.line_of("name")), entry, "outlets", name, aliases, problems,
                  lambda each, taken: f"名称“{each}”已指向媒体“{taken[0]}”（第 {taken[1]} 行），一个名称只能指向一家媒体"):
            outlets.append(Outlet(name, level.item.key, aliases))
    return outlets, problems.items


def load_registry(data_dir: Path, shown_dir: str) -> tuple[Registry, list[Problem]]:
    """Read `units.yml`, `outlets.yml` and `scoring.yml` from `data_dir`."""
    scoring, problems = load_scoring(data_dir / "scoring.yml", f"{shown_dir}/scoring.yml")
    groups, units, unit_problems = load_units(data_dir / "units.yml", f"{shown_dir}/units.yml")
    outlets, outlet_problems = load_outlets(data_dir / "outlets.yml", f"{shown_dir}/outlets.yml", scoring)
    # A units.yml that registers no unit because of its own errors (a Tab, a broken line) is reported
    # there; every story naming a unit would otherwise add an 未登记的单位 error of its own.
    units_readable = bool(units) or not any(p.severity is Severity.ERROR for p in unit_problems)
    registry = Registry(groups, units, outlets, scoring, units_readable=units_readable)
    return registry, problems + unit_problems + outlet_problems
