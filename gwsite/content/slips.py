"""What a Chinese input method slips into hand-written YAML, and how each slip is read.

Correspondents type front-matter with a Chinese input method and paste from Word: a full-width
colon after a key, a full-width or non-breaking space as indentation, `【】` or Word's `“”` around
values, `，`, `、` or `；` between list items, a date in full-width digits. A slip with one meaning
is read as meant, with one warning naming its line and the character; one without (a Tab: how
wide?) is refused at its line, naming the character. None is silently read as another value.

`repair` works on the front-matter's text, before YAML reads it, and only changes lines that
YAML would refuse or misread; the value helpers work on what YAML read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .names import closest, did_you_mean
from .yamlsafe import YamlError

# -- The text, before YAML reads it ---------------------------------------------------------

# Spaces YAML does not take for spaces, with their names and the columns each stands for where a
# writer lines things up by eye (a full-width space is as wide as a Chinese character).
_SPACES: dict[str, tuple[str, int]] = {
    "\u3000": ("全角空格", 2),
    "\u00a0": ("不间断空格", 1),
    "\u200b": ("零宽空格", 0),
    "\ufeff": ("零宽空格", 0),
    "\u202f": ("窄不间断空格", 1),
    "\u205f": ("数学空格", 1),
    **{chr(code): ("特殊空格", 1) for code in range(0x2000, 0x200B)},
}
_BLANK = " \t" + "".join(_SPACES)
_LEAD = re.compile(f"[{_BLANK}]*")
_ITEM = re.compile(f"([-\uff0d])([{_BLANK}]+)")
# A key as correspondents write them (no spaces, quotes or brackets), a colon of either width, and
# what follows it up to the value.
_KEYED = re.compile(f"(?P<key>[^\\s:：#'\"\\[\\]{{}}&*!|>%@`,\\-－][^\\s:：#]*)(?P<gap> *)(?P<colon>[:：])"
                    f"(?P<after>[{_BLANK}]*)")
_BLOCK = re.compile(r"[|>][1-9+-]{0,2}[ \t]*(?:#.*)?$")
_SUSPECT = re.compile(f"[：\t\uff0d{''.join(_SPACES)}]|^ *(?:- )?[^\\s:#]+:[^\\s]", re.M)


@dataclass(frozen=True)
class Slip:
    """One slip read as meant: a warning at a 1-based line of the story, about a field."""

    line: int
    key: str
    message: str


@dataclass(frozen=True)
class Repaired:
    """The front-matter's text with its slips read as meant, and what is to be said of them."""

    text: str
    slips: tuple[Slip, ...]
    # Lines holding an unknown key followed by a full-width colon: (line, key). Left as written
    # (any key could be meant), they explain the YAML error they cause.
    unknown_colons: tuple[tuple[int, str], ...]


def space_names(chars: str) -> str:
    """The spaces of `chars` YAML does not take there, by name and code: 全角空格（U+3000）; a Tab is
    named too (only the spaces it is read with are called for)."""
    named = {**_SPACES, "\t": ("Tab 键", 0)}
    return "、".join(dict.fromkeys(f"{named[char][0]}（U+{ord(char):04X}）" for char in chars if char in named))


def _width(chars: str) -> int:
    return sum(_SPACES[char][1] if char in _SPACES else 1 for char in chars)


TAB_MESSAGE = ("行首用了 Tab 键缩进，YAML 只认英文空格，无法确定 Tab 算几格：请删去这一行开头的 Tab，"
               "改用空格与上下行对齐")


def repair(front_matter: str, known_keys: frozenset[str], text_keys: frozenset[str] = frozenset()) -> Repaired:
    """`front_matter` (its first line is the rest of the story's line 1) with each slip read as meant.
    Of `known_keys`, `text_keys` hold text or a list, never a mapping: a deeper line after one of
    them goes on with its value (`摘要:` then `  日期：六月十日前`), it holds no key.

    Raises YamlError at the first line indented with a Tab.
    """
    if _SUSPECT.search(front_matter) is None:  # the common case: nothing to look at
        return Repaired(front_matter, (), ())
    lines = front_matter.split("\n")
    slips: list[Slip] = []
    unknown: list[tuple[int, str]] = []
    block_indent: int | None = None  # inside a `|` or `>` block: its key's indentation
    key_column = 0  # where the keys of the mapping being written start
    opens = False  # the last key had no value on its line: a deeper mapping may follow
    last_key = "front-matter"  # what a line without a key belongs to
    inside = _OUTSIDE  # a quoted value or a flow list left open by the lines above
    text_list: int | None = None  # the column of a text key whose list of items follows (`作者:`)
    for index, line in enumerate(lines):
        number = index + 1
        if inside != _OUTSIDE:
            inside = _flow_state(line, inside)
            continue  # the rest of a quoted value or of a list: text, not keys (YAML takes a Tab here)
        lead = _LEAD.match(line).group()
        rest = line[len(lead):]
        if not rest or rest.startswith("#"):
            in_block = block_indent is not None and len(line) - len(line.lstrip(" ")) > block_indent
            if rest == "" and lead.strip(" \t"):
                lines[index] = ""  # a blank line holding full-width spaces is still blank
            elif lead.strip(" \t") and not in_block:
                # A comment still: YAML would read it as text of the value above (`title: 会议` then
                # `  　# 备注` is the title 会议 　# 备注), or refuse it.
                lines[index] = re.sub("[^ \t]", " ", lead) + rest
            continue
        if block_indent is not None:
            ascii_lead = len(line) - len(line.lstrip(" "))
            if ascii_lead > block_indent:
                continue  # the block's text: whatever is written there is meant
            block_indent = None
        if "\t" in lead:
            raise YamlError(number, TAB_MESSAGE, key=_key_of(rest, last_key))
        column = _width(lead)
        if lead.strip(" "):
            wide = "（全角空格算两格）" if "\u3000" in lead else ""
            slips.append(Slip(number, _key_of(rest, last_key),
                              f"行首缩进用了{space_names(lead)}，已按英文空格读取{wide}；缩进请只用英文空格"))
            lead = " " * column
        item = _ITEM.match(rest)
        # An item of a text key's list is text (`作者:` then `  - 通讯员：张明`), never a mapping.
        text_item = item is not None and text_list is not None and column >= text_list
        if item is not None:
            dash, gap = item.groups()
            if dash == "－" or gap.strip(" "):
                what = "全角减号“－”" if dash == "－" else f"“-”后的{space_names(gap)}"
                slips.append(Slip(number, _key_of(rest[item.end():], last_key), f"列表项的{what}已按英文“- ”读取；"
                                                                      "列表每一项请以英文短横线加空格“- ”开头"))
                rest = "- " + rest[item.end():]
            column += 2
        keyed = None if text_item else _KEYED.match(rest[2:] if item else rest)
        at_key = item is not None or column <= key_column or opens
        if keyed is not None and at_key:
            key, colon, after = keyed.group("key"), keyed.group("colon"), keyed.group("after")
            value = keyed.string[keyed.end():]
            head = rest[:2] if item else ""
            if colon == "：" and key not in known_keys:
                unknown.append((number, key))
            elif key in known_keys and (colon == "：" or after.strip(" \t") or (not after and value)):
                if colon == "：":
                    said = f"“{key}”后用了中文冒号“：”，已按英文冒号“:”读取；请改为英文冒号加空格，如 {key}: …"
                elif after.strip(" \t"):
                    spaces = space_names(after.replace("\t", ""))  # a Tab after a colon is YAML's own
                    said = f"“{key}:”后用了{spaces}，已按英文空格读取；冒号后请用英文空格"
                else:
                    said = f"“{key}:”后缺少空格，已按“{key}: {value[:12]}”读取；英文冒号后请加一个空格"
                slips.append(Slip(number, key, said))
                rest = f"{head}{key}:{' ' if value else ''}{value}"
            key_column, last_key = column, key
            opens = not value.strip() and key not in text_keys if colon == ":" or key in known_keys else False
            text_list = column if key in text_keys and not value.strip() else None
            if _BLOCK.match(value.strip() if value else ""):
                block_indent = column
            inside = _flow_state(value.lstrip(_BLANK), _OUTSIDE)
        elif at_key:
            opens = False
            inside = _flow_state(rest[2:] if item else rest, _OUTSIDE)
        lines[index] = lead + rest
    return Repaired("\n".join(lines), tuple(slips), tuple(unknown))


# Where a line leaves YAML: (the quote a quoted value is still open with, or ""; how many flow
# brackets `[` `{` are still open).
_OUTSIDE = ("", 0)


def _flow_state(text: str, state: tuple[str, int]) -> tuple[str, int]:
    """Where YAML is at the end of `text` (a value as written, or a line inside a quoted value or a
    flow list) when it was at `state` at its start. A quote or bracket opens only where a value starts;
    inside a plain value it is text, as it is to YAML."""
    quote, depth = state
    starts = True  # a value may start here
    index = 0
    while index < len(text):
        char = text[index]
        if quote == '"':
            if char == "\\":
                index += 1  # an escape: the next character is not the closing quote
            elif char == '"':
                quote, starts = "", False
        elif quote == "'":
            if char == "'" and text[index + 1:index + 2] == "'":
                index += 1  # '' is a quote inside the value
            elif char == "'":
                quote, starts = "", False
        elif char == "#" and (index == 0 or text[index - 1] in " \t"):
            break  # a comment
        elif char in "\"'" and starts:
            quote = char
        elif char in "[{" and (starts or depth):
            depth, starts = depth + 1, True
        elif char in "]}" and depth:
            depth, starts = depth - 1, False
        elif char == "," and depth or char == ":" and text[index + 1:index + 2] in ("", " ", "\t"):
            starts = True
        elif char not in " \t":
            starts = False
        index += 1
    return quote, depth


def _key_of(rest: str, default: str = "front-matter") -> str:
    """The key a line (after its indentation) starts with, past a list's dash; else `default`."""
    keyed = _KEYED.match(rest[2:] if rest[:1] in "-－" and rest[1:2].isspace() else rest)
    return keyed.group("key") if keyed else default


def unknown_colon(repaired: Repaired, error: YamlError, known_keys: frozenset[str]) -> YamlError | None:
    """The YAML error an unknown key's full-width colon caused, said at that key's line; None if
    `error` has another cause. (YAML notices the missing colon on the line after the key's.)"""
    for line, key in repaired.unknown_colons:
        if error.line in (line, line + 1):
            hint = did_you_mean(closest(key, sorted(known_keys)))
            return YamlError(line, f"“{key}”后用了中文冒号“：”，字段名后应为英文冒号加空格；"
                                   f"而且没有“{key}”这个字段{hint}", key=key)
    return None


# -- Values, as YAML read them ----------------------------------------------------------------

_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』", "＂": "＂", "＇": "＇"}
_QUOTE_NAMES = {"“": "中文引号“”", "‘": "中文单引号‘’", "「": "直角引号「」", "『": "直角引号『』",
                "＂": "全角引号＂＂", "＇": "全角单引号＇＇"}
_BRACKETS = {"【": "】", "［": "］", "〔": "〕", "〖": "〗"}
_SEPARATORS = re.compile("[,，、;；]")
_SEPARATOR_NAMES = {"，": "中文逗号“，”", "、": "顿号“、”", "；": "中文分号“；”", ",": "英文逗号“,”", ";": "英文分号“;”"}


def _wrapped(text: str, pairs: dict[str, str]) -> str | None:
    """What `text` holds inside one pair of `pairs` around all of it; None if it is not so wrapped."""
    text = text.strip()
    close = pairs.get(text[:1])  # the first character decides: most values start with no bracket
    if close and len(text) > 2 and text[-1] == close and text[0] not in text[1:-1] and close not in text[1:-1]:
        return text[1:-1].strip()
    return None


def unquoted(text: str) -> tuple[str, str | None]:
    """`text` without Chinese quotes around all of it, and the quotes' name; (`text`, None) if none."""
    inner = _wrapped(text, _QUOTES)
    return (text, None) if not inner else (inner, _QUOTE_NAMES[text.strip()[0]])


def quotes_message(inner: str, name: str, items: list[str] | None = None) -> str:
    """What is said of a value (or of a list's `items`) written inside Chinese quotes."""
    read = f"值两边的{name}已去掉，按“{inner}”读取" if items is None else \
        f"各项两边的{name}已去掉，按 [{', '.join(items)}] 读取"
    return f"{read}；这里不必加引号（YAML 只认英文引号 \"）"


def list_items(text: str, split: bool = True) -> tuple[list[str], str | None]:
    """The items one written string holds when it holds several (`【a，b】`, `a、b`), and what was
    read as a list's brackets and separators; ([`text`], None) for one item. Without `split`, only
    the brackets go."""
    if text.lstrip()[:1] not in _BRACKETS and (not split or _SEPARATORS.search(text) is None):
        return [text], None  # the common case
    inner = _wrapped(text, _BRACKETS)
    said = []
    if inner is not None:
        said.append(f"方括号“{text.strip()[0]}{_BRACKETS[text.strip()[0]]}”")
        text = inner
    separators = dict.fromkeys(char for char in text if char in _SEPARATOR_NAMES) if split else {}
    items = [item.strip() for item in _SEPARATORS.split(text)] if separators else [text]
    items = [item for item in items if item]
    if inner is None and len(items) < 2:
        return [text], None
    said.extend(_SEPARATOR_NAMES[char] for char in separators)
    return items, "、".join(said)


SHOWN_ITEMS = 10  # a message quotes at most this many items of a list: one line stays readable


def list_message(written: str, items: list[str], what: str, key: str) -> str:
    listed = ", ".join(items[:SHOWN_ITEMS]) + (", …" if len(items) > SHOWN_ITEMS else "")
    shown = written.strip() if len(items) <= SHOWN_ITEMS else written.strip()[:60] + "…"
    return (f"“{shown}”中有{what}，已按 {len(items)} 项读取：[{listed}]；"
            f"多项请写成英文方括号、英文逗号分隔的列表，如 {key}: [{listed}]")


def brackets_message(written: str, what: str, key: str) -> str:
    return f"“{written.strip()}”两边的{what}已去掉；{key}的列表请用英文方括号 [ ]"


def separators_named(text: str) -> str:
    """What separates the parts of `text`, by name: 中文逗号“，”; spaces only where nothing else does
    (in 张明，李 红 the space is padding)."""
    named = [_SEPARATOR_NAMES[char] for char in dict.fromkeys(text) if char in _SEPARATOR_NAMES]
    if named:
        return "、".join(named)
    spaces = [_SPACES[char][0] for char in dict.fromkeys(text) if char in _SPACES and _SPACES[char][1]]
    return "、".join(dict.fromkeys(spaces)) or "空格"


def unquoted_parts(text: str) -> tuple[str, str | None]:
    """`text` without Chinese quotes around all of it or around each of its parts (“张明”，“李红”:
    parts are what a separator or a space leaves), and the quotes' names; (`text`, None) if none."""
    names = []
    text, name = unquoted(text)
    names.append(name)
    pieces = re.split(f"([,，、;；{_BLANK}]+)", text)
    for index in range(0, len(pieces), 2):
        pieces[index], name = unquoted(pieces[index])
        names.append(name)
    named = "、".join(dict.fromkeys(name for name in names if name))
    return ("".join(pieces), named) if named else (text, None)


# Punctuation a Chinese input method types where YAML wants its ASCII counterpart, by name.
_TYPED_NAMES = {char: name for char, name in {
    **_SEPARATOR_NAMES, "：": "中文冒号“：”", **_QUOTE_NAMES, **{_QUOTES[char]: name for char, name in _QUOTE_NAMES.items()},
    **{char: f"方括号“{char}{close}”" for char, close in _BRACKETS.items()},
    **{close: f"方括号“{char}{close}”" for char, close in _BRACKETS.items()},
}.items() if not char.isascii()}


def typed_chinese(text: str) -> str:
    """The punctuation of a Chinese input method in `text`, by name (中文逗号“，”、中文冒号“：”); "" if none."""
    return "、".join(dict.fromkeys(_TYPED_NAMES[char] for char in text if char in _TYPED_NAMES))


_CHINESE_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?(.*)")
_DOTTED_DATE = re.compile(r"(\d{4})\s*([./])\s*(\d{1,2})\s*\2\s*(\d{1,2})(.*)")


def written_date(text: str) -> tuple[str, str] | None:
    """A date written in full-width digits, as 2024年6月10日 or as 2024.6.10 or 2024/6/10: the same
    date as 2024-06-10, and the way it was written; None for any other text."""
    said = []
    normal = unicodedata.normalize("NFKC", text).strip()
    if normal != text.strip():
        changed = dict.fromkeys(char for char in text if unicodedata.normalize("NFKC", char) != char)
        digits = [char for char in changed if char.isdigit()]
        said.extend((["全角数字"] if digits else []) + [f"全角符号“{char}”" for char in changed if not char.isdigit()])
    chinese = _CHINESE_DATE.fullmatch(normal)
    dotted = _DOTTED_DATE.fullmatch(normal)
    if chinese is not None:
        year, month, day, rest = chinese.groups()
        said.append("“年月日”")
    elif dotted is not None:
        year, _, month, day, rest = dotted.groups()
        said.append(f"“{dotted.group(2)}”")
    elif said:
        return normal, "、".join(said)
    else:
        return None
    rest = rest.strip()
    return f"{year}-{int(month):02d}-{int(day):02d}{' ' + rest if rest else ''}", "、".join(said)
