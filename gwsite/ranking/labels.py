"""How the ranking's values read wherever they are shown: on the site's pages, in the CSV the
office downloads and in `gwsite rank`. One wording each, so a page and its download never disagree."""

from __future__ import annotations

from fractions import Fraction

from ..content.story import Placement
from ..content.registry import Scoring
from .tally import round_half_up

PENDING = "待核定"  # an outlet the office has not listed yet: no level, no points until it is
# Completion is always points ÷ the statistical year's target, for a quarter, a month or a range too.
COMPLETION = "年度任务完成率"


def ranking_title(label: str) -> str:
    """The heading of a period's ranking, `label` being the period's: 2024年度宣传上稿排名."""
    return f"{label}宣传上稿排名"


def level_name(scoring: Scoring, placement: Placement) -> str:
    """A placement's level as a reader sees it: its Chinese name, or 待核定 for a pending outlet."""
    return scoring.level(placement.level).name if placement.listed and placement.level else PENDING


def points_text(points: Fraction) -> str:
    """Points as every table shows them: one decimal, rounded half up (2.25 → 2.3)."""
    return f"{round_half_up(points, 1):.1f}"


def percent(completion: float | None) -> str:
    """A completion rate as a percentage with one decimal; empty where a unit has no target."""
    return "" if completion is None else f"{completion * 100:.1f}%"


def cumulative_levels(scoring: Scoring) -> list[tuple[str, str]]:
    """(level key, heading) of the "X级（含）以上" columns: every level but the highest and lowest."""
    return [(level.key, f"{level.name}（含）以上") for level in scoring.levels[1:-1]]
