"""Stories and placements: reading a story file, validating its front-matter, its URL.

Nothing here knows MkDocs: a story is read from a path and comes back as a frozen
`Story`, or as the list of problems that keep it from being one.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import functools
import hashlib
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import frontmatter

from . import pagemeta, yamlsafe
from ..problems import Problems
from .registry import NameIndex, Registry, normalize_name
from .weburl import web_address
from .yamlsafe import LineDict, LineList

MAX_STORY_BYTES = 1_000_000
SUMMARY_CHARS = 120
MAX_SLUG_CHARS = 100


@dataclass(frozen=True)
class Category:
    id: str
    name: str


DEFAULT_CATEGORIES = (
    Category("work", "工作动态"),
    Category("grassroots", "基层风采"),
    Category("elders", "五老风采"),
    Category("media", "媒体聚焦"),
    Category("notices", "通知公告"),
)


@dataclass(frozen=True)
class SiteOptions:
    categories: tuple[Category, ...] = DEFAULT_CATEGORIES
    timezone: ZoneInfo = ZoneInfo("Asia/Shanghai")
    news_dir: str = "news"
    data_dir: str = "_data"

    @property
    def category_names(self) -> dict[str, str]:
        """Category id → Chinese name, in display order."""
        return {cat.id: cat.name for cat in self.categories}


@dataclass(frozen=True)
class Placement:
    """One outside outlet that ran a story (刊用记录)."""

    outlet: str  # the registry's name of a listed outlet, else the name as written
    listed: bool  # False: a pending outlet (待核定) that earns nothing yet
    level: str | None  # level key: the directory's for a listed outlet, the claim otherwise
    date: dt.date
    type: str = "text"
    url: str | None = None
    section: str | None = None
    proof: str | None = None  # path relative to the docs folder
    line: int = 0
    proof_line: int = 0
    proof_field: str = ""


@dataclass(frozen=True)
class ImageUse:
    """One place a story uses an image: its cover, a placement's proof, or its body."""

    path: str  # relative to the docs folder
    line: int
    field: str  # as the correspondent wrote it: 封面, 刊用[2].证明, 正文
    alt: str = ""  # the body's image text (its caption), if any


@dataclass(frozen=True)
class Story:
    src: str  # path relative to the docs folder, '/'-separated
    title: str
    date: dt.datetime  # aware, in the site's time zone
    unit: str  # unit id
    co_units: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    category: str = DEFAULT_CATEGORIES[0].id
    tags: tuple[str, ...] = ()
    summary: str = ""
    cover: str | None = None
    placements: tuple[Placement, ...] = ()
    draft: bool = False
    pinned: bool = False
    slug: str = ""
    slug_line: int = 1
    images: tuple[ImageUse, ...] = ()  # every image the story uses, in the order written
    theme: tuple[tuple[str, Any], ...] = ()  # theme keys written and checked (`hide`, `search`), see pagemeta

    @functools.cached_property  # asked for tens of thousands of times a build
    def url(self) -> str:
        """The story's URL relative to the site root: `news/<yyyy>/<mm>/<slug>/`."""
        return f"news/{self.date:%Y}/{self.date:%m}/{self.slug}/"

    @functools.cached_property  # asked once per story, unit and period of the ranking
    def units(self) -> tuple[str, ...]:
        """Every unit the story credits: its unit, then its co_units."""
        return (self.unit, *self.co_units)


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

TAG_SEPARATORS = re.compile(r"[,，、]")
SLUG_UNSAFE = re.compile(r"[^a-z0-9]+")


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
                close = difflib.get_close_matches(str(raw_key), list(alias_of), n=1, cutoff=0.6)
                hint = f"，是否为“{close[0]}”？" if close else ""
                problems.warning(data.line_of(raw_key), f"{prefix}{raw_key}", f"未知字段，已忽略{hint}")
            elif key in self.written:
                problems.error(
                    data.line_of(raw_key),
                    f"{prefix}{raw_key}",
                    f"与第 {data.line_of(self.written[key])} 行的“{self.written[key]}”是同一个字段，只能写一次",
                )
            else:
                self.written[key] = raw_key

    def __contains__(self, key: str) -> bool:
        return key in self.written

    def get(self, key: str) -> Any:
        return self.data[self.written[key]] if key in self.written else None

    def label(self, key: str) -> str:
        return f"{self.prefix}{self.written.get(key, key)}"

    def line(self, key: str) -> int:
        return self.data.line_of(self.written[key]) if key in self.written else self.data.line


# -- Values ------------------------------------------------------------------------------

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


# No part of these spans the symbol its match begins with, so that a paragraph of 30,000 "[" or
# "<" is read in linear time (each try stops at the next), not quadratic (three seconds and more).
_MD_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^()]*\)")
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")
_MD_MARKUP = re.compile(r"[*_`~]+|<[^<>]+>")
_BLOCK_SKIP = ("#", "!", "<", "|", "```", "~~~", "---", "***", "[TOC]")


def first_paragraph(markdown: str, limit: int = SUMMARY_CHARS) -> str:
    """Plain text of the body's first paragraph of prose, cut to `limit` characters."""
    for block in re.split(r"\n\s*\n", markdown):
        block = block.strip()
        if not block or block.startswith(_BLOCK_SKIP):
            continue
        block = re.sub(r"^\s*(?:[-*+]|\d+\.|>)\s+", "", block, flags=re.M)
        text = _MD_MARKUP.sub("", _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", block)))
        text = re.sub(r"\s+", " ", text).strip()
        if text:
            return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return ""


# -- Reading a story ---------------------------------------------------------------------


_OPENING = re.compile(r"^-{3}[ \t]*$")
# Where MkDocs ends the front-matter (`mkdocs/utils/meta.py`): the first line after the opening that
# is `---` or `...` and blanks. A line that looks like a fence (`----`, `...`, `———`, `- - -`) must be
# the one closing fence and written `---`, or MkDocs and gwsite would cut the story in different places.
_CLOSING = re.compile(r"^---[ \t]*$")
_FENCE_LIKE = re.compile("^[\ufeff\u200b]*(?:[-.\u2010-\u2015\u2026\u2212\u2500\uff0d\uff0e][ \t]*){3,}$", re.M)
FENCE_EXPECTED = "前后两条分隔线都应只写三个英文短横线 ---"


class FenceError(Exception):
    """A story whose front-matter cannot be told from its body, at a 1-based line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Parts:
    """A story's text cut where MkDocs cuts it: the front-matter, and the body Markdown converts."""

    opening: str  # the first line
    front_matter: str  # from the end of the first line to the closing fence: "\n" + its lines
    body: str  # after the closing fence's line: "" or "\n" + the body's lines
    body_line: int  # the line of the closing fence

    def source(self) -> str:
        """The text MkDocs reads: one `---` line closes the front-matter, whatever the file ended with."""
        return f"{self.opening}{self.front_matter}---\n{self.body.lstrip(chr(10))}"


def normalized(text: str) -> str:
    """A story's decoded text as gwsite reads it: Unix line ends, no control characters."""
    return without_control_chars(text.replace("\r\n", "\n").replace("\r", "\n"))


def _miswritten(line: int, which: str, fence: str) -> FenceError:
    written = fence.strip(" \t\ufeff\u200b")
    if written == "---":
        return FenceError(line, f"{which}的分隔线“---”前有看不见的字符；{FENCE_EXPECTED}")
    return FenceError(line, f"{which}的分隔线写成了“{written}”；{FENCE_EXPECTED}")


def split_story(text: str) -> Parts:
    """Cut a story's normalized text into front-matter and body, or raise FenceError."""
    opening = text.split("\n", 1)[0]
    if not _OPENING.match(opening):
        if _FENCE_LIKE.match(opening):
            raise _miswritten(1, "开头", opening)
        raise FenceError(1, "文件开头缺少“---”，稿件信息（标题、日期、单位等）应写在两行“---”之间")
    fence = _FENCE_LIKE.search(text, len(opening) + 1) if len(opening) < len(text) else None
    if fence is None:
        raise FenceError(1, "开头的“---”没有对应的结束行“---”，请在稿件信息之后单独一行写“---”")
    line = text.count("\n", 0, fence.start()) + 1
    if not _CLOSING.match(fence.group()):
        raise _miswritten(line, "结束", fence.group())
    return Parts(opening, text[len(opening):fence.start()], text[fence.end():], line)


class _Handler(frontmatter.YAMLHandler):
    """python-frontmatter's YAML handler with the strict line-aware loader. The front-matter is cut
    by `split_story`, where MkDocs cuts it, not by the handler's own `---+` boundary, which let a
    `----` fence hide a body from the checks."""

    def load(self, fm: str, **kwargs: object) -> Any:
        # The front-matter text starts right after the opening `---` on line 1.
        return yamlsafe.load(fm, line_offset=0)


_HANDLER = _Handler()


def story_parts(text: str) -> Parts | None:
    """A story's decoded text cut as `read_story` cuts it; None if it cannot be."""
    try:
        return split_story(normalized(text))
    except FenceError:
        return None


@dataclass
class StoryContext:
    """What validating a story needs besides the file; picklable, for worker processes."""

    docs_dir: Path
    registry: Registry
    options: SiteOptions
    now: dt.datetime
    shown_docs: str  # the docs folder as users see it, e.g. `content`

    def shown(self, src: str) -> str:
        """A story's path as users see it, from its docs-relative path."""
        return src if self.shown_docs in ("", ".") else f"{self.shown_docs}/{src}"


# Characters that neither YAML nor XML (feeds) can carry: C0 and C1 controls other than tab
# and line breaks, and the non-characters U+FFFE/U+FFFF. Word's manual line break (U+000B)
# and page break (U+000C) come in with pasted text.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def without_control_chars(text: str) -> str:
    return CONTROL_CHARS.sub("", text)


def _control_chars(text: str, problems: Problems) -> str:
    """Remove invisible control characters, with one warning at the first line holding one."""
    found = CONTROL_CHARS.search(text)
    if found is None:
        return text
    line = text.count("\n", 0, found.start()) + 1
    try:
        in_body = found.start() >= len(text) - len(split_story(text).body)
    except FenceError:
        in_body = False
    field = "正文" if in_body else yamlsafe.key_on_line(text, line, "front-matter")
    count = len(CONTROL_CHARS.findall(text))
    problems.warning(line, field, f"有 {count} 个看不见的控制字符（常见于从 Word 粘贴的文字），网站和订阅源中已删去；"
                                  "请在原稿中删除后重新输入这些文字附近的标点或换行")
    return without_control_chars(text)


def _without_controls(value: Any) -> tuple[Any, int]:
    """`value` with control characters removed from its strings, however nested; and how many there were."""
    if isinstance(value, str):
        clean = without_control_chars(value)
        return clean, len(value) - len(clean)
    removed = 0
    if isinstance(value, LineDict):
        for key in value:
            value[key], count = _without_controls(value[key])
            removed += count
    elif isinstance(value, LineList):
        for index, item in enumerate(value):
            value[index], count = _without_controls(item)
            removed += count
    return value, removed


def _control_values(data: LineDict, problems: Problems) -> None:
    """Remove control characters written as YAML escapes ("\\x07", "\\e"), with one warning per field.

    They pass the check of the raw text, yet no page or feed can carry them: a title of
    one such character would be empty once they are removed.
    """
    for key in data:
        data[key], count = _without_controls(data[key])
        if count:
            problems.warning(data.line_of(key), key if isinstance(key, str) else "front-matter",
                             f"有 {count} 个看不见的控制字符（写成了转义符），网站和订阅源中已删去；请删去它们")


def read_story(path: Path, ctx: StoryContext) -> tuple[Story | None, Problems]:
    """Read and validate one story file. Returns the story (None if unusable) and its problems."""
    src = path.relative_to(ctx.docs_dir).as_posix()
    problems = Problems(ctx.shown(src))
    try:
        size = path.stat().st_size
        if size > MAX_STORY_BYTES:
            problems.error(1, "文件", f"文件有 {size / 1_000_000:.1f} MB，超过 1 MB 的上限；图片请另存为文件，不要粘贴进正文")
            return None, problems
        raw = path.read_bytes()
    except OSError as exc:
        problems.error(1, "文件", f"无法读取文件（{exc.strerror}）")
        return None, problems
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(
            line, "编码", "文件不是 UTF-8 编码（可能是 GBK），请用记事本或 WPS“另存为”，编码选 UTF-8 后再提交"
        )
        return None, problems
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _control_chars(text, problems)
    try:
        parts = split_story(text)
    except FenceError as exc:
        problems.error(exc.line, "front-matter", exc.message)
        return None, problems
    body = parts.body
    try:
        data = _HANDLER.load(parts.front_matter)
    except yamlsafe.YamlError as exc:
        problems.error(exc.line, exc.key or yamlsafe.key_on_line(text, exc.line, "front-matter"), exc.message)
        return None, problems
    if data is None:
        data = LineDict()
        data.lines = {}
    if not isinstance(data, LineDict):
        problems.error(2, "front-matter", "稿件信息应为“字段: 值”的形式，如 标题: 某某活动举行")
        return None, problems
    _control_values(data, problems)
    story = _validate(src, data, body, parts.body_line, ctx, problems)
    return (None if problems.has_errors else story), problems


def _validate(src: str, data: LineDict, body: str, body_line: int, ctx: StoryContext,
              problems: Problems) -> Story | None:
    fields = Fields(data, STORY_KEYS, "", problems, PAGE_KEYS)
    theme = pagemeta.check(data, pagemeta.STORY, problems)
    registry, options = ctx.registry, ctx.options

    title = fields.get("title")
    if "title" not in fields:
        problems.error(data.line, "title", "缺少标题（title 或 标题）")
    elif one_line(title) is None:
        problems.error(fields.line("title"), fields.label("title"), "标题应为一行文字，不能为空；标题是数字或 yes/no 时请加引号")
    title = one_line(title) or ""

    date = None
    if "date" not in fields:
        problems.error(data.line, "date", "缺少日期（date 或 日期），如 日期: 2024-03-15")
    else:
        date = parse_datetime(fields.get("date"), options.timezone)
        if date is None:
            problems.error(fields.line("date"), fields.label("date"), f"{DATE_EXPECTED}，不是“{fields.get('date')}”")
        elif date > ctx.now:
            problems.error(fields.line("date"), fields.label("date"), f"日期 {date:%Y-%m-%d %H:%M} 晚于现在，不能发布将来的稿件")
            date = None

    unit = None
    if "unit" not in fields:
        problems.error(data.line, "unit", "缺少单位（unit 或 单位），应为 units.yml 中登记的单位名称")
    else:
        unit = _unit(fields.get("unit"), fields.line("unit"), fields.label("unit"), registry, problems)

    co_units: list[str] = []
    if "co_units" in fields:
        raw = fields.get("co_units")
        names = TAG_SEPARATORS.split(raw) if isinstance(raw, str) else raw
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

    authors: tuple[str, ...] = ()
    if "authors" in fields:
        raw = fields.get("authors")
        items = re.split(r"[,，、;；]", raw) if isinstance(raw, str) else raw
        if not isinstance(items, list) or not all(isinstance(a, str) for a in items):
            problems.error(fields.line("authors"), fields.label("authors"), "应为作者姓名，或姓名列表，如 [张明, 李红]")
        else:
            authors = tuple(a.strip() for a in items if a.strip())

    category = options.categories[0].id
    if "category" in fields:
        category = _category(fields, options, problems) or category

    tags = _tags(fields, problems)

    summary = ""
    if "summary" in fields:
        raw = fields.get("summary")
        if not isinstance(raw, str):
            problems.error(fields.line("summary"), fields.label("summary"), "摘要应为文字")
        else:
            summary = " ".join(raw.split())
    summary = summary or first_paragraph(body)

    cover = None
    images: list[ImageUse] = []
    if "cover" in fields and fields.get("cover") is not None:
        cover = _local_path(fields.get("cover"), src, ctx, fields.line("cover"), fields.label("cover"), problems)
        if cover:
            images.append(ImageUse(cover, fields.line("cover"), fields.label("cover")))

    draft = _flag(fields, "draft", problems)
    pinned = _flag(fields, "pinned", problems)

    slug = path_slug(src)
    if "slug" in fields:
        raw = fields.get("slug")
        if not isinstance(raw, str) or not raw.isascii() or not slugify(raw):
            problems.error(fields.line("slug"), "slug", f"应为英文字母、数字和连字符组成的网址名，如 wulao-xuanjiang，不是“{raw}”")
        elif len(slugify(raw)) > MAX_SLUG_CHARS:  # it names a folder of the built site
            problems.error(fields.line("slug"), "slug", f"网址名最长 {MAX_SLUG_CHARS} 个字符，这里有 {len(slugify(raw))} 个，请缩短")
        else:
            slug = slugify(raw)

    placements: list[Placement] = []
    if "placements" in fields and fields.get("placements") is not None:
        placements = _placements(fields, src, date, ctx, problems)

    images.extend(ImageUse(p.proof, p.proof_line, p.proof_field) for p in placements if p.proof)
    bounded_body(body, body_line, problems)
    images.extend(_body_images(body, body_line, src, ctx, problems))

    if not re.sub(r"<!--.*?-->", "", body, flags=re.S).strip():
        problems.warning(data.line, "正文", "正文为空，请在第二个“---”之后写正文")

    if problems.has_errors or date is None or unit is None:
        return None
    return Story(
        src=src,
        title=title,
        date=date,
        unit=unit,
        co_units=tuple(co_units),
        authors=authors,
        category=category,
        tags=tags,
        summary=summary,
        cover=cover,
        placements=tuple(placements),
        draft=draft,
        pinned=pinned,
        slug=slug,
        slug_line=fields.line("slug"),
        images=tuple(images),
        theme=pagemeta.frozen(theme),
    )


def _lookup(index: NameIndex, raw: Any, line: int, label: str, kind: str, problems: Problems) -> Any:
    """Find a registry entry by name, with the repair warning and the “did you mean”."""
    name = one_line(raw)
    if name is None:
        problems.error(line, label, f"{kind}名称应为一行文字，不是“{raw}”")
        return None
    match = index.lookup(name)
    if match is None:
        return None
    if match.repaired:
        problems.warning(line, label, f"{kind}名称“{name}”含空格、全角或不可见字符，已按“{index.suggest(name)}”识别，建议改正")
    return match.item


def _unit(raw: Any, line: int, label: str, registry: Registry, problems: Problems) -> str | None:
    unit = _lookup(registry.unit_names, raw, line, label, "单位", problems)
    if unit is not None:
        return unit.id
    name = one_line(raw)
    if name is not None:
        guess = registry.unit_names.suggest(name)
        hint = f"，是否为“{guess}”？" if guess else "，请使用 units.yml 中登记的单位名称"
        problems.error(line, label, f"未登记的单位“{name}”{hint}")
    return None


def _category(fields: Fields, options: SiteOptions, problems: Problems) -> str | None:
    raw = fields.get("category")
    index = category_index(options.categories)
    found = _lookup(index, raw, fields.line("category"), fields.label("category"), "栏目", problems)
    if found is not None:
        return found.id
    if one_line(raw) is not None:
        names = "、".join(c.name for c in options.categories)
        guess = index.suggest(one_line(raw))
        hint = f"是否为“{guess}”？" if guess else f"可用的栏目有：{names}"
        problems.error(fields.line("category"), fields.label("category"), f"没有“{one_line(raw)}”这个栏目，{hint}")
    return None


def _tags(fields: Fields, problems: Problems) -> tuple[str, ...]:
    if "tags" not in fields or fields.get("tags") is None:
        return ()
    raw, line, label = fields.get("tags"), fields.line("tags"), fields.label("tags")
    if isinstance(raw, bool):
        problems.error(line, label, "标签被 YAML 读成了“是/否”，请写成列表并给标签加引号，如 [\"NO\"]")
        return ()
    if isinstance(raw, str):
        items = [t.strip() for t in TAG_SEPARATORS.split(raw)]
        if len([t for t in items if t]) > 1:
            problems.warning(line, label, f"标签应写成列表，如 [{', '.join(t for t in items if t)}]；已按逗号、顿号拆分")
        raw = LineList(items)
        raw.lines, raw.line = [line] * len(items), line
    if not isinstance(raw, list):
        problems.error(line, label, "标签应为列表，如 [五老宣讲, 关爱留守儿童]")
        return ()
    tags: list[str] = []
    for index, tag in enumerate(raw):
        tag_line = raw.line_of(index) if isinstance(raw, LineList) else line
        if isinstance(tag, bool):
            problems.error(tag_line, label, "标签被 YAML 读成了“是/否”，请给这个标签加引号")
        elif isinstance(tag, (int, float)):
            tags.append(str(tag))
        elif not isinstance(tag, str) or "\n" in tag.strip():
            problems.error(tag_line, label, f"标签应为一行文字，不是“{tag}”")
        elif tag.strip() and tag.strip() not in tags:
            tags.append(" ".join(tag.split()))
    return tuple(tags)


def _flag(fields: Fields, key: str, problems: Problems) -> bool:
    if key not in fields:
        return False
    raw = fields.get(key)
    if isinstance(raw, bool):
        return raw
    if raw in ("是", "否"):
        return raw == "是"
    problems.error(fields.line(key), fields.label(key), f"应为 true（是）或 false（否），不是“{raw}”")
    return False


def _local_path(raw: Any, src: str, ctx: StoryContext, line: int, label: str, problems: Problems) -> str | None:
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


# An image's text may hold brackets of its own, one level deep: `![合影 [资料图]](…)`.
_ALT = r"((?:[^\[\]]|\[[^\[\]]*\])*)"
_BODY_IMAGE = re.compile(r"!\[" + _ALT + r"""\]\(\s*<?([^\s)>]+)>?(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)""")
_BODY_IMAGE_REF = re.compile(r"!\[" + _ALT + r"\]\[([^\]]*)\]")
_REF_DEFINITION = re.compile(r"^ {0,3}\[([^\[\]]+)\]:[ \t]*<?([^\s>]+)>?", re.M)
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")  # two letters at least: C:\\ is a Windows path
_HTML_IMAGE = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


# Markdown's time grows with the symbols it must match, quadratically for brackets within one
# paragraph, and its recursion with nesting: bodies beyond these limits would stall the build
# for minutes (a paragraph of 20,000 "[" takes 90 s), so they are refused. No real story is near.
MAX_MARKUP = 50_000  # * _ [ ] ( ) | < > ! ` # { } ~ : about 1.5 s of Markdown at the limit
MAX_BRACKETS = 2_000_000  # the sum over paragraphs of the square of their "[" count
MAX_NESTING = 32  # quote marks and list indents before a line's text
# Markdown reads raw HTML from each "<" to what ends it (">", "]]>" for CDATA, "-->" for a comment),
# so unclosed ones cost the square of their number: 8,000 of "x <b " took 9 s, 8,000 CDATA 131 s.
# The limit is on the sum of those distances (CDATA's weighted by its cost), about 0.3 s of Markdown.
MAX_TAG_SCAN = 5_000_000
_TAG_START = re.compile(r"<(?:!\[CDATA\[|!--|[A-Za-z/!?])")
_TAG_ENDS = {"<![CDATA[": ("]]>", 10), "<!--": ("-->", 1), "<": (">", 1)}
_MARKUP = re.compile(r"[*_\[\]()|<>!`#{}~:]")
_NESTING = re.compile(r"^([ \t>]{%d,})\S" % MAX_NESTING, re.MULTILINE)
_PARAGRAPHS = re.compile(r"(\n[ \t>]*(?=\n))")


def bounded_body(body: str, body_line: int, problems: Problems) -> None:
    """Refuse a body that Markdown would take pathological time or depth over, naming its line."""
    def line_at(offset: int) -> int:
        return body_line + body.count("\n", 0, offset)

    markup = len(_MARKUP.findall(body))
    if markup > MAX_MARKUP:
        problems.error(line_at(len(body) - len(body.lstrip())), "正文",
                       f"正文中的 Markdown 符号（* _ [ ] | < > 等）有 {markup} 个，超过 {MAX_MARKUP} 个的上限，"
                       "生成网页会极慢；请删去多余的符号，长表格请另做附件")
        return
    cost, worst, worst_at, at = 0, 0, 0, 0
    for block in _PARAGRAPHS.split(body):  # separators too: they hold no "["
        brackets = block.count("[")
        cost += brackets * brackets
        if brackets > worst:
            worst, worst_at = brackets, at + len(block) - len(block.lstrip())
        at += len(block)
    if cost > MAX_BRACKETS:
        problems.error(line_at(worst_at), "正文", f"这一段有 {worst} 个方括号“[”，生成网页会极慢；"
                                                  "方括号只用于链接和图片，如 [文字](网址)，请删去多余的")
        return
    cost, worst, worst_at, worst_kind = 0, 0, 0, "<"
    ends = {end: [m.start() for m in re.finditer(re.escape(end), body)] for end, _ in _TAG_ENDS.values()}
    for match in _TAG_START.finditer(body):
        kind = match.group() if match.group() in _TAG_ENDS else "<"
        end, weight = _TAG_ENDS[kind]
        found = ends[end]
        at = bisect.bisect_left(found, match.end())
        distance = (found[at] if at < len(found) else len(body)) - match.start()
        cost += distance * weight
        if distance * weight > worst:
            worst, worst_at, worst_kind = distance * weight, match.start(), kind
    if cost > MAX_TAG_SCAN:
        problems.error(line_at(worst_at), "正文", f"这里的“{worst_kind}”之后很长一段都没有对应的“{_TAG_ENDS[worst_kind][0]}”，"
                                                  "生成网页会极慢；HTML 标签要写完整，如 <b>文字</b>，要写小于号请写成 &lt;")
        return
    for match in _NESTING.finditer(body):
        prefix = match.group(1)
        depth = prefix.count(">") + len(prefix.replace(">", "").expandtabs(4)) // 4
        if depth > MAX_NESTING:
            problems.error(line_at(match.start(1)), "正文", f"这一行的引用符号“>”和缩进嵌套了 {depth} 层，"
                                                            f"超过 {MAX_NESTING} 层的上限；请删去行首多余的“>”或空格")
            return


# A page of this site, to read an address as a browser showing one of its pages would: over https
# and over http, since `https:host/a.jpg` is a path on the one and another site on the other.
_ON_THIS_SITE = ("https://this-site.invalid/news/page/", "http://this-site.invalid/news/page/")


def other_host(url: str) -> str | None:
    """The host a browser would load `url` from when it is another site's: an http(s) address or a
    protocol-relative one (`//host/…`), read as the WHATWG URL standard says (backslashes are
    slashes, tabs and line breaks are dropped, hosts are IDNA-mapped); None for a path on this
    site or any other scheme, whether the page is served over https or http."""
    for page in _ON_THIS_SITE:
        address = web_address(html.unescape(url), page)
        if address is not None and address.protocol in ("http:", "https:") and address.host != "this-site.invalid":
            return address.hostname or "?"
    return None


_IMAGE_START = re.compile(r"!\[")
_HTML_IMAGE_START = re.compile(r"<img", re.I)


def _each(pattern: re.Pattern[str], start: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of `pattern`, which begin where `start` does, each tried only up to the next
    `start`: a body of 40,000 `<img` or `![](` took minutes (each try read to the end), now linear."""
    starts = [match.start() for match in start.finditer(text)] + [len(text)]
    taken = 0
    for at, end in zip(starts, starts[1:]):
        if at < taken:
            continue
        match = pattern.match(text, at, end)
        if match is not None:
            taken = match.end()
            yield match


def _body_images(body: str, body_line: int, src: str, ctx: StoryContext, problems: Problems) -> list[ImageUse]:
    """Images the body shows from the story's own folder tree: `![说明](images/a.jpg)`, references, `<img>`.

    An image on another site is an error (readers' browsers would contact it); site-absolute
    paths are left to the page; a local image that is missing or outside the docs folder is
    an error at its line, like a missing cover.
    """
    definitions = {label.lower(): target for label, target in _REF_DEFINITION.findall(body)}
    found: list[tuple[int, str, str]] = []  # (offset, target, alt)
    for match in _each(_BODY_IMAGE, _IMAGE_START, body):
        found.append((match.start(), match.group(2), match.group(1)))
    for match in _each(_BODY_IMAGE_REF, _IMAGE_START, body):
        target = definitions.get((match.group(2) or match.group(1)).lower())
        if target:
            found.append((match.start(), target, match.group(1)))
    for match in _each(_HTML_IMAGE, _HTML_IMAGE_START, body):
        found.append((match.start(), next(g for g in match.groups() if g is not None), ""))
    uses = []
    for offset, target, alt in sorted(found):
        line = body_line + body.count("\n", 0, offset)
        host = other_host(target)
        if host is not None:
            problems.error(line, "正文", f"图片“{target}”在其他网站（{host}）上，读者打开稿件时浏览器会去连接那个网站；"
                                         "请把照片下载后放进 content/images/ 目录，再从那里引用，"
                                         "如 ![图片说明](../../images/2024/照片.jpg)")
            continue
        target = unquote(target.split("#", 1)[0].split("?", 1)[0])
        if not target or target.startswith(("/", "\\")) or _URL_SCHEME.match(target):
            continue  # a data: URL (removed from the page) or a path from the site's root: not a file beside the story
        path = _local_path(target, src, ctx, line, "正文", problems)
        if path:
            uses.append(ImageUse(path, line, "正文", " ".join(alt.split())))
    return uses


def _choices(entries: Any) -> str:
    return "、".join(f"{entry.key}（{entry.name}）" for entry in entries)


def _placements(fields: Fields, src: str, story_date: dt.datetime | None, ctx: StoryContext,
                problems: Problems) -> list[Placement]:
    raw, label = fields.get("placements"), fields.label("placements")
    if not isinstance(raw, LineList):
        problems.error(fields.line("placements"), label, "刊用记录应为列表，每条以“- 媒体: …”开头")
        return []
    registry = ctx.registry
    placements: list[Placement] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(raw):
        prefix = f"{label}[{index + 1}]."
        if not isinstance(entry, LineDict):
            problems.error(raw.line_of(index), f"{label}[{index + 1}]", "每条刊用记录应写成“媒体: …、级别: …、日期: …”")
            continue
        item = Fields(entry, PLACEMENT_KEYS, prefix, problems)
        ok = True

        outlet_name, outlet, listed = None, None, False
        if "outlet" not in item:
            problems.error(entry.line, f"{prefix}outlet", "缺少媒体名称（outlet 或 媒体）")
            ok = False
        else:
            outlet = _lookup(registry.outlet_names, item.get("outlet"), item.line("outlet"), item.label("outlet"), "媒体", problems)
            outlet_name = outlet.name if outlet else one_line(item.get("outlet"))
            listed = outlet is not None
            if outlet_name is None:
                ok = False

        claimed = None
        if "level" in item and item.get("level") is not None:
            match = registry.level_names.lookup(str(item.get("level")))
            if match is None:
                problems.error(item.line("level"), item.label("level"), f"级别“{item.get('level')}”无效，应为 {_choices(registry.scoring.levels)}")
                ok = False
            else:
                claimed = match.item.key
                if outlet is not None and claimed != outlet.level:
                    problems.error(
                        item.line("level"),
                        item.label("level"),
                        f"“{outlet.name}”在媒体名录中是{registry.scoring.level(outlet.level).name}，"
                        f"不是{match.item.name}；请改正级别，或删去级别一项",
                    )
                    ok = False

        placement_date = None
        if "date" not in item:
            problems.error(entry.line, f"{prefix}date", "缺少刊用日期（date 或 日期），即媒体刊发的日期")
            ok = False
        else:
            moment = parse_datetime(item.get("date"), ctx.options.timezone)
            if moment is None:
                problems.error(item.line("date"), item.label("date"), f"{DATE_EXPECTED}，不是“{item.get('date')}”")
                ok = False
            else:
                placement_date = moment.date()
                if placement_date > ctx.now.date():
                    problems.error(item.line("date"), item.label("date"), f"刊用日期 {placement_date} 晚于今天")
                    ok = False
                elif story_date is not None and placement_date < story_date.date():
                    problems.error(
                        item.line("date"),
                        item.label("date"),
                        f"刊用日期 {placement_date} 早于稿件日期 {story_date.date()}，请核对",
                    )
                    ok = False

        kind = "text"
        if "type" in item and item.get("type") is not None:
            match = registry.type_names.lookup(str(item.get("type")))
            if match is None:
                problems.error(item.line("type"), item.label("type"), f"类型“{item.get('type')}”无效，应为 {_choices(registry.scoring.types)}")
                ok = False
            else:
                kind = match.item.key

        url = None
        if "url" in item and item.get("url") is not None:
            url = one_line(item.get("url"))
            try:
                parts = urlsplit(url) if url else None
            except ValueError:  # an unclosed “[” of an IPv6 address
                parts = None
            if not parts or parts.scheme not in ("http", "https") or not parts.netloc:
                if url and url.lower().startswith(("http://", "https://")):
                    message = f"链接“{url}”不是有效的网址，请从浏览器地址栏复制完整的网址"
                else:
                    message = f"链接应以 http:// 或 https:// 开头，不是“{item.get('url')}”"
                problems.error(item.line("url"), item.label("url"), message)
                ok = False

        section = None
        if "section" in item and item.get("section") is not None:
            section = one_line(str(item.get("section")))

        proof = None
        if "proof" in item and item.get("proof") is not None:
            proof = _local_path(item.get("proof"), src, ctx, item.line("proof"), item.label("proof"), problems)
            ok = ok and proof is not None

        if not ok:
            continue
        key = normalize_name(outlet_name)
        if key in seen:
            problems.warning(
                item.line("outlet"),
                item.label("outlet"),
                f"“{outlet_name}”已在第 {seen[key]} 条刊用记录中列出，同一媒体只计一次",
            )
            continue
        seen[key] = index + 1
        if not listed:
            guess = registry.outlet_names.suggest(outlet_name)
            hint = f"（名录中有相近的“{guess}”，如是同一家请改用该名称）" if guess else ""
            problems.notice(
                item.line("outlet"),
                item.label("outlet"),
                f"媒体“{outlet_name}”尚未列入媒体名录，待办公室核定级别后计分{hint}",
            )
        placements.append(
            Placement(
                outlet=outlet_name,
                listed=listed,
                level=outlet.level if outlet else claimed,
                date=placement_date,
                type=kind,
                url=url,
                section=section,
                proof=proof,
                line=item.line("outlet"),
                proof_line=item.line("proof"),
                proof_field=item.label("proof"),
            )
        )
    return placements


def story_files(docs_dir: Path, news_dir: str) -> list[Path]:
    """Every story file, in a stable order."""
    root = docs_dir / news_dir
    if not root.is_dir():
        return []
    # `.md` exactly: a case-insensitive file system would also match `.MD`, which is refused (see `site.unpublishable`).
    return sorted(path for path in root.rglob("*.md") if path.suffix == ".md" and path.is_file())

