"""Reading a story file: bytes → text → front-matter and body, cut where MkDocs cuts them → `Story`.

Every problem is collected with its line (see `problems.py`); a story with errors comes back
as None with them. The fields are checked in `fields.py`, `placements.py` and `body.py`.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frontmatter

from . import pagemeta, slips, yamlsafe
from ..problems import Problems
from .body import body_images, bounded_body, first_paragraph
from .fields import (KNOWN_KEYS, PAGE_KEYS, STORY_KEYS, TEXT_VALUE_KEYS, Fields, authors_of, category_of, co_units_of,
                     cover_of, date_of, flag_of, slug_of, summary_of, tags_of, title_of, unit_of)
from .lifetime import unit_years
from .placements import check_placements
from .story import ImageUse, Placement, Story, StoryContext
from .values import CONTROL_CHARS, normalized, without_control_chars
from .yamlsafe import LineDict, LineList

MAX_STORY_BYTES = 1_000_000


# -- Where the front-matter ends ---------------------------------------------------------


_OPENING = re.compile(r"^-{3}[ \t]*$")
# Where MkDocs ends the front-matter (`mkdocs/utils/meta.py`): the first line after the opening that
# is `---` or `...` and blanks. A line that looks like a fence (`----`, `...`, `———`, `- - -`) must be
# the one closing fence and written `---`, or MkDocs and gwsite would cut the story in different places.
_CLOSING = re.compile(r"^---[ \t]*$")
# Before it, what a paste or a Chinese input method leaves: a zero-width or byte-order mark, a full-width
# or a non-breaking space (YAML would take the line for the text of the field above).
_BEFORE_FENCE = "\ufeff\u200b\u3000\u00a0\u202f\u205f\u2000-\u200a"
_FENCE_LIKE = re.compile(f"^[{_BEFORE_FENCE}]*(?:[-.\u2010-\u2015\u2026\u2212\u2500\uff0d\uff0e][ \t]*){{3,}}$", re.M)
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


def _miswritten(line: int, which: str, fence: str) -> FenceError:
    written = re.sub(f"^[{_BEFORE_FENCE}]+", "", fence).strip(" \t")
    if written == "---":
        before = fence[:fence.index("-")]
        spaces = slips.space_names(before.replace("\ufeff", "").replace("\u200b", ""))
        return FenceError(line, f"{which}的分隔线“---”前有{spaces or '看不见的字符'}；{FENCE_EXPECTED}")
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
    """A story's decoded text cut as `read_story` cuts it, its front-matter's slips read as meant
    (as MkDocs must read it too); None if it cannot be cut."""
    try:
        parts = split_story(normalized(text))
    except FenceError:
        return None
    try:
        repaired = slips.repair(parts.front_matter, KNOWN_KEYS, TEXT_VALUE_KEYS).text
    except yamlsafe.YamlError:  # a story refused by its check: never built
        return parts
    return parts if repaired == parts.front_matter else dataclasses.replace(parts, front_matter=repaired)


# -- Invisible characters ----------------------------------------------------------------


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


# -- The story ---------------------------------------------------------------------------


def _decoded(path: Path, problems: Problems) -> str | None:
    """The file's text; None, with the reason, when it is too big, unreadable or not UTF-8."""
    try:
        size = path.stat().st_size
        if size > MAX_STORY_BYTES:
            problems.error(1, "文件", f"文件有 {size / 1_000_000:.1f} MB，超过 1 MB 的上限；图片请另存为文件，不要粘贴进正文")
            return None
        raw = path.read_bytes()
    except OSError as exc:
        problems.error(1, "文件", f"无法读取文件（{exc.strerror}）")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(
            line, "编码", "文件不是 UTF-8 编码（可能是 GBK），请用记事本或 WPS“另存为”，编码选 UTF-8 后再提交"
        )
        return None


def read_story(path: Path, ctx: StoryContext) -> tuple[Story | None, Problems]:
    """Read and validate one story file. Returns the story (None if unusable) and its problems."""
    src = path.relative_to(ctx.docs_dir).as_posix()
    problems = Problems(ctx.shown(src))
    text = _decoded(path, problems)
    if text is None:
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
        repaired = slips.repair(parts.front_matter, KNOWN_KEYS, TEXT_VALUE_KEYS)
        for slip in repaired.slips:
            problems.warning(slip.line, slip.key, slip.message)
        try:
            data = _HANDLER.load(repaired.text)
        except yamlsafe.YamlError as exc:
            raise slips.unknown_colon(repaired, exc, KNOWN_KEYS) or exc from None
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
    title = title_of(fields, problems)
    date = date_of(fields, ctx, problems)
    unit = unit_of(fields, registry, problems)
    co_units = co_units_of(fields, unit, registry, problems)
    authors = authors_of(fields, tuple(u for u in (unit, *co_units) if u is not None), registry, problems)
    category = category_of(fields, options, problems)
    tags = tags_of(fields, problems)
    summary = summary_of(fields, problems) or first_paragraph(body)
    cover = cover_of(fields, src, ctx, problems)
    images = [ImageUse(cover, fields.line("cover"), fields.label("cover"))] if cover else []
    draft = flag_of(fields, "draft", problems)
    pinned = flag_of(fields, "pinned", problems)
    slug = slug_of(fields, src, problems)

    placements: list[Placement] = []
    if "placements" in fields and fields.get("placements") is not None:
        placements = check_placements(fields, src, date, ctx, problems)
    unit_years(fields, date, (unit, *co_units), placements, registry, problems)

    images.extend(ImageUse(p.proof, p.proof_line, p.proof_field) for p in placements if p.proof)
    bounded_body(body, body_line, problems)
    images.extend(body_images(body, body_line, src, ctx, problems))

    if not re.sub(r"<!--.*?-->", "", body, flags=re.S).strip():
        problems.warning(data.line, "正文", "正文为空，请在第二个“---”之后写正文")

    if problems.has_errors or date is None or unit is None:
        return None
    return Story(
        src=src,
        title=title,
        date=date,
        unit=unit,
        co_units=co_units,
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
        title_line=fields.line("title"),
        title_field=fields.label("title"),
        images=tuple(images),
        theme=pagemeta.frozen(theme),
    )


def story_files(docs_dir: Path, news_dir: str) -> list[Path]:
    """Every story file, in a stable order."""
    root = docs_dir / news_dir
    if not root.is_dir():
        return []
    # `.md` exactly: a case-insensitive file system would also match `.MD`, which is refused (see `loading.unpublishable`).
    return sorted(path for path in root.rglob("*.md") if path.suffix == ".md" and path.is_file())

