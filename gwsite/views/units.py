"""What the unit pages show: the index of units by group, and each unit's page with its stories
and, year by year, every placement with how its points were reached (the office's audit)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..content.story import SiteOptions, Story
from ..content.registry import Registry, Unit
from ..ranking.labels import PENDING, level_name, points_text
from ..ranking.tally import Period, Ranking, ScoredPlacement, UnitScore
from .ranking import short, target_and_completion, year_months
from .story import chinese_date
from .urls import ranking_url, unit_url


@dataclass(frozen=True)
class AuditRow:
    date: str
    story: str
    story_url: str
    outlet: str
    link: str | None
    level: str
    type: str
    section: str
    basis: str  # how the points were reached
    points: str
    status: str  # 计分, 待核定, 不计分


@dataclass(frozen=True)
class AuditPeriod:
    label: str
    period: str
    ranking_url: str
    rows: tuple[AuditRow, ...]
    points: str
    placements: int
    pending: int
    target: str
    completion: str
    rank: int
    group_size: int
    quarters: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class StoryLink:
    title: str
    url: str
    date: str
    category: str
    role: str  # 报送 or 联合报送


@dataclass(frozen=True)
class UnitView:
    id: str
    name: str
    group: str
    aliases: tuple[str, ...]
    stories: tuple[StoryLink, ...]
    periods: tuple[AuditPeriod, ...]


@dataclass(frozen=True)
class UnitIndexGroup:
    name: str
    units: tuple[tuple[str, str, int, str], ...]  # name, url, story count, points this year


def units_index(ranking: Ranking, stories: list[Story], registry: Registry) -> tuple[UnitIndexGroup, ...]:
    """Each group's units in the registry's order, with their stories and this year's points."""
    return tuple(
        UnitIndexGroup(
            group.group.name,
            tuple(
                (score.unit.name, unit_url(score.unit.id), sum(1 for s in stories if score.unit.id in s.units),
                 points_text(score.points))
                for score in sorted(group.units, key=lambda s: registry.units.index(s.unit))
            ),
        )
        for group in ranking.groups
    )


def basis_and_status(item: ScoredPlacement, registry: Registry) -> tuple[str, str]:
    """How a placement's points were reached, in words, and whether they count: 计分, 待核定, 不计分."""
    if item.pending:
        return f"媒体{PENDING}，核定级别后计分", PENDING
    scoring = registry.scoring
    level, kind = scoring.level(item.placement.level), scoring.type(item.placement.type)
    basis = f"{level.name} {short(item.level_points)} × {kind.name} {short(item.type_factor)}"
    if item.section_key:
        basis += f" × {item.section_key} {short(item.section_factor)}"
    if not item.counted:
        return basis + "；同一稿件只计得分最高的一次，本条不计", "不计分"
    if len(item.units) > 1:
        basis += f" = {short(item.points)}，{len(item.units)} 个单位联合报送平分"
    return basis, "计分"


def audit_row(item: ScoredPlacement, registry: Registry) -> AuditRow:
    placement = item.placement
    basis, status = basis_and_status(item, registry)
    return AuditRow(
        date=str(placement.date),
        story=item.story.title,
        story_url=item.story.url,
        outlet=placement.outlet,
        link=placement.url,
        level=level_name(registry.scoring, placement),
        type=registry.scoring.type(placement.type).name,
        section=placement.section or "",
        basis=basis,
        points=short(item.share) if status == "计分" else "0",
        status=status,
    )


def quarter_points(score: UnitScore, year: Period, year_start_month: int) -> tuple[tuple[str, str], ...]:
    """A unit's points in each quarter of a statistical year, counted placements only."""
    quarters = []
    for first in year_months(year, year_start_month)[::3]:
        quarter = Period(first.year, "quarter", (first.number - 1) // 3 + 1)
        points = sum((i.share for i in score.items if i.counted and not i.pending and quarter.contains(i.date)),
                     Fraction(0))
        quarters.append((quarter.label(), points_text(points)))
    return tuple(quarters)


def audit_period(unit: Unit, year: Period, ranking: Ranking, registry: Registry) -> AuditPeriod:
    """A unit's year: its rank in its group, points, quarters, and every placement explained."""
    start_month = registry.scoring.year_start_month
    group = next(g for g in ranking.groups if g.group.id == unit.group)
    score = next(s for s in group.units if s.unit.id == unit.id)
    target, completion = target_and_completion(score)
    return AuditPeriod(
        label=year.label(start_month),
        period=str(year),
        ranking_url=ranking_url(year),
        rows=tuple(audit_row(item, registry) for item in score.items),
        points=points_text(score.points),
        placements=score.placements_total,
        pending=score.pending,
        target=target,
        completion=completion,
        rank=score.rank,
        group_size=len(group.units),
        quarters=quarter_points(score, year, start_month),
    )


def unit_view(unit: Unit, site_stories: list[Story], rankings: dict[Period, Ranking], years: list[Period],
              registry: Registry, options: SiteOptions) -> UnitView:
    categories = options.category_names
    stories = tuple(
        StoryLink(s.title, s.url, chinese_date(s.date), categories[s.category],
                  "报送" if s.unit == unit.id else "联合报送")
        for s in site_stories
        if unit.id in s.units
    )
    # Only the years the unit existed (units.yml's since/until): it is not ranked in the others.
    periods = tuple(audit_period(unit, year, rankings[year], registry) for year in years if unit.existed(year.year))
    group_name = next(g.name for g in registry.groups if g.id == unit.group)
    return UnitView(unit.id, unit.name, group_name, unit.aliases, stories, tuple(periods))
