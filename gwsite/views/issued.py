"""What a ranking page shows of an issued period: the 已通报 mark and the 通报后变动 table."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from ..ranking.issued import CHANGED, MARK, IssuedPeriod
from ..ranking.issued_changes import numbers_text


@dataclass(frozen=True)
class ChangeRow:
    unit: str
    before: str
    after: str
    causes: tuple[str, ...]


@dataclass(frozen=True)
class IssuedView:
    mark: str  # 已通报
    date: str
    cutoff: str
    file: str  # the issued file, as the office finds it
    heading: str  # 通报后变动
    changes: tuple[ChangeRow, ...]


def issued_view(state: IssuedPeriod) -> IssuedView:
    record = state.record
    rows = tuple(ChangeRow(change.name, numbers_text(change.before), numbers_text(change.after), change.causes)
                 for change in state.changes)
    return IssuedView(MARK, str(record.issued), str(record.cutoff), record.path, CHANGED, rows)


def with_issued(view: Any, state: IssuedPeriod | None) -> Any:
    """A ranking page's view for an issued period: its heading marked 已通报, the issue shown."""
    if state is None:
        return view
    levels = tuple(level.name for level in state.ranking.scoring.levels)  # the columns as issued
    return dataclasses.replace(view, title=f"{view.title}（{MARK}）", levels=levels, issued=issued_view(state),
                               cutoff=str(state.record.cutoff))
