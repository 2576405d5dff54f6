"""`gwsite import`: Word and WPS .docx files made as correspondents make them, through the real command,
then `gwsite check` and a real `mkdocs build --strict`."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Cm
from PIL import Image

from conftest import Page, run_mkdocs_build

STORY = "content/news/2025/2025-03-15-anping.md"
PHOTO = "content/images/2025/2025-03-15-anping-1.jpg"


def word_document(path: Path, heading: bool = True) -> Path:
    """A story as a correspondent writes it in Word: heading, byline, indented lead, bold, list, table, photo."""
    doc = Document()
    if heading:
        doc.add_heading("安平县关工委开展“五老”宣讲进校园活动", level=1)
    doc.add_paragraph("（通讯员 张明 李红）")
    lead = doc.add_paragraph("　　2025年3月15日，安平县关工委组织“五老”宣讲团走进城关小学，")
    lead.add_run("为600余名学生").bold = True
    lead.add_run("讲述革命故事；同学们说：“要把红色传统传下去！”")
    doc.add_heading("活动安排", level=2)
    doc.add_paragraph("红色故事宣讲；", style="List Bullet")
    doc.add_paragraph("参观校史馆。", style="List Bullet")
    table = doc.add_table(rows=2, cols=2)
    for (row, col), text in {(0, 0): "项目", (0, 1): "人数", (1, 0): "宣讲", (1, 1): "600"}.items():
        table.cell(row, col).text = text
    photo = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 30, 30)).save(photo, "JPEG")
    photo.seek(0)
    doc.add_picture(photo, width=Cm(8))
    doc.save(path)
    return path


def built_page(site: Path, title: str) -> Page:
    pages = [p for p in (site / "site").rglob("index.html") if f"<h1>{title}" in p.read_text(encoding="utf-8")
             or f">{title}</h1>" in p.read_text(encoding="utf-8")]
    assert len(pages) == 1, pages
    return Page(pages[0])


def test_a_word_story_imports_checks_and_builds_with_its_photo_and_table(make_site, gwsite, tmp_path):
    site = make_site()
    docx = word_document(tmp_path / "稿件.docx")
    result = gwsite(site, "import", str(docx))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "标题取自正文第一个标题：安平县关工委开展“五老”宣讲进校园活动",
        "日期取自正文“2025年3月15日”：2025-03-15",
        "单位取自正文中的“安平县关工委”：安平县关工委",
        "作者取自“（通讯员 张明 李红）”：张明、李红",
        STORY,
        f"图片：{PHOTO}",
    ]
    text = (site / STORY).read_text(encoding="utf-8")
    assert '标题: "安平县关工委开展“五老”宣讲进校园活动"' in text
    assert "日期: 2025-03-15" in text and "单位: 安平县关工委" in text
    assert '作者: ["张明", "李红"]' in text
    body = text.split("\n---\n", 1)[1]
    assert body == ("\n2025年3月15日，安平县关工委组织“五老”宣讲团走进城关小学，**为600余名学生**讲述革命故事；"
                    "同学们说：“要把红色传统传下去！”\n\n## 活动安排\n\n- 红色故事宣讲；\n- 参观校史馆。\n\n"
                    "| 项目 | 人数 |\n|---|---|\n| 宣讲 | 600 |\n\n"
                    "![图片](../../images/2025/2025-03-15-anping-1.jpg)\n")
    with Image.open(site / PHOTO) as photo:
        assert photo.size == (320, 240)

    checked = gwsite(site, "check", "--strict")
    assert checked.exit_code == 0, checked.output
    assert checked.output == "检查通过：4 篇稿件，名录无误\n"

    build = run_mkdocs_build(site)
    assert build.returncode == 0, build.stderr
    html = built_page(site, "安平县关工委开展“五老”宣讲进校园活动").html
    assert "<td>宣讲</td>" in html and "<th>项目</th>" in html
    assert "<strong>为600余名学生</strong>" in html
    assert 'width="320" height="240" alt="图片"' in html  # the photo, as the site's image pipeline shows it


def test_options_win_and_a_second_import_never_overwrites(make_site, gwsite, tmp_path):
    site = make_site()
    docx = word_document(tmp_path / "稿件.docx", heading=False)
    first = gwsite(site, "import", str(docx), "--title", "五老宣讲进校园", "--unit", "临河区关工委",
                   "--date", "2025-03-16")
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[:3] == [
        "作者取自“（通讯员 张明 李红）”：张明、李红",
        "content/news/2025/2025-03-16-linhe.md",
        "图片：content/images/2025/2025-03-16-linhe-1.jpg",
    ]
    (site / "content/news/2025/2025-03-16-linhe.md").write_text("别人的稿件", encoding="utf-8")
    (site / "content/images/2025/2025-03-16-linhe-2-1.jpg").write_bytes(b"someone else's photo")
    second = gwsite(site, "import", str(docx), "--title", "另一篇", "--unit", "临河区关工委",
                    "--date", "2025-03-16")
    assert second.exit_code == 0, second.output
    assert second.output.splitlines()[-2:] == [
        "content/news/2025/2025-03-16-linhe-2.md",
        "图片：content/images/2025/2025-03-16-linhe-2-1-2.jpg",
    ]
    assert (site / "content/news/2025/2025-03-16-linhe.md").read_text(encoding="utf-8") == "别人的稿件"
    assert (site / "content/images/2025/2025-03-16-linhe-2-1.jpg").read_bytes() == b"someone else's photo"


def test_without_a_title_or_unit_in_the_text_the_option_is_asked_for(make_site, gwsite, tmp_path):
    site = make_site()
    doc = Document()
    doc.add_paragraph("这是一段很长的正文，没有标题，也没有写明是哪个单位报送的，所以需要在命令中指明。")
    doc.save(tmp_path / "无题.docx")
    untitled = gwsite(site, "import", str(tmp_path / "无题.docx"))
    assert untitled.exit_code == 1
    assert untitled.output == "错误：未能从正文中找出标题（第一行太长或是一句话）；请用 --title 指明标题\n"
    nameless = gwsite(site, "import", str(tmp_path / "无题.docx"), "--title", "无题")
    assert nameless.exit_code == 1
    assert nameless.output.endswith("错误：未能在正文中找到 units.yml 登记的单位名称；请用 --unit 指明报送单位\n")
    assert not (site / "content/news/2025").exists()


@pytest.mark.parametrize("name, data, said", [
    ("稿件.doc", b"\xd0\xcf\x11\xe0old", "错误：“稿件.doc”是 .doc 格式，只能导入 .docx；请用 Word 或 WPS 打开它，"
                                         "选择“文件 → 另存为”，保存类型选“Word 文档（*.docx）”，再导入另存的 .docx 文件\n"),
    ("稿件.wps", b"\xd0\xcf\x11\xe0old", "错误：“稿件.wps”是 .wps 格式，只能导入 .docx；请用 Word 或 WPS 打开它，"
                                         "选择“文件 → 另存为”，保存类型选“Word 文档（*.docx）”，再导入另存的 .docx 文件\n"),
    ("坏.docx", b"PK\x03\x04 cut short", "错误：“坏.docx”无法读取，文件可能已损坏或只下载了一部分（BadZipFile）；"
                                        "请用 Word 或 WPS 打开确认能正常显示，再另存为一个新的 .docx 后导入\n"),
])
def test_old_formats_and_damaged_files_get_one_chinese_message(make_site, gwsite, tmp_path, name, data, said):
    site = make_site()
    (tmp_path / name).write_bytes(data)
    result = gwsite(site, "import", str(tmp_path / name))
    assert result.exit_code == 1
    assert result.output == said
    assert not (site / "content/news/2025").exists()


def test_a_zip_that_is_not_a_word_document_gets_a_message(make_site, gwsite, tmp_path):
    site = make_site()
    with zipfile.ZipFile(tmp_path / "压缩包.docx", "w") as archive:
        archive.writestr("readme.txt", "not word")
    result = gwsite(site, "import", str(tmp_path / "压缩包.docx"))
    assert result.exit_code == 1
    assert result.output.startswith("错误：“压缩包.docx”无法读取")
    assert "Traceback" not in result.output


ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">
<office:body><office:text>
<text:h text:outline-level="1">临河区关工委举办“关爱留守儿童”座谈会</text:h>
<text:p>文/王芳</text:p>
<text:p>2025-04-02，临河区关工委召开座谈会<text:note text:id="n1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>座谈会由区关工委主任主持。</text:p></text:note-body></text:note>，与会人员交流了经验。</text:p>
<table:table table:name="T1"><table:table-column table:number-columns-repeated="2"/>
<table:table-row><table:table-cell><text:p>乡镇</text:p></table:table-cell><table:table-cell><text:p>儿童数</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell><text:p>城关镇</text:p></table:table-cell><table:table-cell><text:p>120</text:p></table:table-cell></table:table-row>
</table:table>
</office:text></office:body></office:document-content>"""
ODT_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_libreoffice_docx_with_a_footnote_imports_checks_and_builds(make_site, gwsite, tmp_path):
    odt = tmp_path / "座谈会.odt"
    with zipfile.ZipFile(odt, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", ODT_CONTENT, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", ODT_MANIFEST, zipfile.ZIP_DEFLATED)
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "docx", "--outdir", str(tmp_path / "out"), str(odt)],
                   check=True, capture_output=True, timeout=180)
    site = make_site()
    result = gwsite(site, "import", str(tmp_path / "out" / "座谈会.docx"))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "标题取自正文第一个标题：临河区关工委举办“关爱留守儿童”座谈会",
        "日期取自正文“2025-04-02”：2025-04-02",
        "单位取自正文中的“临河区关工委”：临河区关工委",
        "作者取自“文/王芳”：王芳",
        "content/news/2025/2025-04-02-linhe.md",
    ]
    body = (site / "content/news/2025/2025-04-02-linhe.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    assert body == ("\n2025-04-02，临河区关工委召开座谈会〔注1〕，与会人员交流了经验。\n\n"
                    "| 乡镇 | 儿童数 |\n|---|---|\n| 城关镇 | 120 |\n\n**注释**\n\n1. 座谈会由区关工委主任主持。\n")
    checked = gwsite(site, "check", "--strict")
    assert checked.exit_code == 0, checked.output
    build = run_mkdocs_build(site)
    assert build.returncode == 0, build.stderr
    html = built_page(site, "临河区关工委举办“关爱留守儿童”座谈会").html
    assert "<td>城关镇</td>" in html and "座谈会由区关工委主任主持。" in html
