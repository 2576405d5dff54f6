"""Names as people type them, matched against the names the office registered.

A unit, outlet, level or category is found by its name or an alias after normalisation;
a name not found gets the closest registered one as a “did you mean”.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


def normalize_name(text: str) -> str:
    """The form in which names are compared: NFKC, no whitespace, no invisible characters.

    Names pasted from WeChat or Word carry full-width spaces, zero-width spaces and
    compatibility forms; they must still match the registry.
    """
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")


@dataclass(frozen=True)
class Match(Generic[T]):
    item: T
    # True when the name matched only after normalisation: worth a warning.
    repaired: bool


class NameIndex(Generic[T]):
    """Names and aliases of registry entries, looked up after normalisation."""

    def __init__(self) -> None:
        self._items: dict[str, T] = {}
        self._exact: dict[str, Match[T]] = {}  # names as registered: found without normalising
        self._display: dict[str, str] = {}

    def add(self, name: str, item: T, display: str) -> T | None:
        """Register `name` for `item`; returns the other item if the name is taken."""
        key = normalize_name(name)
        other = self._items.get(key)
        if other is not None and other is not item:
            return other
        self._items[key] = item
        self._exact[name] = Match(item, repaired=False)
        self._display[key] = display
        return None

    def lookup(self, name: str) -> Match[T] | None:
        exact = self._exact.get(name)
        if exact is not None:
            return exact
        item = self._items.get(normalize_name(name))
        return None if item is None else Match(item, repaired=True)

    def suggest(self, name: str) -> str | None:
        """The registered display name closest to `name`, for a “did you mean”."""
        key = normalize_name(name)
        close = closest(key, sorted(self._items), cutoff=0.7)
        if close is None:
            # A name that contains a registered one, or is contained in it, is close too
            # (“安平县关工委办公室” for “安平县关工委”).
            inside = sorted(k for k in self._items if len(k) >= 2 and (k in key or key in k))
            if not inside or len(key) < 2:
                return None
            close = inside[0]
        return self._display[close]


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The candidate most like `word`, if any is at least `cutoff` alike."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=cutoff)
    return close[0] if close else None


def did_you_mean(guess: str | None, otherwise: str = "") -> str:
    """The end of a message about a name not found: `，是否为“guess”？`, or `otherwise` with no guess."""
    return f"，是否为“{guess}”？" if guess else otherwise


# -- People's names -----------------------------------------------------------------------

# A Chinese character (CJK unified ideographs, their extensions and compatibility forms).
_HAN = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
HAN = re.compile(_HAN)
# A space between two Chinese characters: padding (李 红, 王  芳 set to the width of a three-character
# name), never part of the name; a space between Latin words is (John Smith).
_HAN_GAP = re.compile(f"(?<={_HAN}) (?={_HAN})")
# What separates names written in one string: commas (either width), 顿号, semicolons; matched with
# character references (`&amp;`), whose semicolon is text, not a separator.
_SEPARATOR_OR_REFERENCE = re.compile(r"&#?[A-Za-z0-9]+;|[,、;]")
# Words of a byline pasted from a newspaper or WeChat that name a role, not a person (文/张明 图/李红,
# 通讯员 张明, 记者：李红, 张明 摄); a name is never one of them.
BYLINE_ROLES = frozenset({"文", "图", "摄", "摄影", "图片", "视频", "文字", "图文", "文图", "撰稿", "供稿", "作者", "执笔",
                          "采写", "通讯员", "特约通讯员", "记者", "本报记者", "本报通讯员", "实习生"})
# A role marked off by a slash or colon (文/张明, 记者：李红), at the start of a name; a slash elsewhere is
# part of what was written (王芳/二 is not split).
_ROLE_MARK = re.compile(f"(?<![^ ,、;(])({'|'.join(sorted(BYLINE_ROLES, key=len, reverse=True))}) ?[/:] ?")
# A role written against the name (通讯员张明): only roles of two characters or more, since a name may
# begin with 文 or 图 (文静).
_ROLE_PREFIX = re.compile(f"^(?:特约通讯员|本报通讯员|本报记者|通讯员|记者|摄影|作者)(?={_HAN}{{2}})")
# A remark after a name in brackets: 张明(实习), 李红（市教育局）.
_REMARK = re.compile(r"\([^()]*\)$")


def _separated(text: str) -> list[str]:
    parts, start = [], 0
    for match in _SEPARATOR_OR_REFERENCE.finditer(text):
        if not match.group().startswith("&"):
            parts.append(text[start:match.start()])
            start = match.end()
    return [*parts, text[start:]]


# The 间隔号 of a name in the Chinese script of another language (阿依古丽·买买提, 约翰·史密斯) is U+00B7;
# input methods, Word and WeChat also give the bullet, the hyphenation point, the katakana middle dot
# (full or half width) and operators that look the same, and people type a full stop for it. Every one
# is the 间隔号, with no space around it: one person is not two rows of the tally for a different dot.
_INTERPUNCT = re.compile(rf" ?(?:[\u00b7\u2022\u2027\u2219\u22c5\u2e31\u30fb]|(?<={_HAN}) ?\.(?= ?{_HAN})) ?")


def _spaced(text: str) -> str:
    """NFKC (full-width commas and spaces become ASCII ones), no invisible characters, runs of white
    space as one space, every form of the 间隔号 as “·”."""
    text = unicodedata.normalize("NFKC", text)
    text = " ".join("".join(ch for ch in text if unicodedata.category(ch) != "Cf").split())
    return _INTERPUNCT.sub("·", text)


def person_name(text: str) -> str:
    """A person's name as shown and counted: NFKC, without invisible characters, runs of spaces as one,
    and no space between two Chinese characters (李 红 and 李\u3000红 are 李红; John Smith keeps its space)."""
    return _HAN_GAP.sub("", _spaced(text))


@dataclass(frozen=True)
class Byline:
    """What one written string of authors holds: the names, and what was left out as no name."""

    names: list[str]
    dropped: list[str]  # roles (文, 通讯员) and remarks in brackets ((实习))


def byline(text: str) -> Byline:
    """The names one written string holds, each as `person_name` gives it: split on commas, 顿号 and
    semicolons, and on spaces when every part is a Chinese name of at least two characters (张明 李红),
    since a Chinese name has at least two and a single character is padding (王  芳). Brackets around
    a name, a remark in brackets after it and the roles of a byline are left out (（通讯员 张明）,
    张明(实习), 文/张明 图/李红 are 张明, and 李红)."""
    names: list[str] = []
    dropped: list[str] = []
    text = _spaced(text)
    dropped.extend(role.group(1) for role in _ROLE_MARK.finditer(text))
    for part in _separated(_ROLE_MARK.sub(" ", text)):
        part = part.strip()
        if part.startswith("(") and part.endswith(")"):
            part = part[1:-1].strip()
        remark = _REMARK.search(part)
        if remark is not None and remark.start() > 0:
            dropped.append(remark.group())
            part = part[:remark.start()].strip()
        words = []
        for word in part.split():
            (dropped if word in BYLINE_ROLES else words).append(word)
        role = _ROLE_PREFIX.match(words[0]) if len(words) == 1 else None
        if role is not None:
            dropped.append(role.group())
            words = [words[0][role.end():]]
        if len(words) > 1 and all(len(word) >= 2 and HAN.search(word) for word in words):
            names.extend(person_name(word) for word in words)
        elif words:
            names.append(person_name(" ".join(words)))
    return Byline(names, dropped)


def person_names(text: str) -> list[str]:
    """The names one written string holds (`byline`)."""
    return byline(text).names


def _edits(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from `a` to `b`."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, start=1):
        current = [i]
        for j, other in enumerate(b, start=1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def close_person(name: str, candidates: Iterable[str]) -> str | None:
    """The registered name most likely meant by `name`, for a “did you mean”; None if none is close.

    difflib's ratio says 0.5 for two two-character names differing in one character (张敏, 张明), as
    it does for two names sharing only a given name's character (王芳, 李芳): one edit is close
    when the surname (first character) is kept or the names are longer (章晓燕, 张晓燕); a name
    missing a character (张晓 for 张晓燕) is preferred to one with a character replaced (张明).
    """
    key = normalize_name(name)
    best: tuple | None = None
    for candidate in set(candidates):
        other = normalize_name(candidate)
        if not key or not other or other == key:
            continue
        limit = 2 if min(len(key), len(other)) >= 6 else 1
        if abs(len(key) - len(other)) > limit:  # too far apart, and a long text is not compared at all
            continue
        distance = _edits(key, other)
        if distance > limit or (key[0] != other[0] and min(len(key), len(other)) < 3):
            continue
        rank = (distance, key[0] != other[0], not (key.startswith(other) or other.startswith(key)), candidate)
        if best is None or rank < best:
            best = rank
    return None if best is None else best[-1]
