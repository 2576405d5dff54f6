"""Single values of a story as written by hand: dates, one-line texts, slugs, invisible characters.

Each function takes what YAML or a file gave and returns the clean value, or None when it
cannot be one; the caller reports where.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

MAX_SLUG_CHARS = 100
SLUG_UNSAFE = re.compile(r"[^a-z0-9]+")

_DATE_RE = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?$"
)
DATE_EXPECTED = "应为 2024-03-15 或 2024-03-15 14:30 这样的日期"


def parse_datetime(value: Any, tz: ZoneInfo) -> dt.datetime | None:
    """A date, or a date and time, as an aware datetime in `tz` (midnight for a date alone)."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        match = _DATE_RE.match(value.strip())
        if not match:
            return None
        year, month, day, hour, minute, second, offset = match.groups()
        try:
            moment = dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
        except ValueError:
            return None
        if offset:
            if offset == "Z":
                zone = dt.timezone.utc
            else:
                sign = -1 if offset[0] == "-" else 1
                digits = offset[1:].replace(":", "")
                try:
                    zone = dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
                except ValueError:  # an offset of a day or more, like +99:00
                    return None
            moment = moment.replace(tzinfo=zone)
    else:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    try:
        # Year 1 east of Greenwich or year 9999 west of it has no UTC time: feeds and sitemaps need one.
        moment.astimezone(dt.timezone.utc)
        return moment.astimezone(tz)
    except OverflowError:
        return None


def one_line(value: Any) -> str | None:
    if isinstance(value, str) and value.strip() and "\n" not in value.strip():
        return value.strip()
    return None


def slugify(text: str) -> str:
    return SLUG_UNSAFE.sub("-", text.lower()).strip("-")


def path_slug(src: str) -> str:
    """The slug of a story without `slug`: its ASCII file name, else a hash of its path."""
    stem = PurePosixPath(src).stem
    if stem.isascii() and slugify(stem):
        return slugify(stem)
    return hashlib.sha1(src.encode("utf-8")).hexdigest()[:8]


# Characters that neither YAML nor XML (feeds) can carry: C0 and C1 controls other than tab
# and line breaks, and the non-characters U+FFFE/U+FFFF. Word's manual line break (U+000B)
# and page break (U+000C) come in with pasted text.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def without_control_chars(text: str) -> str:
    return CONTROL_CHARS.sub("", text)


def normalized(text: str) -> str:
    """A story's decoded text as gwsite reads it: Unix line ends, no control characters."""
    return without_control_chars(text.replace("\r\n", "\n").replace("\r", "\n"))
