"""Problems found in stories and registry files, reported as `path:line: 字段: 说明`."""

from __future__ import annotations

import enum
import logging
import re
from dataclasses import dataclass


class Severity(enum.IntEnum):
    # A notice is a normal state of the workflow (a pending outlet): never fails a build.
    NOTICE = 0
    # A warning fails only `mkdocs build --strict`.
    WARNING = 1
    ERROR = 2


_PREFIX = {Severity.ERROR: "", Severity.WARNING: "警告：", Severity.NOTICE: "提示："}

# Line breaks and terminal controls, which a file name, a field name or a quoted value may carry:
# shown escaped (`\n`, `\x1b`), so each problem stays one line and cannot drive a terminal.
# Bidirectional controls too: a right-to-left override makes a terminal or CI log show the rest of
# the line reversed, so that it reads as another message.
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with every control character (C0 but tab, DEL, C1, U+2028/U+2029, bidirectional
    controls) written as an escape."""
    return _UNPRINTABLE.sub(lambda match: repr(match.group())[1:-1], text)


# How MkDocs lists names under one message ("…configuration:\n  - a.md\n  - b.md"): kept as lines.
_LIST_ITEM = "\n  - "


class PrintableLog(logging.Filter):
    """Escapes control characters in every record a handler prints, so that a file name holding a
    line break or an escape sequence can neither forge a log line nor drive the terminal. MkDocs'
    own messages name files too, so this sits on the handlers of the `mkdocs` logger."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed call: the handler reports it as logging does
            return True
        if _UNPRINTABLE.search(message):
            record.msg = _LIST_ITEM.join(printable(part) for part in message.split(_LIST_ITEM))
            record.args = ()
        return True


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return (f"{printable(self.path)}:{self.line}: {printable(self.field)}: "
                f"{_PREFIX[self.severity]}{printable(self.message)}")


class Problems:
    """Collects every problem of one file, so that one run reports them all."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Problem] = []

    def error(self, line: int, field: str, message: str) -> None:
        self.items.append(Problem(self.path, line, field, message, Severity.ERROR))

    def warning(self, line: int, field: str, message: str) -> None:
        self.items.append(Problem(self.path, line, field, message, Severity.WARNING))

    def notice(self, line: int, field: str, message: str) -> None:
        self.items.append(Problem(self.path, line, field, message, Severity.NOTICE))

    @property
    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.items)


def count(problems: list[Problem], severity: Severity) -> int:
    return sum(1 for p in problems if p.severity is severity)


NOTICE_LINES = 50  # kinds of notice listed one by one; the rest are counted in one line


def condense(problems: list[Problem], limit: int | None = None) -> tuple[list[Problem], str | None]:
    """What to print of `problems` (in their order): every error and warning; each kind of notice
    once, at its first place, with how many there are (one pending outlet named in 5,000 stories
    is one line), and at most `limit` kinds of them. The second value counts the notices left out."""
    limit = NOTICE_LINES if limit is None else limit
    counts: dict[str, int] = {}
    for problem in problems:
        if problem.severity is Severity.NOTICE:
            counts[problem.message] = counts.get(problem.message, 0) + 1
    shown: list[Problem] = []
    listed: set[str] = set()
    for problem in problems:
        if problem.severity is not Severity.NOTICE:
            shown.append(problem)
        elif problem.message not in listed and len(listed) < limit:
            listed.add(problem.message)
            many = counts[problem.message]
            message = problem.message if many == 1 else f"{problem.message}（共 {many} 处，这是第一处）"
            shown.append(Problem(problem.path, problem.line, problem.field, message, problem.severity))
    rest = [message for message in counts if message not in listed]
    if not rest:
        return shown, None
    return shown, (f"提示：另有 {len(rest)} 种提示（共 {sum(counts[m] for m in rest)} 处）未逐条列出；"
                   f"待核定媒体的完整清单见网站“宣传排名”页的待核定列表")
