"""A one-line progress display for long steps of a build, shown only in a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """`正在处理图片 37/100` rewritten in place on stderr; nothing at all when stderr is a file or pipe.

    Short steps stay silent: the line appears only for `at_least` items or more, and is
    redrawn at most ten times a second so that it never slows the work it reports.
    """

    def __init__(self, label: str, at_least: int = 5, stream: TextIO | None = None) -> None:
        self.label = label
        self.at_least = at_least
        self.stream = stream or sys.stderr
        self.shown = False
        self.last = 0.0
        self.started = time.monotonic()

    @property
    def enabled(self) -> bool:
        isatty = getattr(self.stream, "isatty", None)
        return bool(isatty and isatty())

    def __call__(self, done: int, total: int) -> None:
        if total < self.at_least or not self.enabled:
            return
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        self.shown = True
        elapsed = now - self.started
        self.stream.write(f"\r{self.label} {done}/{total}（{elapsed:.0f} 秒）\x1b[K")
        if done >= total:
            self.stream.write("\r\x1b[K")
        self.stream.flush()
