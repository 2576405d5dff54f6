"""The publicity tally: stories + registry + period → ranking. Standard library only, no I/O.

Points are summed as exact fractions (a joint story splits 5 points three ways) and rounded
only when reported, half up, so that the office's numbers never depend on float noise or
on the order in which files were read.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Iterable

from ..content.story import Placement, Story
from ..content.registry import Group, Registry, Scoring, Unit

QUARTER_NAMES = ("", "第一季度", "第二季度", "第三季度", "第四季度")


@functools.lru_cache(maxsize=256)  # a registry holds a few numbers, asked for once per placement
def exact(value: float | int) -> Fraction:
    """A registry number as the decimal the office wrote (1.1 is 11/10, not its float)."""
    return Fraction(str(value))


def round_half_up(value: Fraction, digits: int) -> float:
    decimal = Decimal(value.numerator) / Decimal(value.denominator)
    return float(decimal.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def fiscal_year(date: dt.date, year_start_month: int) -> int:
    """The statistical year a date belongs to: with start month 8, 2025-03-01 is in year 2024."""
    return date.year if date.month >= year_start_month else date.year - 1


@functools.lru_cache(maxsize=4096)  # asked for once per placement and period: thousands of times a build
def _bounds(period: Period, year_start_month: int) -> tuple[dt.date, dt.date]:
    if period.kind == "quarter":
        start = dt.date(period.year, 3 * period.number - 2, 1)
        months = 3
    elif period.kind == "range":
        start = dt.date(period.year, period.number, 1)
        months = (period.end_year - period.year) * 12 + period.end_month - period.number + 1
    elif period.kind == "month":
        start = dt.date(period.year, period.number, 1)
        months = 1
    else:
        start = dt.date(period.year, year_start_month, 1)
        months = 12
    month_index = start.month - 1 + months
    return start, dt.date(start.year + month_index // 12, month_index % 12 + 1, 1)


# A period's first day and the day after its last must be dates Python can hold (years 1 to 9999);
# stories may be dated in any year they can, so no narrower range is imposed.
FIRST_YEAR, LAST_YEAR = 1, 9998

# Between two periods, what a typist may put for `..` (after NFKC turned `～` into `~`, `．．` into `..`).
_RANGE_MARKS = re.compile(r"~|—|至")


def _ascii_period(text: str) -> str:
    """A period as typed, in the ASCII form Period.parse reads: full-width forms folded (NFKC), spaces
    dropped (`2025 Q1`, `2025 - 01`: no period has one) and a range mark other than `..` made one."""
    return _RANGE_MARKS.sub("..", re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)))


RANGE_EXPECTED = ("应为“起..止”，如 2025-01..2025-09、2025Q1..2025Q3 或 2025..2025-09（从统计年度第一个月起），"
                  "起止须在同一统计年度内（最长 12 个月；年度任务完成率按该年度的任务计算）")


@dataclass(frozen=True, order=True)
class Period:
    """A statistical year, a calendar quarter or month, or a range of months within one statistical
    year (`2025-01..2025-09`, the cumulative total the office reports during the year)."""

    year: int
    kind: str = "year"  # "year", "quarter", "month" or "range"
    number: int = 0  # the quarter (1–4) or month (1–12); a range's first month
    end_year: int = 0  # a range's last month (inclusive); 0 for the other kinds
    end_month: int = 0

    @classmethod
    def parse(cls, text: str, year_start_month: int = 1) -> Period:
        """`2024`, `2024Q2`, `2024-05`, or a range of them `2025-01..2025-09` (a year as the start
        means its first month, as the end its last); raises ValueError with a Chinese message.
        What a Chinese input method types is read as its ASCII form (`２０２５－０１`, `2025Ｑ1`,
        `．．`), and `～`, `~`, `—` or `至` between two periods as `..`: none can mean anything else."""
        shown = text.strip()
        text = _ascii_period(text)
        if ".." in text:
            return cls._parse_range(text, shown, year_start_month)
        period = cls._parse_one(text)
        if period is None:
            raise ValueError(f"统计期“{shown}”无效，应为年份 2024、季度 2024Q2 或月份 2024-05，累计期如 2025-01..2025-09")
        return period.checked(shown)

    @classmethod
    def _parse_one(cls, text: str) -> Period | None:
        """A year, quarter or month in ASCII form; None when `text` is none of them."""
        period = None
        if match := re.fullmatch(r"(\d{4})", text, re.ASCII):
            period = cls(int(match.group(1)))
        elif match := re.fullmatch(r"(\d{4})[Qq]([1-4])", text, re.ASCII):
            period = cls(int(match.group(1)), "quarter", int(match.group(2)))
        elif (match := re.fullmatch(r"(\d{4})-(\d{1,2})", text, re.ASCII)) and 1 <= int(match.group(2)) <= 12:
            period = cls(int(match.group(1)), "month", int(match.group(2)))
        return period

    def checked(self, shown: str) -> Period:
        """This period, or ValueError (Chinese) if its year is outside what a ranking can cover."""
        if not FIRST_YEAR <= self.year <= LAST_YEAR:
            raise ValueError(f"统计期“{shown}”无效：年份应在 {FIRST_YEAR}—{LAST_YEAR} 之间")
        return self

    @classmethod
    def range(cls, first: tuple[int, int], last: tuple[int, int], year_start_month: int = 1) -> Period:
        """The months from `first` to `last` (year, month), both included; ValueError (Chinese) when
        `last` is before `first` or the two are in different statistical years: a range is measured
        against one year's target, so it cannot cross one (nor, therefore, be longer than 12 months)."""
        shown = f"{first[0]}-{first[1]:02d}..{last[0]}-{last[1]:02d}"
        if last < first:
            raise ValueError(f"累计统计期“{shown}”无效：结束月份早于开始月份；{RANGE_EXPECTED}")
        start_year = fiscal_year(dt.date(*first, 1), year_start_month)
        if fiscal_year(dt.date(*last, 1), year_start_month) != start_year:
            raise ValueError(f"累计统计期“{shown}”无效：跨越了统计年度（{start_year}年度）；{RANGE_EXPECTED}")
        return cls(first[0], "range", first[1], last[0], last[1])

    @classmethod
    def _parse_range(cls, text: str, shown: str, year_start_month: int) -> Period:
        parts = text.split("..")
        first, last = (cls._parse_one(part.strip()) for part in parts) if len(parts) == 2 else (None, None)
        if first is None or last is None:
            raise ValueError(f"累计统计期“{shown}”无效，{RANGE_EXPECTED}")
        first.checked(shown)
        last.checked(shown)
        start = first.bounds(year_start_month)[0]
        end = last.bounds(year_start_month)[1] - dt.timedelta(days=1)
        return cls.range((start.year, start.month), (end.year, end.month), year_start_month)

    def __str__(self) -> str:
        if self.kind == "quarter":
            return f"{self.year}Q{self.number}"
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        if self.kind == "range":
            return f"{self.year}-{self.number:02d}..{self.end_year}-{self.end_month:02d}"
        return f"{self.year}"

    @property
    def slug(self) -> str:
        """The period in URLs: `2024`, `2024q2`, `2024-05`."""
        return str(self).lower()

    def label(self, year_start_month: int = 1) -> str:
        if self.kind == "quarter":
            return f"{self.year}年{QUARTER_NAMES[self.number]}"
        if self.kind == "month":
            return f"{self.year}年{self.number}月"
        if self.kind == "range":
            return f"{months_text(self.year, self.number, self.end_year, self.end_month)}累计"
        if year_start_month == 1:
            return f"{self.year}年度"
        end = dt.date(self.year + 1, year_start_month, 1) - dt.timedelta(days=1)
        return f"{self.year}年度（{self.year}年{year_start_month}月至{end.year}年{end.month}月）"

    def year_to_date_label(self, through: dt.date, year_start_month: int = 1) -> str:
        """A year's label while it runs, up to the month of `through`: 2025年度（1—9月累计）."""
        start, _ = self.bounds(year_start_month)
        months = months_text(start.year, start.month, through.year, through.month)
        return f"{self.year}年度（{months.removeprefix(f'{start.year}年') if start.year == through.year else months}累计）"

    def bounds(self, year_start_month: int = 1) -> tuple[dt.date, dt.date]:
        """First day, and the day after the last."""
        return _bounds(self, year_start_month)

    def contains(self, date: dt.date, year_start_month: int = 1) -> bool:
        start, end = self.bounds(year_start_month)
        return start <= date < end

    def target_year(self, year_start_month: int = 1) -> int:
        """The year whose target a period's completion is measured against."""
        if self.kind == "year":
            return self.year
        return fiscal_year(self.bounds(year_start_month)[0], year_start_month)


def months_text(year: int, month: int, end_year: int, end_month: int) -> str:
    """2025年1—9月, 2025年3月, 2024年8月—2025年3月."""
    if (year, month) == (end_year, end_month):
        return f"{year}年{month}月"
    if year == end_year:
        return f"{year}年{month}—{end_month}月"
    return f"{year}年{month}月—{end_year}年{end_month}月"


@dataclass(frozen=True)
class ScoredPlacement:
    """One placement with the points it earns and why."""

    story: Story
    placement: Placement
    level_points: Fraction
    type_factor: Fraction
    section_factor: Fraction
    units: tuple[str, ...]  # every unit it credits
    counted: bool = True  # False when `same_story: highest` leaves it out
    section_key: str | None = None

    @property
    def pending(self) -> bool:
        return not self.placement.listed

    @functools.cached_property  # asked once per period and page that shows it: thousands of Fraction products
    def points(self) -> Fraction:
        """What the placement earns in all, before a joint story splits it."""
        if self.pending or not self.counted:
            return Fraction(0)
        return self.level_points * self.type_factor * self.section_factor

    @functools.cached_property
    def share(self) -> Fraction:
        """What it earns each credited unit."""
        return self.points / len(self.units)

    @property
    def date(self) -> dt.date:
        return self.placement.date


def _section_factor(section: str | None, scoring: Scoring) -> tuple[Fraction, str | None]:
    """The highest factor among the `sections` keys the section contains, else 1."""
    best: tuple[Fraction, str | None] = (Fraction(1), None)
    if not section:
        return best
    for key, factor in scoring.sections:
        if key in section and (best[1] is None or exact(factor) > best[0]):
            best = (exact(factor), key)
    return best


def score_placements(stories: Iterable[Story], registry: Registry) -> list[ScoredPlacement]:
    """Every placement of every published story, scored; in a stable order (date, story, outlet)."""
    scoring = registry.scoring
    scored: list[ScoredPlacement] = []
    for story in stories:
        if story.draft:
            continue
        items = []
        for placement in story.placements:
            listed = placement.listed and placement.level is not None
            level_points = exact(scoring.level(placement.level).points) if listed else Fraction(0)
            factor, key = _section_factor(placement.section, scoring)
            items.append(
                ScoredPlacement(
                    story=story,
                    placement=placement,
                    level_points=level_points,
                    type_factor=exact(scoring.type(placement.type).factor),
                    section_factor=factor,
                    section_key=key,
                    units=story.units,
                )
            )
        if scoring.same_story == "highest":
            items = _highest_only(items)
        scored.extend(items)
    scored.sort(key=lambda s: (s.date, s.story.src, s.placement.outlet))
    return scored


def _highest_only(items: list[ScoredPlacement]) -> list[ScoredPlacement]:
    """Keep only the listed placement that earns the story most; ties: earliest, then outlet name."""
    listed = [item for item in items if not item.pending]
    if not listed:
        return items
    best = min(listed, key=lambda s: (-s.points, s.date, s.placement.outlet))
    return [
        item if item is best or item.pending else _uncounted(item)
        for item in items
    ]


def _uncounted(item: ScoredPlacement) -> ScoredPlacement:
    return ScoredPlacement(
        story=item.story,
        placement=item.placement,
        level_points=item.level_points,
        type_factor=item.type_factor,
        section_factor=item.section_factor,
        section_key=item.section_key,
        units=item.units,
        counted=False,
    )


def at_or_above(placements: dict[str, int], level: str) -> int:
    """Of placements counted per level (highest first), those at `level` or higher: "省级（含）以上"."""
    total = 0
    for key, count in placements.items():
        total += count
        if key == level:
            break
    return total


@dataclass(frozen=True)
class UnitScore:
    unit: Unit
    rank: int
    placements: dict[str, int]  # per level key, in the scoring's order (highest first)
    points: Fraction
    target: float | None
    site_stories: int
    pending: int
    items: tuple[ScoredPlacement, ...] = ()  # what it earned from, for the audit trail

    @property
    def placements_total(self) -> int:
        return sum(self.placements.values())

    @property
    def completion(self) -> Fraction | None:
        return self.points / exact(self.target) if self.target else None

    def at_or_above(self, level: str) -> int:
        """Placements at this level or higher: "省级（含）以上"."""
        return at_or_above(self.placements, level)


@dataclass(frozen=True)
class GroupRanking:
    group: Group
    units: tuple[UnitScore, ...]


@dataclass(frozen=True)
class Ranking:
    period: Period
    scoring: Scoring
    groups: tuple[GroupRanking, ...]
    pending: tuple[ScoredPlacement, ...] = field(default=())  # placements in outlets not yet listed

    @property
    def units(self) -> list[UnitScore]:
        return [score for group in self.groups for score in group.units]


@dataclass
class _Credits:
    """What each unit (by id) earned in a period, before the units are ranked."""

    counts: dict[str, dict[str, int]]  # placements per level key
    points: dict[str, Fraction] = field(default_factory=lambda: defaultdict(Fraction))
    pending: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    items: dict[str, list[ScoredPlacement]] = field(default_factory=lambda: defaultdict(list))
    site_stories: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _credit(in_period: list[ScoredPlacement], stories: list[Story], registry: Registry,
            start: dt.date, end: dt.date) -> _Credits:
    credits = _Credits({u.id: {level.key: 0 for level in registry.scoring.levels} for u in registry.units})
    for item in in_period:
        for unit in item.units:
            if item.pending:
                credits.pending[unit] += 1
            elif item.counted:
                credits.counts[unit][item.placement.level] += 1
                credits.points[unit] += item.share
            credits.items[unit].append(item)
    for story in stories:
        if start <= story.date.date() < end:
            for unit in story.units:
                credits.site_stories[unit] += 1
    return credits


def _rank(group: Group, registry: Registry, credits: _Credits, target_year: int) -> GroupRanking:
    points, counts = credits.points, credits.counts
    members = [unit for unit in registry.units if unit.group == group.id and unit.existed(target_year)]
    members.sort(key=lambda u: (-points[u.id], -sum(counts[u.id].values()), u.id))
    scores: list[UnitScore] = []
    for position, unit in enumerate(members, start=1):
        # Equal points share a rank (1, 2, 2, 4).
        rank = scores[-1].rank if scores and scores[-1].points == points[unit.id] else position
        scores.append(
            UnitScore(
                unit=unit,
                rank=rank,
                placements=counts[unit.id],
                points=points[unit.id],
                target=unit.targets.get(target_year),
                site_stories=credits.site_stories[unit.id],
                pending=credits.pending[unit.id],
                items=tuple(credits.items[unit.id]),
            )
        )
    return GroupRanking(group, tuple(scores))


def tally(stories: Iterable[Story], registry: Registry, period: Period, *,
          scored: list[ScoredPlacement] | None = None) -> Ranking:
    """The ranking of every registered unit, within its group, for `period`.

    `scored` may pass the result of `score_placements` when several periods are tallied.
    """
    stories = [story for story in stories if not story.draft]
    start_month = registry.scoring.year_start_month
    if scored is None:
        scored = score_placements(stories, registry)
    start, end = period.bounds(start_month)
    in_period = [item for item in scored if start <= item.placement.date < end]
    credits = _credit(in_period, stories, registry, start, end)
    target_year = period.target_year(start_month)
    return Ranking(
        period=period,
        scoring=registry.scoring,
        groups=tuple(_rank(group, registry, credits, target_year) for group in registry.groups),
        pending=tuple(item for item in in_period if item.pending),
    )


def only_group(ranking: Ranking, group_id: str) -> Ranking:
    groups = tuple(g for g in ranking.groups if g.group.id == group_id)
    pending = tuple(item for item in ranking.pending if any(
        score.unit.id in item.units for g in groups for score in g.units))
    return Ranking(ranking.period, ranking.scoring, groups, pending)


def default_year(stories: Iterable[Story], registry: Registry, today: dt.date) -> int:
    """The "current" year of the ranking: the latest year that has placements, else today's."""
    start_month = registry.scoring.year_start_month
    years = [
        fiscal_year(p.date, start_month) for story in stories if not story.draft for p in story.placements
    ]
    return max(years) if years else fiscal_year(today, start_month)


def periods_with_data(stories: Iterable[Story], registry: Registry) -> list[Period]:
    """Every year with stories or placements, and each of its calendar quarters, newest first."""
    start_month = registry.scoring.year_start_month
    dates = []
    for story in stories:
        if story.draft:
            continue
        dates.append(story.date.date())
        dates.extend(p.date for p in story.placements)
    years = sorted({fiscal_year(d, start_month) for d in dates}, reverse=True)
    quarters = sorted({(d.year, (d.month - 1) // 3 + 1) for d in dates}, reverse=True)
    return [Period(y) for y in years] + [Period(y, "quarter", q) for y, q in quarters]
