"""A story against the years its units existed (units.yml's `since` and `until`): a unit is ranked
only in those statistical years, so a story or placement dated outside them would count nowhere."""

from __future__ import annotations

import datetime as dt

from ..problems import Problems
from .fields import PLACEMENT_KEYS, Fields
from .registry import Registry, Unit
from .story import Placement
from .yamlsafe import LineDict, LineList


def statistical_year(date: dt.date, year_start_month: int) -> int:
    """As ranking.tally.fiscal_year, which content/ may not import: 2025-03 is 2024 with start month 8."""
    return date.year if date.month >= year_start_month else date.year - 1


def _outside(unit: Unit, year: int) -> str | None:
    """Why `unit` did not exist in `year`, or None if it did."""
    if unit.since is not None and year < unit.since:
        return f"单位“{unit.name}”自 {unit.since} 年度起才有（units.yml 中 since: {unit.since}）"
    if unit.until is not None and year > unit.until:
        return f"单位“{unit.name}”已于 {unit.until} 年度后撤销（units.yml 中 until: {unit.until}）"
    return None


def unit_years(fields: Fields, date: dt.datetime | None, units: tuple[str | None, ...],
               placements: list[Placement], registry: Registry, problems: Problems) -> None:
    """An error for each unit of the story (its unit, then its co_units) that did not exist in the
    statistical year of the story's date, at the unit's field; then for each placement dated in a
    year one of them did not exist in, at the placement's date."""
    start_month = registry.scoring.year_start_month
    known = [registry.unit(unit_id) for unit_id in units if unit_id is not None]
    if date is not None:
        year = statistical_year(date.date(), start_month)
        said = False
        for index, unit_id in enumerate(units):
            why = None if unit_id is None else _outside(registry.unit(unit_id), year)
            if why is not None:
                key = "unit" if index == 0 else "co_units"
                hint = "请核对日期或单位" if "since" in why else "请核对日期或改为现在的单位"
                problems.error(fields.line(key), fields.label(key),
                               f"{why}，稿件日期 {date:%Y-%m-%d} 属于 {year} 年度，{hint}")
                said = True
        if said:
            return  # the story's own date already says it; its placements would repeat it
    dates = _placement_dates(fields)
    for placement in placements:
        year = statistical_year(placement.date, start_month)
        for unit in known:
            why = _outside(unit, year)
            if why is not None and placement.line in dates:
                line, label = dates[placement.line]
                problems.error(line, label, f"{why}，刊用日期 {placement.date} 属于 {year} 年度，"
                                            "这条刊用记录不能计入该单位的排名，请核对日期")


def _placement_dates(fields: Fields) -> dict[int, tuple[int, str]]:
    """Each placement's date (line, field), by the line of its outlet, as Placement.line gives it."""
    raw, label = fields.get("placements"), fields.label("placements")
    dates: dict[int, tuple[int, str]] = {}
    if isinstance(raw, LineList):
        for index, entry in enumerate(raw):
            if isinstance(entry, LineDict):
                # Its fields were checked already: the Problems of this second reading are dropped.
                item = Fields(entry, PLACEMENT_KEYS, f"{label}[{index + 1}].", Problems(""))
                dates[item.line("outlet")] = (item.line("date"), item.label("date"))
    return dates
