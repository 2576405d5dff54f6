"""Names as people type them, matched against the names the office registered.

A unit, outlet, level or category is found by its name or an alias after normalisation;
a name not found gets the closest registered one as a “did you mean”.
"""

from __future__ import annotations

import difflib
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
