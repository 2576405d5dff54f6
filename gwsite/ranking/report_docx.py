"""The 通报 (`report.Report`) as a Word document laid out as GB/T 9704 lays out official documents:
A4, margins 37/35/28/26 mm, the title in 小标宋 二号, the body in 仿宋 三号 with a two-character
first-line indent on a fixed 22-line grid, 黑体 and 楷体 headings, tables in 小四 with their header
rows repeated, and `— 1 —` page numbers. Everything is a real Word style or table, so the office
edits the draft in Word or WPS before issuing it.

The same report gives the same bytes: the core properties carry the given stamp and the zip's
entries a fixed time.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from xml.sax.saxutils import quoteattr

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, Twips

from ..files import fixed_zip
from .report import Paragraph, Report, SubHeading, Table, TableBlock

# Font names. A run names its Chinese font in w:eastAsia and its digits and Latin letters in
# w:ascii/w:hAnsi. Where a named font is missing, Word and WPS take the font table's altName (written
# below into word/fontTable.xml) and else a font of its charset (86: GB2312, i.e. a Chinese font);
# LibreOffice asks fontconfig, which matches by the zh-CN language set on the styles.
TITLE_FONT = "方正小标宋简体"  # GB/T 9704's title face (Founder); not on every PC, so altName 宋体
BODY_FONT = "仿宋_GB2312"  # GB/T 9704's body face, on government PCs; Windows since 7 ships 仿宋 (altName)
HEADING_FONT = "黑体"  # first-level headings (一、); Windows' SimHei
SUBHEADING_FONT = "楷体_GB2312"  # second-level headings (（一）); Windows' 楷体 (altName)
PAGE_NUMBER_FONT = "宋体"  # page numbers, 宋体 四号 as GB/T 9704 sets them
LATIN_FONT = "Times New Roman"  # digits and Latin letters in every style, as offices set them
FONT_TABLE = {  # name: (altName, PANOSE of the face it stands for)
    TITLE_FONT: ("宋体", "02010600030101010101"),
    BODY_FONT: ("仿宋", "02010609060101010101"),
    "仿宋": ("FangSong", "02010609060101010101"),
    HEADING_FONT: ("SimHei", "02010609060101010101"),
    SUBHEADING_FONT: ("楷体", "02010609060101010101"),
    "楷体": ("KaiTi", "02010609060101010101"),
    PAGE_NUMBER_FONT: ("SimSun", "02010600030101010101"),
}

# Sizes: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt.
TITLE_SIZE, BODY_SIZE, PAGE_NUMBER_SIZE, TABLE_SIZE = Pt(22), Pt(16), Pt(14), Pt(12)
# 22 lines on the 225 mm text height: 28.95 pt a line (579 twips), GB/T 9704's grid.
LINE = Twips(579)
TITLE_LINE = Pt(36)
TABLE_LINE = Pt(20)
INDENT = Pt(32)  # two characters of 三号
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
TEXT_WIDTH = PAGE_WIDTH - MARGINS["left"] - MARGINS["right"]

# What XML 1.0 cannot hold (lxml refuses it): control characters other than tab and line ends, lone
# surrogates, U+FFFE and U+FFFF. Names in units.yml and outlets.yml reach the document as written.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

TABLE_TEXT = "表格文字"  # the paragraph style of table cells
TABLE_HEAD = "表格标题"  # of header cells
TABLE_STYLE = "Table Grid"
CELL_MARGIN = 57  # twips: 1 mm


def xml_text(text: str) -> str:
    """`text` as a document can hold it: what XML cannot hold removed (openpyxl's cells do the same)."""
    return NOT_XML.sub("", text)


def _clear(element, *tags: str) -> None:
    for tag in tags:
        for child in element.findall(qn(tag)):
            element.remove(child)


def _set_fonts(rpr, east_asia: str, latin: str = LATIN_FONT) -> None:
    """The run properties' fonts: Chinese in `east_asia`, the rest in `latin`; punctuation shared by
    both scripts (“ ” …) is set in the Chinese font (w:hint)."""
    _clear(rpr, "w:rFonts")
    fonts = OxmlElement("w:rFonts")
    for attribute, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asia), ("w:cs", latin),
                             ("w:hint", "eastAsia")):
        fonts.set(qn(attribute), value)
    rpr.insert(0, fonts)


def _set_lang(rpr) -> None:
    _clear(rpr, "w:lang")
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _style(document, name: str, east_asia: str, size, *, base: str | None = "Normal",
           kind=WD_STYLE_TYPE.PARAGRAPH):
    """A style made plain (the template's colours, borders, theme fonts and bold removed), then given
    `east_asia` at `size`."""
    styles = document.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, kind)
    if base is not None and style.name != base:
        style.base_style = styles[base]
    rpr = style.element.get_or_add_rPr()
    for child in list(rpr):
        rpr.remove(child)
    _set_fonts(rpr, east_asia)
    style.font.size = size
    style.font.bold = False
    style.font.italic = False
    _set_lang(rpr)
    ppr = style.element.get_or_add_pPr()
    _clear(ppr, "w:pBdr", "w:spacing", "w:ind", "w:jc", "w:contextualSpacing", "w:numPr")
    return style


def _styles(document) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, BODY_FONT)
    _set_lang(rpr)

    normal = _style(document, "Normal", BODY_FONT, BODY_SIZE, base=None)
    body = normal.paragraph_format
    body.first_line_indent = INDENT
    body.line_spacing = LINE  # a length: exact spacing, the grid's
    body.space_before = body.space_after = Pt(0)
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.widow_control = True

    title = _style(document, "Title", TITLE_FONT, TITLE_SIZE).paragraph_format
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.first_line_indent = Pt(0)
    title.line_spacing = TITLE_LINE
    title.space_before, title.space_after = Pt(0), LINE  # a blank line of the grid before 主送

    heading = _style(document, "Heading 1", HEADING_FONT, BODY_SIZE).paragraph_format
    sub = _style(document, "Heading 2", SUBHEADING_FONT, BODY_SIZE).paragraph_format
    for fmt in (heading, sub):
        fmt.first_line_indent = INDENT
        fmt.line_spacing = LINE
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.keep_with_next = True
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    cell = _style(document, TABLE_TEXT, BODY_FONT, TABLE_SIZE).paragraph_format
    cell.first_line_indent = Pt(0)
    cell.line_spacing = TABLE_LINE
    cell.space_before = cell.space_after = Pt(0)
    cell.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _style(document, TABLE_HEAD, HEADING_FONT, TABLE_SIZE, base=TABLE_TEXT)

    footer = _style(document, "Footer", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE).paragraph_format
    footer.first_line_indent = Pt(0)
    footer.line_spacing = 1.0
    footer.space_before = footer.space_after = Pt(0)

    grid = styles[TABLE_STYLE]
    grid_rpr = grid.element.get_or_add_rPr()
    for child in list(grid_rpr):
        grid_rpr.remove(child)
    _set_fonts(grid_rpr, BODY_FONT)
    grid.font.size = TABLE_SIZE
    # Cells 1 mm in from their borders (Word's default is 1.9 mm): 中央级 and 7-character unit
    # names fit on one line of their columns.
    margins = grid.element.find(qn("w:tblPr")).find(qn("w:tblCellMar"))
    for side in ("w:left", "w:right"):
        margins.find(qn(side)).set(qn("w:w"), str(CELL_MARGIN))


def _font_table(document) -> None:
    """Add the Chinese fonts to word/fontTable.xml with their altName and GB2312 charset, which is
    what Word and WPS substitute by when a font is missing."""
    part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype == RT.FONT_TABLE)
    entries = "".join(
        f'<w:font w:name={quoteattr(name)}><w:altName w:val={quoteattr(alt)}/>'
        f'<w:panose1 w:val="{panose}"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/>'
        f"</w:font>"
        for name, (alt, panose) in FONT_TABLE.items()
    )
    part._blob = part.blob.replace(b"</w:fonts>", entries.encode("utf-8") + b"</w:fonts>")


def _settings(document) -> None:
    settings = document.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    _clear(settings, "w:rsids")  # the template's editing sessions, meaningless here
    document.settings.odd_and_even_pages_header_footer = True


def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    # The page number's line sits 7 mm below the text area (GB/T 9704): 35 − 7 mm, less its own height.
    section.footer_distance = Mm(35 - 7) - Pt(18)
    section.header_distance = Mm(15)
    # Odd pages' numbers at the right and even pages' at the left, one character in.
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _field_char(paragraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)


def _page_number(paragraph, alignment) -> None:
    """`— N —` with N a real PAGE field, so Word numbers every page itself."""
    paragraph.style = "Footer"
    paragraph.alignment = alignment
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = PAGE_NUMBER_SIZE
    else:
        paragraph.paragraph_format.left_indent = PAGE_NUMBER_SIZE
    paragraph.add_run("— ")
    _field_char(paragraph, "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    paragraph.add_run()._r.append(instruction)
    _field_char(paragraph, "separate")
    paragraph.add_run("1")  # the value shown until the field is updated
    _field_char(paragraph, "end")
    paragraph.add_run(" —")


def _table(document, table: Table) -> None:
    rows = len(table.rows) + 1
    grid = document.add_table(rows=rows, cols=len(table.headings))
    grid.style = document.styles[TABLE_STYLE]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    total = sum(table.widths)
    widths = [Emu(int(TEXT_WIDTH * share / total)) for share in table.widths]
    for index, column in enumerate(grid.columns):
        column.width = widths[index]
    for r, values in enumerate([table.headings, *table.rows]):
        row = grid.rows[r]
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))  # a row never breaks across pages
        if r == 0:
            properties.append(OxmlElement("w:tblHeader"))  # the header row repeats on every page
        for c, value in enumerate(values):
            cell = row.cells[c]
            cell.width = widths[c]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.style = document.styles[TABLE_HEAD if r == 0 else TABLE_TEXT]
            if r > 0 and c in table.wide:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            paragraph.add_run(xml_text(value))


def _width(text: str) -> float:
    """A text's width in characters: a Chinese character is one, a digit or letter half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)


def _signature(document, report: Report, first: bool) -> None:
    """落款: the issuer centred over the date, the date four characters from the right margin."""
    from .report import chinese_date

    date = chinese_date(report.date)
    right = 4
    issuer_indent = max(0.0, right + (_width(date) - _width(report.signature)) / 2)
    for index, (text, indent) in enumerate(((report.signature, issuer_indent), (date, right))):
        paragraph = document.add_paragraph(xml_text(text))
        fmt = paragraph.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.first_line_indent = Pt(0)
        fmt.right_indent = Pt(BODY_SIZE.pt * indent)
        if index == 0:
            fmt.space_before = Pt(LINE.pt * (1 if first else 2))


def to_docx(report: Report, stamp: dt.datetime) -> bytes:
    """The document's bytes; `stamp` (aware) is its creation and modification time."""
    document = Document()
    _styles(document)
    _font_table(document)
    _settings(document)
    _page(document)
    body = document.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):  # the template's empty paragraph
        body.remove(paragraph)

    title = document.add_paragraph(style="Title")
    for index, line in enumerate(report.title.split("\n")):
        if index:
            title.add_run().add_break()  # a line break, not a new paragraph: the title stays one heading
        title.add_run(xml_text(line))
    recipients = document.add_paragraph(xml_text(report.recipients))
    recipients.paragraph_format.first_line_indent = Pt(0)
    for section in report.sections:
        document.add_paragraph(xml_text(section.heading), style="Heading 1")
        for block in section.blocks:
            if isinstance(block, Paragraph):
                document.add_paragraph(xml_text(block.text))
            elif isinstance(block, SubHeading):
                document.add_paragraph(xml_text(block.text), style="Heading 2")
            elif isinstance(block, TableBlock):
                _table(document, block.table)
    if report.closing:
        document.add_paragraph(xml_text(report.closing))
    if report.appendix is not None:
        note = document.add_paragraph(xml_text(f"附件：{report.appendix_title}"))
        note.paragraph_format.space_before = LINE
    _signature(document, report, first=report.appendix is not None)
    if report.appendix is not None:
        mark = document.add_paragraph("附件", style="Heading 1")
        mark.paragraph_format.first_line_indent = Pt(0)
        mark.paragraph_format.page_break_before = True
        document.add_paragraph(xml_text(report.appendix_title), style="Title")
        _table(document, report.appendix)

    properties = document.core_properties
    when = stamp.astimezone(dt.timezone.utc).replace(tzinfo=None)
    properties.title = xml_text(report.title.replace("\n", ""))
    properties.author = properties.last_modified_by = xml_text(report.signature)
    properties.created = properties.modified = when
    properties.revision = 1
    properties.language = "zh-CN"
    properties.comments = properties.keywords = properties.subject = properties.category = ""
    package = document.part.package
    for key, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # the template's picture of another document
            del package.rels[key]
    out = io.BytesIO()
    document.save(out)
    return fixed_zip(out.getvalue(), stamp.replace(tzinfo=None))
