"""The office's registry as data: unit groups, units, outlets and scoring rules, looked up by name.

`registry_files.py` loads it from `content/_data/`; stories name its entries.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from .names import Match, NameIndex, did_you_mean, normalize_name, person_name


@dataclass(frozen=True)
class Group:
    id: str
    name: str


@dataclass(frozen=True)
class Correspondent:
    """A correspondent (通讯员) a unit lists: the name stories credit, and other ways it is written."""

    name: str
    aliases: tuple[str, ...] = ()
    since: int | None = None  # the first statistical year the person served; None: always
    until: int | None = None  # the last one (a correspondent who left); None: still serving

    def served(self, year: int) -> bool:
        """Whether the person was a correspondent in statistical year `year`, so that the year's table
        lists them even with nothing written."""
        return (self.since is None or self.since <= year) and (self.until is None or year <= self.until)


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    group: str
    aliases: tuple[str, ...] = ()
    targets: Mapping[int, float] = field(default_factory=dict)
    since: int | None = None  # the first statistical year the unit existed; None: always
    until: int | None = None  # the last one (a unit abolished or merged); None: still exists
    correspondents: tuple[Correspondent, ...] = ()  # its correspondent team; () when it lists none

    def existed(self, year: int) -> bool:
        """Whether the unit existed in statistical year `year`, so that it is ranked in it."""
        return (self.since is None or self.since <= year) and (self.until is None or year <= self.until)


@dataclass(frozen=True)
class Level:
    key: str
    name: str
    points: float


@dataclass(frozen=True)
class PlacementType:
    key: str
    name: str
    factor: float


@dataclass(frozen=True)
class Outlet:
    name: str
    level: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scoring:
    levels: tuple[Level, ...]
    types: tuple[PlacementType, ...]
    sections: tuple[tuple[str, float], ...] = ()
    same_story: str = "each"
    year_start_month: int = 1

    def level(self, key: str) -> Level:
        return next(level for level in self.levels if level.key == key)

    def type(self, key: str) -> PlacementType:
        return next(kind for kind in self.types if kind.key == key)


DEFAULT_SCORING = Scoring(
    levels=(
        Level("national", "中央级", 10),
        Level("provincial", "省级", 5),
        Level("city", "市级", 2),
        Level("county", "县级", 1),
    ),
    types=(
        PlacementType("text", "文字", 1.0),
        PlacementType("photo", "图片", 0.5),
        PlacementType("video", "视频", 1.5),
        PlacementType("reprint", "转载", 0),
    ),
    sections=(("头版", 2.0),),
)

# Common ways of naming a level that are not its configured name.
LEVEL_SYNONYMS = {"national": ("国家级",)}


class Registry:
    """Everything the office maintains: who, where, and how much."""

    def __init__(
        self,
        groups: Iterable[Group] = (),
        units: Iterable[Unit] = (),
        outlets: Iterable[Outlet] = (),
        scoring: Scoring = DEFAULT_SCORING,
        units_readable: bool = True,
    ) -> None:
        self.groups = tuple(groups)
        # False when units.yml could not be read at all: stories' units cannot be checked against it.
        self.units_readable = units_readable
        self.units = tuple(units)
        self.outlets = tuple(outlets)
        self.scoring = scoring
        self.unit_names: NameIndex[Unit] = NameIndex()
        for unit in self.units:
            for name in (unit.name, *unit.aliases):
                self.unit_names.add(name, unit, unit.name)
        self.outlet_names: NameIndex[Outlet] = NameIndex()
        for outlet in self.outlets:
            for name in (outlet.name, *outlet.aliases):
                self.outlet_names.add(name, outlet, outlet.name)
        self.level_names: NameIndex[Level] = key_name_index(scoring.levels, LEVEL_SYNONYMS)
        self.type_names: NameIndex[PlacementType] = key_name_index(scoring.types, {})
        self._units_by_id = {unit.id: unit for unit in self.units}
        # Each unit's correspondents by name and alias, compared as people's names are (`person_key`).
        self._people: dict[str, dict[str, Correspondent]] = {
            unit.id: {person_key(name): person for person in unit.correspondents
                      for name in reversed((person.name, *person.aliases))}
            for unit in self.units if unit.correspondents
        }

    def unit(self, unit_id: str) -> Unit:
        return self._units_by_id[unit_id]

    def correspondent(self, author: str, unit_ids: Iterable[str], year: int | None = None) -> tuple[str, str] | None:
        """(unit id, registered name) of the correspondent `author` names, looked for in the lists of
        `unit_ids` (a story's units, its own first), then of every other unit in registry order (a
        correspondent may write a story for another unit); None when no unit lists the name.

        With `year` (a statistical year), among the other units a listing whose person served in it
        comes first: one who moved (`until` in the old unit's list, `since` in the new one's) and wrote
        for a third unit is, in that year's tally, the correspondent of the unit served, one row and
        not two. Then a listing of the name comes before one of an alias (张小燕, another unit's alias of
        its 张晓燕, is first the 张小燕 a unit lists). The story's own units' lists keep their order: a
        story of the unit that lists the name is that listing's, whoever else has the name."""
        key = person_key(author)
        units = dict.fromkeys(unit_ids)
        for unit_id in units:
            person = self._people.get(unit_id, {}).get(key)
            if person is not None:
                return unit_id, person.name
        others = [(unit.id, person) for unit in self.units if unit.id not in units
                  and (person := self._people.get(unit.id, {}).get(key)) is not None]
        if not others:
            return None
        # The first listing serving in `year`, then by the name rather than an alias (an alias is another
        # way of writing someone's name; another unit's correspondent of that very name is meant first).
        unit_id, person = min(others, key=lambda listing: (
            year is not None and not listing[1].served(year), person_key(listing[1].name) != key))
        return unit_id, person.name

    def lists_correspondents(self, unit_id: str) -> bool:
        return unit_id in self._people

    def correspondent_names(self, unit_ids: Iterable[str]) -> list[str]:
        """Every name and alias the units list, for a “did you mean”."""
        return sorted({name for unit_id in unit_ids for person in self.unit(unit_id).correspondents
                       for name in (person.name, *person.aliases)})


@functools.lru_cache(maxsize=8192)  # a few hundred names, asked for once per story, author and period
def person_key(name: str) -> str:
    """A person's name in the form names are compared: `person_name`'s, without spaces and in one case
    (李 红, 李\u3000红 and 李红 are one person, as are 阿依古丽·买买提 and 阿依古丽•买买提, and John Smith
    and JOHN SMITH)."""
    return normalize_name(person_name(name)).casefold()


def key_name_index(entries: Iterable[Any], synonyms: Mapping[str, tuple[str, ...]]) -> NameIndex:
    """Levels or placement types by key, by name and by the common synonyms of a key."""
    index: NameIndex = NameIndex()
    for entry in entries:
        for name in (entry.key, entry.name, *synonyms.get(entry.key, ())):
            index.add(name, entry, entry.name)
    return index


# What a story naming an unregistered unit is told besides the closest name: a unit that no longer
# exists must stay in units.yml, or its stories of the years it existed stop counting.
ABOLISHED_HINT = "（如该单位已撤销或合并，请勿从 units.yml 删除，应保留并加上 until: 最后一年，原有稿件仍计入其存在年度的排名）"


class UnknownUnit(LookupError):
    """A unit name units.yml does not register; the message names the closest registered unit."""


def find_unit(registry: Registry, name: str) -> Match[Unit]:
    """The unit registered under `name` or an alias (compared normalised); UnknownUnit if there is none."""
    match = registry.unit_names.lookup(name)
    if match is None:
        hint = did_you_mean(registry.unit_names.suggest(name), "，请使用 units.yml 中登记的单位名称")
        raise UnknownUnit(f"未登记的单位“{name}”{hint}")
    return match
