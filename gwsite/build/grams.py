"""Chinese text as overlapping two-character grams, the way Lucene's CJKAnalyzer indexes it.

Pagefind cuts Chinese into words with one segmenter when indexing (charabia) and another when
searching (the browser's `Intl.Segmenter`): a word the two cut differently is never found, and a
query cut into single characters matches any story. Grams need no dictionary: every run of two
or more Han characters becomes its overlapping pairs (石门县关工委 → 石门 门县 县关 关工 工委), and
the search page turns a query into the same pairs (its script has its own `encode`) and keeps a
story only where they stand at consecutive positions: exactly when its text contains the query,
as Ctrl+F would find it.

Each gram is written as ASCII (`x77f3x95e8` for 石门), so that neither Pagefind's segmenter when
indexing nor the browser's when searching cuts it again, and so that the text can be read back
from the index (`decode`). Text between runs (Latin words, digits, punctuation) stays as it is;
whitespace becomes `SPACE`, which Pagefind does not index but counts as a position, so that no
phrase spans it. A story's title takes the first `TITLE_SLOTS` positions and its text starts
after them: a match at a position below `TITLE_SLOTS` is in the title, which the search page
ranks first without a second search.
"""

from __future__ import annotations

import operator
import re

# The Han script as both sides see it (the search page's script has the same ranges).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_PARTS = re.compile(rf"([{HAN}]+)|(\s+)|([^{HAN}\s]+)")
_TOKEN = re.compile(r"(?:x[0-9a-f]{4,5}){1,2}")
SPACE = "\u00b7"  # a separator Pagefind does not index (not alphanumeric)
GAP = "\u00a7"  # a position after a mark or a word that follows a run: not indexed, not read back


class _Codes(dict[int, str]):
    """Each Han character's code and a space (`x77f3 ` for 石), made the first time `str.translate` asks."""

    def __missing__(self, point: int) -> str:
        code = self[point] = f"x{point:04x} "
        return code


_CODES = _Codes()


def grams(run: str) -> list[str]:
    """The tokens of one run of Han characters: its overlapping pairs, or the single character."""
    codes = run.translate(_CODES).split()
    return codes if len(codes) == 1 else list(map(operator.add, codes, codes[1:]))


def encode(text: str) -> str:
    """`text` as the space-separated tokens Pagefind indexes: Han runs as grams, the rest as is.

    Whitespace between two parts is one `SPACE` (none at either end, and none after a word that is
    `SPACE` itself); a mark, a word or a number right after a run takes two positions, itself and a
    `GAP`: the page asks for every other gram of a term, and 关工委，组织 must not stand where
    关工委组织 would. Made a part at a time, each run by a table (`str.translate`) and `map`: no
    Python call per character."""
    out: list[str] = []
    after_run = False  # the part before was a run of Han characters
    for han, space, other in _PARTS.findall(text):
        if han:
            codes = han.translate(_CODES).split()
            out.append(" ".join(map(operator.add, codes, codes[1:])) if len(codes) > 1 else codes[0])
            after_run = True
        elif space:
            if out and out[-1] != SPACE:
                out.append(SPACE)
            after_run = False
        else:
            out.append(f"{other} {GAP}" if after_run else other)
            after_run = False
    if out and out[-1] == SPACE:
        out.pop()
    return " ".join(out)


def decode(tokens: str) -> str:
    """The text back from `encode`'s tokens (runs of whitespace read back as one space)."""
    out: list[str] = []
    previous_gram = False
    for token in tokens.split():
        if token in (TITLE_END, GAP):
            continue
        if token == SPACE:
            out.append(" ")
            previous_gram = False
        elif _TOKEN.fullmatch(token):
            chars = [chr(int(code, 16)) for code in re.findall(r"x([0-9a-f]{4,5})", token)]
            # Overlapping pairs of one run share a character: keep only the second of each later pair.
            out.append(chars[-1] if previous_gram and len(chars) == 2 else "".join(chars))
            previous_gram = len(chars) == 2
        else:
            out.append(token)
            previous_gram = False
    return "".join(out)


TITLE_END = "\u00b6"  # fills the title's positions and ends it: not indexed, read back by `split`
TITLE_SLOTS = 64  # positions the title takes; a longer title (rare) ranks as text past this


def split(tokens: str) -> tuple[str, str]:
    """A story's title and text from the tokens `story_tokens` made."""
    title, _, text = tokens.partition(TITLE_END)
    return decode(title), decode(text)


def story_tokens(title: str, text: str) -> str:
    """The tokens Pagefind indexes for a story: its title's, filled up to `TITLE_SLOTS` positions, then its text's."""
    head = encode(title)
    filler = max(1, TITLE_SLOTS - len(head.split()))
    return " ".join(part for part in (head, " ".join([TITLE_END] * filler), encode(text)) if part)
