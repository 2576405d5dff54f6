"""Issued periods: the ranking as the office issued it (通报), kept in `content/_data/issued/`.

`gwsite issue` writes one file per period: the rows as issued, the scoring rules and outlet levels
used, every scored placement, the cut-off and the issue date. From then on the period shows those
rows, and what the content gives now is compared with them, unit by unit, with the cause of each
difference. The file is office data: it is read as untrusted input, every problem one message.
"""


from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Iterable

import yaml

from ..content.registry import Group, Level, PlacementType, Registry, Scoring, Unit
from ..content.story import Story
from .tally import GroupRanking, Period, Ranking, ScoredPlacement, UnitScore, exact, round_half_up, score_placements, tally

ISSUED_DIR = "issued"  # under the registry folder (content/_data/)
ISSUED_MAX_BYTES = 20_000_000
MARK = "已通报"
CHANGED = "通报后变动"

HEADER = """\
# {label}宣传上稿排名（已通报）
# ------------------------------------------------------------
# 本文件由 gwsite issue {period} 生成，记录通报时的排名，请勿手工修改。
# 通报日期：{issued}；统计截止日期：{cutoff}（此后刊发的刊用记录不计入本次通报）。
# 网站和 gwsite tally 对本统计期始终显示本文件中的名次和得分，标注“已通报”；
# 此后稿件、名录或计分办法的改动不会改变已通报的结果，只在“通报后变动”中逐单位列出。
# 如确需重新通报，请运行 gwsite issue {period} --again。
# 内容：scoring 为当时的计分办法，outlets 为当时计分媒体的级别，
# units 为各单位的排名（placements 为各级别上稿篇数），placements 为每条计分的刊用记录。
"""


@dataclass(frozen=True)
class IssuedPlacement:
    story: str  # the story file, relative to the docs folder
    units: tuple[str, ...]
    outlet: str
    level: str
    type: str
    section: str | None
    date: dt.date
    points: float

    @property
    def key(self) -> tuple[str, str, dt.date]:
        return (self.story, self.outlet, self.date)


@dataclass(frozen=True)
class IssuedRow:
    rank: int
    id: str
    name: str
    group: str
    placements: dict[str, int]
    total: int
    points: float
    target: float | None
    completion: float | None
    site_stories: int
    pending: int
    line: int = 1


@dataclass(frozen=True)
class IssuedScore(UnitScore):
    """A unit's row as issued: its completion as the file gives it, not computed again."""

    issued_completion: float | None = None

    @property
    def completion(self) -> Fraction | None:
        return None if self.issued_completion is None else Fraction(str(self.issued_completion))


@dataclass(frozen=True)
class Issued:
    """One issued period, as read from its file."""

    period: Period
    path: str  # as users see it
    issued: dt.date
    cutoff: dt.date
    levels: dict[str, tuple[str, float]]  # key → (name, points)
    types: dict[str, tuple[str, float]]  # key → (name, factor)
    sections: dict[str, float]
    rules: dict[str, Any]
    outlets: dict[str, str]  # outlet → level key
    groups: tuple[tuple[str, str], ...]  # (id, name)
    rows: tuple[IssuedRow, ...]
    placements: tuple[IssuedPlacement, ...]


@dataclass(frozen=True)
class Change:
    """One unit whose numbers now differ from the issued ones."""

    unit: str
    name: str
    before: dict[str, Any] | None  # None: the unit was not in the issued ranking
    after: dict[str, Any] | None  # None: the unit is no longer registered
    causes: tuple[str, ...]
    line: int = 1


@dataclass(frozen=True)
class IssuedPeriod:
    """An issued period as the site shows it: the issued ranking, and the changes since."""

    record: Issued
    ranking: Ranking
    changes: tuple[Change, ...] = field(default=())


# ---------------------------------------------------------------- making the record

def plain_number(value: float | int) -> int | float:
    return int(value) if float(value).is_integer() else value


def is_counted(item: ScoredPlacement) -> bool:
    return not item.pending and item.counted


def make(stories: Iterable[Story], registry: Registry, period: Period, issued: dt.date, cutoff: dt.date) -> dict[str, Any]:
    """The issued record of `period`: only placements (and stories) dated up to `cutoff` count."""
    stories = [story for story in stories if not story.draft]
    scoring = registry.scoring
    scored = [item for item in score_placements(stories, registry) if item.date <= cutoff]
    ranking = tally([s for s in stories if s.date.date() <= cutoff], registry, period, scored=scored)
    start, end = period.bounds(scoring.year_start_month)
    used = [item for item in scored if start <= item.date < end and is_counted(item)]
    units = []
    for group in ranking.groups:
        for score in group.units:
            completion = score.completion
            units.append({
                "rank": score.rank,
                "id": score.unit.id,
                "name": score.unit.name,
                "group": group.group.id,
                "placements": dict(score.placements),
                "total": score.placements_total,
                "points": round_half_up(score.points, 1),
                "target": None if score.target is None else plain_number(score.target),
                "completion": None if completion is None else round_half_up(completion, 3),
                "site_stories": score.site_stories,
                "pending": score.pending,
            })
    return {
        "period": str(period),
        "issued": issued,
        "cutoff": cutoff,
        "scoring": {
            "levels": {lv.key: {"name": lv.name, "points": plain_number(lv.points)} for lv in scoring.levels},
            "types": {t.key: {"name": t.name, "factor": plain_number(t.factor)} for t in scoring.types},
            "sections": {key: plain_number(factor) for key, factor in scoring.sections},
            "rules": {"same_story": scoring.same_story, "year_start_month": scoring.year_start_month},
        },
        "outlets": {name: level for name, level in sorted({(i.placement.outlet, i.placement.level) for i in used})},
        "groups": [{"id": g.id, "name": g.name} for g in registry.groups],
        "units": units,
        "placements": [
            {
                "story": item.story.src,
                "units": list(item.units),
                "outlet": item.placement.outlet,
                "level": item.placement.level,
                "type": item.placement.type,
                "section": item.placement.section,
                "date": item.date,
                "points": round_half_up(item.points, 2),
            }
            for item in sorted(used, key=lambda i: (i.date, i.story.src, i.placement.outlet))
        ],
    }


def dump(record: dict[str, Any], label: str) -> str:
    """The record as the file's text: a Chinese header, then YAML; the same record gives the same bytes."""
    header = HEADER.format(label=label, period=record["period"], issued=record["issued"], cutoff=record["cutoff"])
    body = yaml.dump(record, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=1000)
    return header + "\n" + body


class _PlainDumper(yaml.SafeDumper):
    """Every value written out: the same date object twice (the issue date and a cut-off of today,
    placements of one day) is never an anchor and alias, which the issued file's reader refuses."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def file_name(period: Period) -> str:
    return f"{period.slug}.yml"


# ---------------------------------------------------------------- reading the record

def issued_scoring(record: Issued) -> Scoring:
    """The scoring rules the period was issued under, as far as its tables need them."""
    return Scoring(
        levels=tuple(Level(key, name, points) for key, (name, points) in record.levels.items()),
        types=tuple(PlacementType(key, name, factor) for key, (name, factor) in record.types.items()),
        sections=tuple(record.sections.items()),
        same_story=str(record.rules.get("same_story", "each")),
        year_start_month=record.rules.get("year_start_month", 1) if isinstance(record.rules.get("year_start_month"), int) else 1,
    )


def issued_ranking(record: Issued, pending: tuple[ScoredPlacement, ...] = ()) -> Ranking:
    """The ranking as issued: the file's rows, grouped as issued, under the rules it was issued with.
    `pending`: today's pending placements of the period, which the office still has to rate."""
    groups = []
    for group_id, name in record.groups:
        scores = tuple(
            IssuedScore(
                unit=Unit(row.id, row.name, row.group),
                rank=row.rank,
                placements=dict(row.placements),
                points=exact(row.points),
                target=row.target,
                site_stories=row.site_stories,
                pending=row.pending,
                issued_completion=row.completion,
            )
            for row in record.rows if row.group == group_id
        )
        groups.append(GroupRanking(Group(group_id, name), scores))
    return Ranking(record.period, issued_scoring(record), tuple(groups), pending)


