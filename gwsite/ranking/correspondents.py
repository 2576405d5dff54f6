"""The per-correspondent tally: what each correspondent (通讯员) wrote and placed in a period.

The rule (DESIGN, and the office's guide): every author of a published story is credited with the
story when it is dated in the period, and with each of its scored placements dated in the period
(counted by level); the placement's points are split equally among the story's authors, whatever
the split among joint units. Sums are exact fractions, rounded half up only when reported, as the
units' are.

A correspondent is a person of a unit: the unit whose list in units.yml names the author (the
story's own units' lists first), else the story's unit. Two people of one name in two units are
two rows; the name written as an alias is the registered name's row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Iterable

from ..content.registry import Registry, Unit, person_key
from ..content.story import Story
from .tally import Period, ScoredPlacement, at_or_above, exact, score_placements

if TYPE_CHECKING:
    from .issued import Issued, IssuedPlacement


@dataclass(frozen=True)
class CorrespondentScore:
    name: str  # the registered name, or the author as written (normalised) when no unit lists it
    unit: Unit
    rank: int
    listed: bool  # whether the unit lists the name in units.yml
    placements: dict[str, int]  # per level key, in the scoring's order (highest first)
    points: Fraction
    pending: int
    stories: tuple[Story, ...] = ()  # published stories dated in the period, newest first
    items: tuple[ScoredPlacement, ...] = ()  # the placements it was credited with
    authors: tuple[int, ...] = ()  # for each of `items`, the number of people sharing its points

    @property
    def site_stories(self) -> int:
        return len(self.stories)

    @property
    def placements_total(self) -> int:
        return sum(self.placements.values())

    def at_or_above(self, level: str) -> int:
        """Placements at this level or higher: "省级（含）以上"."""
        return at_or_above(self.placements, level)


@dataclass(frozen=True)
class Unattributed:
    """What stories without authors earned in the period: in the units' totals, in no correspondent's.
    For an issued period, also the issued placements no story has any more (`unmatched` of them: a
    story renamed, deleted or made a draft, a placement's outlet or date edited since)."""

    site_stories: int = 0
    placements: int = 0
    points: Fraction = Fraction(0)
    unmatched: int = 0


@dataclass(frozen=True)
class CorrespondentTally:
    period: Period
    correspondents: tuple[CorrespondentScore, ...]
    # None in a tally narrowed to some units (`correspondent_exports.for_units`): it is not split by unit.
    unattributed: Unattributed | None = field(default_factory=Unattributed)


Key = tuple[str, str]  # (unit id, person_key of the name)


def credited(story: Story, registry: Registry, year: int | None = None) -> list[tuple[Key, str, bool]]:
    """Who a story credits: (key, name shown, listed) for each distinct author, in the order written;
    in statistical year `year`'s tally, a correspondent listed by two units is the one serving in it."""
    people: dict[Key, tuple[str, bool]] = {}
    for author in story.authors:
        found = registry.correspondent(author, story.units, year)
        unit_id, name, listed = (*found, True) if found is not None else (story.unit, author, False)
        people.setdefault((unit_id, person_key(name)), (name, listed))
    return [(key, name, listed) for key, (name, listed) in people.items()]


@dataclass
class _Credits:
    levels: tuple[str, ...]
    names: dict[Key, tuple[str, bool]] = field(default_factory=dict)
    counts: dict[Key, dict[str, int]] = field(default_factory=dict)
    points: dict[Key, Fraction] = field(default_factory=lambda: defaultdict(Fraction))
    pending: dict[Key, int] = field(default_factory=lambda: defaultdict(int))
    stories: dict[Key, list[Story]] = field(default_factory=lambda: defaultdict(list))
    items: dict[Key, list[ScoredPlacement]] = field(default_factory=lambda: defaultdict(list))
    authors: dict[Key, list[int]] = field(default_factory=lambda: defaultdict(list))

    def person(self, key: Key, name: str, listed: bool) -> None:
        """Make `key` a row; of two spellings of an unlisted name, the smaller is shown (file order never matters)."""
        known = self.names.get(key)
        if known is None or (not listed and not known[1] and name < known[0]):
            self.names[key] = (name, listed)
        self.counts.setdefault(key, {level: 0 for level in self.levels})


def tally_correspondents(stories: Iterable[Story], registry: Registry, period: Period, *,
                         scored: list[ScoredPlacement] | None = None,
                         cutoff: dt.date | None = None) -> CorrespondentTally:
    """Every correspondent with a story or placement in `period`, and every correspondent listed by a
    unit ranked in the period and serving in its year (with zeros), ranked by points, then
    placements, then stories.

    `cutoff`: count only placements dated on or before it (an issued period's cut-off)."""
    stories = [story for story in stories if not story.draft]
    start_month = registry.scoring.year_start_month
    if scored is None:
        scored = score_placements(stories, registry)
    start, end = period.bounds(start_month)
    last = end if cutoff is None else min(end, cutoff + dt.timedelta(days=1))
    credits = _Credits(tuple(level.key for level in registry.scoring.levels))
    target_year = period.target_year(start_month)
    for unit in registry.units:
        if unit.existed(target_year):
            for person in unit.correspondents:
                if person.served(target_year):
                    credits.person((unit.id, person_key(person.name)), person.name, True)
    unattributed = {"stories": 0, "placements": 0, "points": Fraction(0)}

    in_period = [story for story in stories if start <= story.date.date() < last]
    for story in sorted(in_period, key=lambda s: (-s.date.timestamp(), s.src)):
        people = credited(story, registry, target_year)
        for key, name, listed in people:
            credits.person(key, name, listed)
            credits.stories[key].append(story)
        if not people:
            unattributed["stories"] += 1
    for item in scored:
        if not start <= item.placement.date < last:
            continue
        people = credited(item.story, registry, target_year)
        if not people:
            if item.counted and not item.pending:
                unattributed["placements"] += 1
                unattributed["points"] += item.points
            continue
        share = item.points / len(people)
        for key, name, listed in people:
            credits.person(key, name, listed)
            if item.pending:
                credits.pending[key] += 1
            elif item.counted:
                credits.counts[key][item.placement.level] += 1
                credits.points[key] += share
            credits.items[key].append(item)
            credits.authors[key].append(len(people))
    return CorrespondentTally(
        period=period,
        correspondents=_ranked(credits, registry),
        unattributed=Unattributed(unattributed["stories"], unattributed["placements"], unattributed["points"]),
    )


def tally_as_issued(stories: Iterable[Story], registry: Registry, period: Period, record: Issued | None, *,
                    scored: list[ScoredPlacement] | None = None) -> CorrespondentTally:
    """The correspondents of `period` as every command and page shows them. For an issued period
    (`record`, its issued file), only the placements its file lists (and its pending ones up to the
    cut-off) are credited, so that the correspondents' numbers add up to the units' as issued: a
    placement added since counts for neither, and each earns its issued points. Correspondents are
    not part of the issued file; their names and shares come from the stories as they are now, and
    an issued placement no story has any more is counted with the stories without authors."""
    stories = [story for story in stories if not story.draft]
    if scored is None:
        scored = score_placements(stories, registry)
    if record is None:
        return tally_correspondents(stories, registry, period, scored=scored)
    issued = {placement.key: placement for placement in record.placements}
    levels = {level.key for level in registry.scoring.levels}
    counted, found = [], set()
    for item in scored:
        placement = issued.get((item.story.src, item.placement.outlet, item.date))
        if placement is not None:
            found.add(placement.key)
            counted.append(_as_issued(item, placement, levels))
        elif item.pending:
            counted.append(item)
    result = tally_correspondents(stories, registry, period, scored=counted, cutoff=record.cutoff)
    start, end = period.bounds(registry.scoring.year_start_month)
    lost = [placement for key, placement in issued.items() if key not in found and start <= placement.date < end]
    if not lost:
        return result
    nobody = result.unattributed or Unattributed()
    return replace(result, unattributed=Unattributed(
        nobody.site_stories, nobody.placements + len(lost), nobody.points + sum(exact(p.points) for p in lost),
        nobody.unmatched + len(lost)))


def _as_issued(item: ScoredPlacement, placement: IssuedPlacement, levels: set[str]) -> ScoredPlacement:
    """`item` earning what its issued record says it earned (the scoring or the outlet's level may
    have changed since), at its issued level while the scoring still has that level."""
    level = placement.level if placement.level in levels else item.placement.level
    return ScoredPlacement(
        story=item.story, placement=replace(item.placement, listed=True, level=level),
        level_points=exact(placement.points), type_factor=Fraction(1), section_factor=Fraction(1),
        units=item.units, counted=True, section_key=item.section_key)


def _ranked(credits: _Credits, registry: Registry) -> tuple[CorrespondentScore, ...]:
    """Points descending; ties by placements, then stories on the site (both descending), then the
    unit's place in units.yml, then the name: an order that never depends on file order."""
    order = {unit.id: index for index, unit in enumerate(registry.units)}

    def sort_key(key: Key) -> tuple:
        return (-credits.points[key], -sum(credits.counts[key].values()), -len(credits.stories[key]),
                order[key[0]], credits.names[key][0])

    scores: list[CorrespondentScore] = []
    for position, key in enumerate(sorted(credits.names, key=sort_key), start=1):
        points = credits.points[key]
        # Equal points share a rank (1, 2, 2, 4), as units' do.
        rank = scores[-1].rank if scores and scores[-1].points == points else position
        name, listed = credits.names[key]
        scores.append(CorrespondentScore(
            name=name,
            unit=registry.unit(key[0]),
            rank=rank,
            listed=listed,
            placements=credits.counts[key],
            points=points,
            pending=credits.pending[key],
            stories=tuple(credits.stories[key]),
            items=tuple(credits.items[key]),
            authors=tuple(credits.authors[key]),
        ))
    return tuple(scores)
