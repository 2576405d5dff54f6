"""The front-matter fields of a story: their keys and aliases, and the check of each field's value.

Each check reports its problems at the field's line and returns the clean value (or a
default), so that one reading of a story reports every mistake in it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from . import pagemeta, slips
from ..problems import Problems
from .names import Match, NameIndex, byline, close_person, closest, did_you_mean
from .registry import ABOLISHED_HINT, Registry, UnknownUnit, find_unit, person_key
from .story import Category, SiteOptions, StoryContext
from .values import DATE_EXPECTED, MAX_SLUG_CHARS, one_line, parse_datetime, path_slug, slugify
from .yamlsafe import LineDict, LineList


# -- Keys --------------------------------------------------------------------------------

STORY_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("标题",),
    "date": ("日期",),
    "unit": ("单位",),
    "co_units": ("联合单位",),
    "authors": ("author", "作者", "通讯员"),
    "category": ("栏目",),
    "tags": ("标签",),
    "summary": ("摘要", "description"),  # MkDocs' and Material's name for it
    "cover": ("封面",),
    "placements": ("刊用", "上稿"),
    "draft": ("草稿",),
    "pinned": ("置顶",),
    "slug": (),
}
PLACEMENT_KEYS: dict[str, tuple[str, ...]] = {
    "outlet": ("媒体",),
    "level": ("级别",),
    "date": ("日期",),
    "type": ("类型",),
    "url": ("链接",),
    "section": ("版面",),
    "proof": ("证明",),
}
# Keys MkDocs and Material give a meaning to: checked by `pagemeta`, not unknown to `Fields`.
PAGE_KEYS = frozenset(pagemeta.THEME_KEYS)

# Every key a front-matter may hold, however written: a full-width colon after one is a slip.
KNOWN_KEYS = frozenset({*(alias for keys in (STORY_KEYS, PLACEMENT_KEYS) for key, aliases in keys.items()
                          for alias in (key, *aliases)), *PAGE_KEYS})
# Keys whose value is text or a list, never a mapping: a deeper line after one of them, alone on its
# line, goes on with the value (`slips.repair` reads no key there).
TEXT_VALUE_KEYS = frozenset({*(alias for keys in (STORY_KEYS, PLACEMENT_KEYS) for key, aliases in keys.items()
                               if key != "placements" for alias in (key, *aliases)), *(PAGE_KEYS - {"search"})})
# Text shown as written: Chinese quotes around it may be the writer's own (a quoted headline).
TEXT_KEYS = frozenset({"title", "summary"})
# Lists a correspondent may type on one line: `【五老宣讲，红色教育】`, `临河区关工委、市教育局关工委`.
LIST_KEYS = frozenset({"tags", "co_units", "authors"})


@functools.cache
def _alias_map_of(items: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, str]:
    return {alias: key for key, aliases in items for alias in (key, *aliases)}


def _alias_map(keys: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Every spelling of a key (its name and its Chinese aliases) → the key."""
    return _alias_map_of(tuple(keys.items()))


@functools.cache
def category_index(categories: tuple[Category, ...]) -> NameIndex:
    """Categories by name and by id."""
    index: NameIndex = NameIndex()
    for category in categories:
        index.add(category.name, category, category.name)
        index.add(category.id, category, category.name)
    return index


class Fields:
    """A front-matter mapping read through canonical keys, remembering how each was written."""

    def __init__(self, data: LineDict, keys: dict[str, tuple[str, ...]], prefix: str, problems: Problems,
                 passthrough: frozenset[str] = frozenset()) -> None:
        self.data = data
        self.prefix = prefix
        self.written: dict[str, str] = {}
        alias_of = _alias_map(keys)
        for raw_key in data:
            key = alias_of.get(raw_key) if isinstance(raw_key, str) else None
            if key is None:
                if raw_key in passthrough:
                    continue
                hint = did_you_mean(closest(str(raw_key), alias_of))
                problems.warning(data.line_of(raw_key), f"{prefix}{raw_key}", f"未知字段，已忽略{hint}")
            elif key in self.written:
                problems.error(
                    data.line_of(raw_key),
                    f"{prefix}{raw_key}",
                    f"与第 {data.line_of(self.written[key])} 行的“{self.written[key]}”是同一个字段，只能写一次",
                )
            else:
                self.written[key] = raw_key
        for key, raw_key in self.written.items():
            if key not in TEXT_KEYS:
                data[raw_key] = self._as_meant(key, raw_key, problems)

    def _as_meant(self, key: str, raw_key: str, problems: Problems) -> Any:
        """The value of `key` with the slips of a Chinese input method read as meant (`slips`): a
        list typed on one line split, Chinese quotes around a value dropped; one warning each."""
        value, line, label = self.data[raw_key], self.data.line_of(raw_key), f"{self.prefix}{raw_key}"
        if key in LIST_KEYS and isinstance(value, (str, LineList)):
            value = _listed(value, line, label, raw_key, problems, names=key == "authors")
        if isinstance(value, str):
            return _unquoted(value, line, label, problems)
        if isinstance(value, LineList):
            # One warning for the list (`[“张明”, “李红”]`), at the first item quoted.
            quoted = [(index, slips.unquoted(item)) for index, item in enumerate(value) if isinstance(item, str)]
            quoted = [(index, inner, name) for index, (inner, name) in quoted if name is not None]
            for index, inner, _ in quoted:
                value[index] = inner
            if quoted:
                index, _, name = quoted[0]
                shown = [item if isinstance(item, str) else str(item) for item in value]
                problems.warning(value.line_of(index), label, slips.quotes_message("", name, shown))
        return value

    def __contains__(self, key: str) -> bool:
        return key in self.written

    def get(self, key: str) -> Any:
        return self.data[self.written[key]] if key in self.written else None

    def label(self, key: str) -> str:
        return f"{self.prefix}{self.written.get(key, key)}"

    def line(self, key: str) -> int:
        return self.data.line_of(self.written[key]) if key in self.written else self.data.line


def _unquoted(text: str, line: int, label: str, problems: Problems) -> str:
    inner, quotes = slips.unquoted(text)
    if quotes is not None:
        problems.warning(line, label, slips.quotes_message(inner, quotes))
    return inner


def _listed(value: str | LineList, line: int, label: str, key: str, problems: Problems, names: bool) -> LineList:
    """A list's items, each string holding several (`【a，b】`, `a、b`) split, with a warning at its line.
    Of authors' `names`, only the brackets go here: `byline` splits names, knowing roles and remarks."""
    written = LineList([value]) if isinstance(value, str) else value
    lines = [line] if isinstance(value, str) else [written.line_of(index) for index in range(len(written))]
    result = LineList()
    result.line, result.lines = line, []
    for item, item_line in zip(written, lines):
        if not isinstance(item, str):
            items, what = [item], None
        elif names:  # `byline` splits the names: here only the brackets go, and Word's quotes around each
            items, what = slips.list_items(item, split=False)
            if what is not None:
                problems.warning(item_line, label, slips.brackets_message(item, what, key))
            bare, quotes = slips.unquoted_parts(items[0])
            if quotes is not None and (what is not None or bare != slips.unquoted(item)[0]):
                problems.warning(item_line, label, slips.quotes_message(bare, quotes))
                items = [bare]
        else:
            # Word's quotes around the whole (“五老宣讲，红色教育”) or around each item: one warning for all.
            whole, quotes = slips.unquoted(item)
            items, what = slips.list_items(whole)
            if what is not None:
                unquoted = [slips.unquoted(part) for part in items]
                items = [part for part, _ in unquoted]
                what = "、".join(dict.fromkeys(name for name in (what, quotes, *(name for _, name in unquoted)) if name))
                problems.warning(item_line, label, slips.list_message(item, items, what, key))
            else:
                items = [item]  # one item: Word's quotes around it are said of the whole list (`Fields`)
        result.extend(items)
        result.lines.extend([item_line] * len(items))
    return result if isinstance(value, str) or result != written else value


# -- Names looked up in the registry ----------------------------------------------------------


def _name(raw: Any, line: int, label: str, kind: str, problems: Problems) -> str | None:
    """A name written as one line of text; an error otherwise."""
    name = one_line(raw)
    if name is None:
        problems.error(line, label, f"{kind}名称应为一行文字，不是“{raw}”")
    return name


def _found(match: Match, index: NameIndex, name: str, line: int, label: str, kind: str, problems: Problems) -> Any:
    """The entry `match` found, with the repair warning when `name` matched only once normalised."""
    if match.repaired:
        problems.warning(line, label, f"{kind}名称“{name}”含空格、全角或不可见字符，已按“{index.suggest(name)}”识别，建议改正")
    return match.item


def registered(index: NameIndex, raw: Any, line: int, label: str, kind: str, problems: Problems) -> Any:
    """Find a registry entry by name, with the repair warning; None if the name is not registered."""
    name = _name(raw, line, label, kind, problems)
    match = None if name is None else index.lookup(name)
    return None if match is None else _found(match, index, name, line, label, kind, problems)


def _unit(raw: Any, line: int, label: str, registry: Registry, problems: Problems) -> str | None:
    name = _name(raw, line, label, "单位", problems)
    if name is None:
        return None
    try:
        match = find_unit(registry, name)
    except UnknownUnit as unknown:
        if registry.units_readable:  # else units.yml's own error says why no unit is found
            problems.error(line, label, f"{unknown}{ABOLISHED_HINT}")
        return None
    return _found(match, registry.unit_names, name, line, label, "单位", problems).id


def _category(fields: Fields, options: SiteOptions, problems: Problems) -> str | None:
    raw = fields.get("category")
    index = category_index(options.categories)
    found = registered(index, raw, fields.line("category"), fields.label("category"), "栏目", problems)
    if found is not None:
        return found.id
    name = one_line(raw)
    if name is not None:
        names = "、".join(c.name for c in options.categories)
        hint = did_you_mean(index.suggest(name), f"，可用的栏目有：{names}")
        problems.error(fields.line("category"), fields.label("category"), f"没有“{name}”这个栏目{hint}")
    return None


# -- The story's fields (read_story checks them in its own order) ----------------------------


def title_of(fields: Fields, problems: Problems) -> str:
    title = fields.get("title")
    if "title" not in fields:
        problems.error(fields.data.line, "title", "缺少标题（title 或 标题）")
    elif one_line(title) is None:
        problems.error(fields.line("title"), fields.label("title"), "标题应为一行文字，不能为空；标题是数字或 yes/no 时请加引号")
    return one_line(title) or ""


def date_of(fields: Fields, ctx: StoryContext, problems: Problems) -> dt.datetime | None:
    if "date" not in fields:
        problems.error(fields.data.line, "date", "缺少日期（date 或 日期），如 日期: 2024-03-15")
        return None
    date = written_datetime(fields.get("date"), ctx, fields.line("date"), fields.label("date"), problems)
    if date is None:
        problems.error(fields.line("date"), fields.label("date"), f"{DATE_EXPECTED}，不是“{fields.get('date')}”")
    elif date > ctx.now:
        problems.error(fields.line("date"), fields.label("date"), f"日期 {date:%Y-%m-%d %H:%M} 晚于现在，不能发布将来的稿件")
        return None
    return date


def written_datetime(raw: Any, ctx: StoryContext, line: int, label: str, problems: Problems) -> dt.datetime | None:
    """A date as `parse_datetime` reads it, or written as a Chinese input method gives it (full-width
    digits, 2024年6月10日, 2024.6.10), read with a warning; None if it is no date."""
    moment = parse_datetime(raw, ctx.options.timezone)
    written = slips.written_date(raw) if moment is None and isinstance(raw, str) else None
    if written is not None:
        moment = parse_datetime(written[0], ctx.options.timezone)
        if moment is not None:
            problems.warning(line, label, f"日期“{raw.strip()}”中有{written[1]}，已按 {written[0]} 读取；"
                                          "日期请用英文输入法写成 2024-03-15 这样的格式")
    return moment


def unit_of(fields: Fields, registry: Registry, problems: Problems) -> str | None:
    if "unit" not in fields:
        problems.error(fields.data.line, "unit", "缺少单位（unit 或 单位），应为 units.yml 中登记的单位名称")
        return None
    return _unit(fields.get("unit"), fields.line("unit"), fields.label("unit"), registry, problems)


def co_units_of(fields: Fields, unit: str | None, registry: Registry, problems: Problems) -> tuple[str, ...]:
    if "co_units" not in fields:
        return ()
    co_units: list[str] = []
    names = raw = fields.get("co_units")  # a string is a list of one (`Fields` split what it holds)
    if isinstance(raw, str):
        names = [raw]
    if not isinstance(names, list):
        problems.error(fields.line("co_units"), fields.label("co_units"), "应为单位名称列表，如 [临河区关工委, 市教育局关工委]")
        names = []
    for index, name in enumerate(names):
        line = raw.line_of(index) if isinstance(raw, LineList) else fields.line("co_units")
        if isinstance(name, str) and not name.strip():
            continue
        co = _unit(name, line, fields.label("co_units"), registry, problems)
        if co is None:
            continue
        if co == unit or co in co_units:
            problems.warning(line, fields.label("co_units"), f"单位“{registry.unit(co).name}”重复列出，只计一次")
        else:
            co_units.append(co)
    return tuple(co_units)


def authors_of(fields: Fields, unit_ids: tuple[str, ...], registry: Registry, problems: Problems) -> tuple[str, ...]:
    """The story's authors, each as `person_name` gives it and counted once. A string, or a list item,
    holding several names is split (with a warning); where one of `unit_ids` lists its correspondents,
    an author no unit lists is a warning (never an error: guests write too)."""
    if "authors" not in fields or fields.get("authors") is None:
        return ()
    raw, line, label = fields.get("authors"), fields.line("authors"), fields.label("authors")
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list):
        problems.error(line, label, "应为作者姓名，或姓名列表，如 [张明, 李红]")
        return ()
    # An item left blank (`-` alone) is no author, as an empty one is; any other item not text is named
    # at its own line.
    lines = [raw.line_of(index) if isinstance(raw, LineList) else line for index in range(len(items))]
    wrong = [item_line for item, item_line in zip(items, lines) if item is not None and not isinstance(item, str)]
    for item_line in dict.fromkeys(wrong):
        problems.error(item_line, label, "应为作者姓名，或姓名列表，如 [张明, 李红]")
    if wrong:
        return ()
    written = [(_one_line(item), item_line, byline(item))
               for item, item_line in zip(items, lines) if isinstance(item, str)]
    authors: dict[tuple[str, str] | str, tuple[str, int]] = {}  # `_person` → (name as written, line)
    for item, item_line, written_names in written:
        for name in written_names.names:
            person = _person(name, unit_ids, registry)
            first = authors.get(person)
            if first is None:
                authors[person] = (name, item_line)
            elif person_key(first[0]) == person_key(name):
                problems.warning(item_line, label, f"作者“{name}”重复列出，只计一次")
            else:
                problems.warning(item_line, label, f"作者“{name}”和“{first[0]}”是通讯员名单中的同一人"
                                                   f"（{registry.unit(person[0]).name}的{person[1]}），只计一次")
    listed = ", ".join(name for name, _ in authors.values())
    example = f"{fields.written['authors']}: [{listed}]"
    for item, item_line, written_names in written:
        names = written_names.names
        if written_names.dropped:
            dropped = "、".join(f"“{word}”" for word in written_names.dropped)
            problems.warning(item_line, label, f"“{item}”中的{dropped}不是姓名，已略去；作者只写姓名"
                                               + (f"，如 {example}" if authors else ""))
        if len(names) > 1:
            problems.warning(item_line, label, f"“{item}”用{slips.separators_named(item)}隔开，"
                                               f"含 {len(names)} 位作者，已拆分为{'、'.join(names)}；"
                                               f"多位作者请写成列表，每人一项，如 {example}")
    for name, item_line in authors.values():
        _unlisted_author(name, item_line, label, unit_ids, registry, problems)
    return tuple(name for name, _ in authors.values())


def _one_line(text: str) -> str:
    """What was written, as a message quotes it: on one line (`authors: |` keeps line breaks)."""
    return re.sub(r"\s*\n\s*", " ", text.strip())


def _person(name: str, unit_ids: tuple[str, ...], registry: Registry) -> tuple[str, str] | str:
    """Who an author is: the listed correspondent (unit id, registered name) a name or an alias gives,
    else the name compared as names are; one person written twice (李红, and her alias 李小红) is one."""
    return registry.correspondent(name, unit_ids) or person_key(name)


# What an author no list names is told: the office lists a new correspondent; a guest's story needs no
# change, but a warning fails `mkdocs build --strict`, so the office may list the guest too.
UNLISTED_HINT = "新通讯员请办公室加入 units.yml 的通讯员名单；特邀作者不必改稿，但网站严格构建（--strict）遇警告即失败，可请办公室将其一并列入名单"


def _unlisted_author(name: str, line: int, label: str, unit_ids: tuple[str, ...], registry: Registry,
                     problems: Problems) -> None:
    """The warning for an author that the story's units, listing their correspondents, do not list (and no
    other unit does: a correspondent may write for a unit not his own)."""
    listing = [unit_id for unit_id in dict.fromkeys(unit_ids) if registry.lists_correspondents(unit_id)]
    if not listing or registry.correspondent(name, unit_ids) is not None:
        return
    units = "、".join(registry.unit(unit_id).name for unit_id in listing)
    guess = did_you_mean(close_person(name, registry.correspondent_names(listing)), "。")
    problems.warning(line, label, f"作者“{name}”不在{units}的通讯员名单中{guess}{UNLISTED_HINT}")


def category_of(fields: Fields, options: SiteOptions, problems: Problems) -> str:
    category = options.categories[0].id
    if "category" in fields:
        category = _category(fields, options, problems) or category
    return category


def summary_of(fields: Fields, problems: Problems) -> str:
    """The summary as written, on one line; "" when there is none (the body's first paragraph serves)."""
    if "summary" not in fields:
        return ""
    raw = fields.get("summary")
    if not isinstance(raw, str):
        problems.error(fields.line("summary"), fields.label("summary"), "摘要应为文字")
        return ""
    return " ".join(raw.split())


def cover_of(fields: Fields, src: str, ctx: StoryContext, problems: Problems) -> str | None:
    if "cover" not in fields or fields.get("cover") is None:
        return None
    return local_path(fields.get("cover"), src, ctx, fields.line("cover"), fields.label("cover"), problems)


def slug_of(fields: Fields, src: str, problems: Problems) -> str:
    if "slug" not in fields:
        return path_slug(src)
    raw = fields.get("slug")
    if not isinstance(raw, str) or not raw.isascii() or not slugify(raw):
        problems.error(fields.line("slug"), "slug", f"应为英文字母、数字和连字符组成的网址名，如 wulao-xuanjiang，不是“{raw}”")
    elif len(slugify(raw)) > MAX_SLUG_CHARS:  # it names a folder of the built site
        problems.error(fields.line("slug"), "slug", f"网址名最长 {MAX_SLUG_CHARS} 个字符，这里有 {len(slugify(raw))} 个，请缩短")
    else:
        return slugify(raw)
    return path_slug(src)


def tags_of(fields: Fields, problems: Problems) -> tuple[str, ...]:
    if "tags" not in fields or fields.get("tags") is None:
        return ()
    raw, line, label = fields.get("tags"), fields.line("tags"), fields.label("tags")
    if isinstance(raw, bool):
        problems.error(line, label, "标签被 YAML 读成了“是/否”，请写成列表并给标签加引号，如 [\"NO\"]")
        return ()
    if isinstance(raw, str):  # one tag (`Fields` split a string holding several)
        raw = LineList([raw])
        raw.lines, raw.line = [line], line
    if not isinstance(raw, list):
        problems.error(line, label, "标签应为列表，如 [五老宣讲, 关爱留守儿童]")
        return ()
    tags: dict[str, None] = {}  # each tag once, in the order written (a list would make this quadratic)
    for index, tag in enumerate(raw):
        tag_line = raw.line_of(index) if isinstance(raw, LineList) else line
        if isinstance(tag, bool):
            problems.error(tag_line, label, "标签被 YAML 读成了“是/否”，请给这个标签加引号")
        elif isinstance(tag, (int, float)):
            tags.setdefault(str(tag))
        elif not isinstance(tag, str) or "\n" in tag.strip():
            problems.error(tag_line, label, f"标签应为一行文字，不是“{tag}”")
        elif tag.strip():
            tags.setdefault(" ".join(tag.split()))
    return tuple(tags)


def flag_of(fields: Fields, key: str, problems: Problems) -> bool:
    if key not in fields:
        return False
    raw = fields.get(key)
    if isinstance(raw, bool):
        return raw
    if raw in ("是", "否"):
        return raw == "是"
    problems.error(fields.line(key), fields.label(key), f"应为 true（是）或 false（否），不是“{raw}”")
    return False


# -- Files the story names ---------------------------------------------------------------


def local_path(raw: Any, src: str, ctx: StoryContext, line: int, label: str, problems: Problems) -> str | None:
    """A file named relative to the story, as a docs-relative path; it must exist inside the docs folder."""
    value = one_line(raw)
    if value is None:
        problems.error(line, label, "应为图片文件的路径，如 images/2024/wulao.jpg")
        return None
    if value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value) or "://" in value:
        problems.error(line, label, f"“{value}”是绝对路径或网址，应写相对于稿件文件的路径，如 images/wulao.jpg")
        return None
    story_dir = (ctx.docs_dir / src).parent
    target = (story_dir / value.replace("\\", "/")).resolve()
    docs = ctx.docs_dir.resolve()
    if not target.is_relative_to(docs):
        problems.error(line, label, f"“{value}”指向网站内容目录之外，图片须放在 content 目录中")
        return None
    if not target.is_file():
        problems.error(line, label, f"找不到文件“{value}”（相对于稿件所在目录），请检查文件名和大小写")
        return None
    return target.relative_to(docs).as_posix()

