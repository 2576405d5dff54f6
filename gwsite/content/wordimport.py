"""A Word or WPS `.docx` as a story: mammoth reads the document's structure (headings, paragraphs,
lists, tables, bold, images, footnotes) and drops Word's styles; its HTML is written here as the
Markdown a story body holds. Title, date, unit and authors are looked for in the text, and each
finding says where it came from, so the writer can check it (`gwsite import`)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from urllib.parse import quote
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable

from .names import person_names

# Formats browsers show as they are; any other image Word holds (BMP, TIFF, …) is made a PNG.
WEB_IMAGES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .doc / .wps (and .et, .xls) container
SAVE_AS = "请用 Word 或 WPS 打开它，选择“文件 → 另存为”，保存类型选“Word 文档（*.docx）”，再导入另存的 .docx 文件"
# Where an image goes in the body until the story's name, and so the images' names, are known.
_IMAGE = "\ue000{}\ue001"
_IMAGE_MARK = re.compile("\ue000(\\d+)\ue001")

TITLE_MAX = 40  # a first line longer than this is a paragraph, not a title
LEAD_PARAGRAPHS = 5  # where a date and a byline are looked for
_DATE_CN = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_ISO = re.compile(r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)")
# A byline on a line of its own: （通讯员 张明 李红）, 通讯员：张明, 文/张明 图/李红, 记者 王芳.
_BYLINE_LINE = re.compile(r"^[（(]?\s*(通讯员|记者|作者|撰稿|撰稿人|文|文图|图文)\s*[/／:：\s]\s*\S.{0,40}$")
# A byline inside the lead: 本报讯（通讯员 张明 李红）3月15日……
_BYLINE_INLINE = re.compile(r"[（(]\s*(?:通讯员|记者)\s*[^（）()]{2,40}[）)]")
_INDENT = " \t\u3000\u00a0"  # Word's first-line indents: spaces, full-width spaces, no-break spaces


class WordError(Exception):
    """A file that cannot be imported; the message (Chinese) says what to do."""


@dataclass
class Image:
    data: bytes
    extension: str
    alt: str


@dataclass
class Converted:
    """A document read: the body as Markdown with its images still to be named, and what was found."""

    body: str
    images: list[Image]
    title: str | None = None
    title_from: str = ""
    date: dt.date | None = None
    date_from: str = ""
    authors: list[str] = field(default_factory=list)
    byline: str = ""
    notes: list[str] = field(default_factory=list)  # what the writer should know (an image left out)
    text: str = ""  # the plain text, where a unit's name is looked for

    def body_with(self, image_paths: list[str]) -> str:
        """The body with image `n` shown from `image_paths[n]`."""
        return _IMAGE_MARK.sub(lambda m: image_paths[int(m.group(1))], self.body)


def check_file(path: Path) -> None:
    """WordError unless `path` is a .docx file (not an old .doc or .wps, whatever its name says)."""
    if not path.is_file():
        raise WordError(f"找不到文件“{path}”，请检查文件名和所在文件夹")
    suffix = path.suffix.lower()
    if suffix in (".doc", ".wps", ".rtf", ".odt", ".wpt", ".dot"):
        raise WordError(f"“{path.name}”是 {suffix} 格式，只能导入 .docx；{SAVE_AS}")
    if suffix != ".docx":
        raise WordError(f"“{path.name}”不是 Word 文档（.docx），只能导入 .docx 文件；"
                        f"如是 Word 或 WPS 能打开的稿件，{SAVE_AS}")
    with open(path, "rb") as handle:
        head = handle.read(4)
    if head == OLE_MAGIC:
        raise WordError(f"“{path.name}”名为 .docx，其实是旧版 .doc 或 .wps 格式；{SAVE_AS}")


def convert(path: Path, unit_names: Iterable[str] = ()) -> Converted:
    """Read the .docx at `path` (WordError if it is not one or is damaged) and look for its fields."""
    import mammoth  # only `gwsite import` needs it

    check_file(path)
    images: list[Image] = []
    notes: list[str] = []

    def image(element):
        number = len(images)
        with element.open() as stream:
            data = stream.read()
        kind = (element.content_type or "").lower()
        extension = WEB_IMAGES.get(kind)
        if extension is None:
            data = _as_png(data)
            extension = "png"
            if data is None:
                notes.append(f"文档中第 {number + 1} 张图片是 {kind or '未知'} 格式，无法转换，已略去；"
                             "请把原照片另存为 JPG 后放进 content/images/ 再引用")
                return {"src": "", "alt": ""}
        images.append(Image(data, extension, " ".join((element.alt_text or "").split())))
        return {"src": _IMAGE.format(number), "alt": images[-1].alt}

    try:
        with open(path, "rb") as handle:
            result = mammoth.convert_to_html(handle, convert_image=mammoth.images.img_element(image),
                                             ignore_empty_paragraphs=True)
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError, OSError) as error:
        raise WordError(f"“{path.name}”无法读取，文件可能已损坏或只下载了一部分（{type(error).__name__}）；"
                        f"请用 Word 或 WPS 打开确认能正常显示，再另存为一个新的 .docx 后导入") from None
    except Exception as error:  # mammoth raises its own errors on odd XML; none should be a traceback
        raise WordError(f"“{path.name}”的内容无法识别（{type(error).__name__}: {error}）；"
                        f"请用 Word 或 WPS 打开，另存为一个新的 .docx 后导入") from None
    blocks = _Tree.parse(result.value)
    converted = _Writer(images).document(blocks)
    converted.notes = notes + converted.notes
    return converted


def find_unit_name(text: str, names: Iterable[str]) -> str | None:
    """The registered name (or alias) that occurs first in `text`; of two at one place, the longer."""
    best: tuple[int, int, str] | None = None
    for name in names:
        at = text.find(name) if len(name) >= 2 else -1
        if at >= 0 and (best is None or (at, -len(name)) < best[:2]):
            best = (at, -len(name), name)
    return None if best is None else best[2]


def find_date(paragraphs: Iterable[str]) -> tuple[dt.date, str] | None:
    """The first real date written as 2025年3月15日 or 2025-03-15 in `paragraphs`, with its text."""
    for text in paragraphs:
        for pattern in (_DATE_CN, _DATE_ISO):
            for match in pattern.finditer(text):
                try:
                    return dt.date(*(int(part) for part in match.groups())), match.group()
                except ValueError:
                    continue
    return None


def _as_png(data: bytes) -> bytes | None:
    from PIL import Image as PILImage

    try:
        with PILImage.open(io.BytesIO(data)) as picture:
            out = io.BytesIO()
            picture.save(out, "PNG")
            return out.getvalue()
    except Exception:  # Pillow cannot read EMF/WMF off Windows, nor a damaged picture
        return None


# -- mammoth's HTML as a small tree ------------------------------------------------------------------

@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    children: list["_Node | str"] = field(default_factory=list)

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)


class _Tree(HTMLParser):
    VOID = {"br", "img", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root", {})
        self.stack = [self.root]

    @classmethod
    def parse(cls, html: str) -> list[_Node | str]:
        tree = cls()
        tree.feed(html)
        tree.close()
        return tree.root.children

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, {key: value or "" for key, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(_Node(tag, {key: value or "" for key, value in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


# -- the tree as Markdown -----------------------------------------------------------------------------

_ESCAPED = re.compile(r"([\\`*_\[\]>])")
_LINE_START = re.compile(r"^(#|[-+>]\s|\d+[.)]\s)")
_URL_SAFE = ":/?#@!$&'*+,;=%~"  # kept in a link's address as written; `quote` keeps letters, digits and -._
_FOOTNOTE_REF = re.compile(r"^#(footnote|endnote)-\d+$")
_HEADINGS = {f"h{n}": n for n in range(1, 7)}


def _unmark(match: re.Match[str]) -> str:
    """A paragraph's start that Markdown would read as a heading, list or quote, kept as text."""
    sign = match.group()
    return sign[:-2] + "\\" + sign[-2:] if sign[0].isdigit() else "\\" + sign


def _escape(text: str, in_table: bool = False) -> str:
    """Text as Markdown shows it as written. `<` and `&` become entities: Python-Markdown does not
    take `\\<` for an escape, and would read `<b>` or `&lt;` in a document's text as HTML."""
    text = _ESCAPED.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;"))
    return text.replace("|", r"\|") if in_table else text


class _Writer:
    def __init__(self, images: list[Image]) -> None:
        self.images = images
        self.footnotes: dict[str, str] = {}  # mammoth's note id (Word's own, not shown) → its text
        self.cited: list[str] = []  # note ids in the order the text cites them: their numbers
        self.in_table = False

    def document(self, nodes: list[_Node | str]) -> Converted:
        blocks = [node for node in nodes if isinstance(node, _Node)]
        # mammoth puts footnotes and endnotes last, as an <ol> of <li id="footnote-N">.
        while blocks and blocks[-1].tag == "ol" and all(
                isinstance(li, _Node) and li.attrs.get("id", "").startswith(("footnote-", "endnote-"))
                for li in blocks[-1].children if isinstance(li, _Node)):
            self._notes(blocks.pop())
        converted = Converted(body="", images=self.images)
        converted.text = "\n".join(block.text() for block in blocks)

        def plain(block: _Node) -> str:
            return " ".join(block.text().replace("\u3000", " ").split())

        # The title: the first heading, else a short first line that does not end as a sentence.
        first = next((b for b in blocks if plain(b) and not _BYLINE_LINE.match(plain(b))), None)
        if first is not None and first.tag in _HEADINGS:
            converted.title, converted.title_from = plain(first), "正文第一个标题"
            blocks.remove(first)
        elif (first is not None and first.tag == "p" and len(plain(first)) <= TITLE_MAX
              and not plain(first).endswith(("。", "；", "：", ":", ";", "，"))):
            converted.title, converted.title_from = plain(first), "正文第一行"
            blocks.remove(first)
        lead = [b for b in blocks if b.tag == "p"][:LEAD_PARAGRAPHS]
        for block in lead:
            line = plain(block)
            if _BYLINE_LINE.match(line) and (names := person_names(line.strip("（）()"))):
                converted.authors, converted.byline = names, line
                blocks.remove(block)
                break
            inline = _BYLINE_INLINE.search(line)
            if inline and (names := person_names(inline.group().strip("（）()"))):
                converted.authors, converted.byline = names, inline.group()
                break
        found = find_date(plain(block) for block in lead)
        if found is not None:
            converted.date, converted.date_from = found
        top = min((_HEADINGS[b.tag] for b in blocks if b.tag in _HEADINGS), default=2)
        parts = [self.block(block, heading_shift=2 - top) for block in blocks]
        notes = self.cited + sorted(set(self.footnotes) - set(self.cited))
        if notes:
            parts.append("**注释**")
            parts.append("\n".join(f"{number}. {self.footnotes.get(note, '')}"
                                   for number, note in enumerate(notes, start=1)))
        converted.body = "\n\n".join(part for part in parts if part.strip()) + "\n"
        return converted

    def _notes(self, ol: _Node) -> None:
        for li in ol.children:
            if not isinstance(li, _Node):
                continue
            note = li.attrs.get("id", "")
            text = " ".join(self.inline(child) for child in li.children
                            if isinstance(child, _Node) and child.tag == "p" or isinstance(child, str))
            self.footnotes[note] = " ".join(text.split())

    # blocks
    def block(self, node: _Node | str, heading_shift: int = 0, indent: str = "") -> str:
        if isinstance(node, str):
            return _escape(node.strip(_INDENT + "\n"))
        if node.tag in _HEADINGS:
            level = max(2, min(6, _HEADINGS[node.tag] + heading_shift))
            text = self.paragraph(node)
            return f"{'#' * level} {text}" if text else ""
        if node.tag in ("ul", "ol"):
            return self.list(node, indent)
        if node.tag == "table":
            return self.table(node)
        if node.tag == "p":
            return self.paragraph(node)
        return self.paragraph(node)

    def paragraph(self, node: _Node) -> str:
        text = self.inline(node).strip(_INDENT + "\n")
        text = "\n".join(line.strip(_INDENT) for line in text.split("\n"))
        return _LINE_START.sub(_unmark, text)

    def list(self, node: _Node, indent: str) -> str:
        lines = []
        number = 0
        for li in node.children:
            if not isinstance(li, _Node) or li.tag != "li":
                continue
            number += 1
            mark = f"{number}. " if node.tag == "ol" else "- "
            inline = [c for c in li.children if not (isinstance(c, _Node) and c.tag in ("ul", "ol"))]
            text = self.paragraph(_Node("li", {}, inline))
            lines.append(f"{indent}{mark}{text}")
            for child in li.children:
                if isinstance(child, _Node) and child.tag in ("ul", "ol"):
                    lines.append(self.list(child, indent + "    "))
        return "\n".join(lines)

    def table(self, node: _Node) -> str:
        rows: list[list[str]] = []

        def walk(n: _Node) -> None:
            for child in n.children:
                if not isinstance(child, _Node):
                    continue
                if child.tag == "tr":
                    row = []
                    for cell in child.children:
                        if isinstance(cell, _Node) and cell.tag in ("td", "th"):
                            self.in_table = True
                            parts = [self.inline(p) if isinstance(p, _Node) else _escape(p, True)
                                     for p in cell.children]
                            self.in_table = False
                            row.append(" ".join(" ".join(parts).split()))
                            span = cell.attrs.get("colspan", "1")
                            row.extend([""] * ((int(span) if span.isdigit() else 1) - 1))
                    rows.append(row)
                else:
                    walk(child)

        walk(node)
        rows = [row for row in rows if row]
        if not rows:
            return ""
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return "\n".join(lines)

    # inline
    def inline(self, node: _Node) -> str:
        out = []
        for child in node.children:
            if isinstance(child, str):
                out.append(_escape(child.replace("\n", " "), self.in_table))
                continue
            tag = child.tag
            if tag in ("strong", "b", "em", "i"):
                inner = self.inline(child)
                core = inner.strip()
                if core:
                    mark = "**" if tag in ("strong", "b") else "*"
                    lead = inner[:len(inner) - len(inner.lstrip())]
                    tail = inner[len(inner.rstrip()):]
                    out.append(f"{lead}{mark}{core}{mark}{tail}")
            elif tag == "img":
                if child.attrs.get("src"):
                    alt = _escape(child.attrs.get("alt") or "图片", self.in_table)
                    out.append(f"![{alt}]({child.attrs['src']})")
            elif tag == "br":
                out.append(" " if self.in_table else "  \n")
            elif tag == "a":
                href = child.attrs.get("href", "")
                text = self.inline(child)
                if _FOOTNOTE_REF.match(href):
                    note = href[1:]
                    if note not in self.cited:
                        self.cited.append(note)
                    out.append(f"〔注{self.cited.index(note) + 1}〕")
                elif href.startswith("#") and "ref-" in href:
                    continue  # a note's way back to its mark
                elif href.startswith(("http://", "https://")) and text.strip():
                    # Spaces, brackets and `<` would end the link or start HTML: written percent-encoded.
                    out.append(f"[{text}]({quote(href, safe=_URL_SAFE)})")
                else:
                    out.append(text)
            elif tag == "sup" and any(isinstance(c, _Node) and c.tag == "a"
                                      and _FOOTNOTE_REF.match(c.attrs.get("href", "")) for c in child.children):
                out.append(self.inline(child))
            elif tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6"):
                out.append(self.inline(child))
            else:  # u, s, sup, sub, span: the text, without Word's look
                out.append(self.inline(child))
        return "".join(out)
