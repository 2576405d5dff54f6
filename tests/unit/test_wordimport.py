"""The .docx reading of `gwsite import`: mammoth's HTML as a story's Markdown, and what is found in the text."""

from __future__ import annotations

import datetime as dt

import markdown
import pytest

from gwsite.content.wordimport import WordError, _Tree, _Writer, check_file, find_date, find_unit_name


def written(html: str):
    return _Writer([]).document(_Tree.parse(html))


def test_structure_becomes_markdown_and_styles_are_dropped():
    doc = written('<h1>标题</h1><p>　　第一段，<strong>加粗</strong>和<em>斜体</em>，<u>下划线</u>。</p>'
                  '<h2>小标题</h2><ul><li>甲；<ul><li>甲一</li></ul></li><li>乙</li></ul>'
                  '<ol><li>一</li><li>二</li></ol>'
                  '<table><tr><th><p>项目</p></th><th><p>数</p></th></tr>'
                  '<tr><td colspan="2"><p>合计|全部</p></td></tr></table>')
    assert doc.title == "标题" and doc.title_from == "正文第一个标题"
    assert doc.body == ("第一段，**加粗**和*斜体*，下划线。\n\n## 小标题\n\n- 甲；\n    - 甲一\n- 乙\n\n"
                        "1. 一\n2. 二\n\n| 项目 | 数 |\n|---|---|\n| 合计\\|全部 |  |\n")


def test_markdown_signs_in_the_text_are_kept_as_text():
    doc = written("<p>一段很长很长的正文，写到这里已经超过了四十个字，所以它不是标题，而是正文的第一段。</p>"
                  "<p># 不是标题 [1] *星号* a_b &lt;br&gt; &amp;lt; \\</p><p>1. 不是列表</p>")
    assert doc.title is None
    assert doc.body.splitlines()[2:] == ["\\# 不是标题 \\[1\\] \\*星号\\* a\\_b &lt;br\\> &amp;lt; \\\\", "",
                                         "1\\. 不是列表"]
    # As the site's Markdown shows it: the text as typed, no tag (Python-Markdown takes no `\\<`).
    shown = markdown.markdown(doc.body)
    assert "<p># 不是标题 [1] *星号* a_b &lt;br&gt; &amp;lt; \\</p>" in shown and "<br" not in shown


def test_a_short_first_line_is_the_title_and_a_sentence_is_not():
    assert written("<p>五老宣讲团走进城关小学</p><p>正文。</p>").title_from == "正文第一行"
    assert written("<p>今天下雨。</p><p>正文。</p>").title is None
    byline_first = written("<p>（通讯员 张明）</p><p>五老宣讲团走进城关小学</p><p>正文。</p>")
    assert (byline_first.title, byline_first.authors) == ("五老宣讲团走进城关小学", ["张明"])


def test_footnotes_are_numbered_as_cited_in_a_notes_list():
    doc = written('<p>标题</p><p>甲<sup><a href="#footnote-7" id="footnote-ref-7">[1]</a></sup>，'
                  '乙<sup><a href="#footnote-3" id="footnote-ref-3">[2]</a></sup>。</p>'
                  '<ol><li id="footnote-3"><p>注乙 <a href="#footnote-ref-3">↑</a></p></li>'
                  '<li id="footnote-7"><p>	注甲 <a href="#footnote-ref-7">↑</a></p></li></ol>')
    assert doc.body == "甲〔注1〕，乙〔注2〕。\n\n**注释**\n\n1. 注甲\n2. 注乙\n"


@pytest.mark.parametrize("line, names", [
    ("（通讯员 张明 李红）", ["张明", "李红"]),
    ("文/张明 图/李红", ["张明", "李红"]),
    ("通讯员：王芳", ["王芳"]),
])
def test_a_byline_line_gives_the_authors_and_leaves_the_body(line, names):
    doc = written(f"<h1>标题</h1><p>{line}</p><p>正文。</p>")
    assert doc.authors == names and doc.byline == line
    assert doc.body == "正文。\n"


def test_a_byline_inside_the_lead_gives_the_authors_and_stays():
    doc = written("<h1>标题</h1><p>本报讯（通讯员 张明 李红）3月15日，活动举行。</p>")
    assert doc.authors == ["张明", "李红"]
    assert doc.body == "本报讯（通讯员 张明 李红）3月15日，活动举行。\n"


def test_no_byline_no_authors():
    assert written("<h1>标题</h1><p>文化活动丰富多彩。</p>").authors == []


def test_dates_written_either_way_and_impossible_dates_skipped():
    assert find_date(["2025年3月15日上午"]) == (dt.date(2025, 3, 15), "2025年3月15日")
    assert find_date(["发稿 2025 年 3 月 5 日"])[0] == dt.date(2025, 3, 5)
    assert find_date(["2025-02-30 无此日，2025-03-01"]) == (dt.date(2025, 3, 1), "2025-03-01")
    assert find_date(["3月15日"]) is None


def test_the_unit_first_named_wins_and_the_longer_name_at_one_place():
    names = ["安平县关工委", "安平关工委", "临河区关工委", "安平县关工委办公室"]
    assert find_unit_name("临河区关工委和安平县关工委", names) == "临河区关工委"
    assert find_unit_name("安平县关工委办公室", names) == "安平县关工委办公室"
    assert find_unit_name("没有单位", names) is None


@pytest.mark.parametrize("name, data, said", [
    ("稿件.doc", b"x", "“稿件.doc”是 .doc 格式，只能导入 .docx；请用 Word 或 WPS 打开它"),
    ("稿件.wps", b"x", "“稿件.wps”是 .wps 格式，只能导入 .docx；请用 Word 或 WPS 打开它"),
    ("稿件.txt", b"x", "“稿件.txt”不是 Word 文档（.docx）"),
    ("稿件.docx", b"\xd0\xcf\x11\xe0rest", "“稿件.docx”名为 .docx，其实是旧版 .doc 或 .wps 格式"),
])
def test_what_is_not_a_docx_is_told_to_be_saved_as_one(tmp_path, name, data, said):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(WordError) as error:
        check_file(tmp_path / name)
    assert str(error.value).startswith(said)
    assert "另存为" in str(error.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(WordError, match="找不到文件"):
        check_file(tmp_path / "无.docx")


def test_images_are_kept_in_place_and_a_tiff_becomes_a_png(tmp_path):
    import io

    from docx import Document
    from PIL import Image

    from gwsite.content.wordimport import convert

    doc = Document()
    doc.add_heading("标题", level=1)
    for kind, colour in (("JPEG", "red"), ("TIFF", "blue")):
        picture = io.BytesIO()
        Image.new("RGB", (40, 30), colour).save(picture, kind)
        picture.seek(0)
        doc.add_picture(picture)
    doc.save(tmp_path / "图.docx")
    converted = convert(tmp_path / "图.docx")
    assert [image.extension for image in converted.images] == ["jpg", "png"]
    with Image.open(io.BytesIO(converted.images[1].data)) as png:
        assert (png.format, png.size, png.getpixel((0, 0))) == ("PNG", (40, 30), (0, 0, 255))
    assert converted.body_with(["a.jpg", "b.png"]) == "![图片](a.jpg)\n\n![图片](b.png)\n"


def test_a_links_address_cannot_end_the_link_or_start_html():
    doc = written('<p>一段很长很长的正文，写到这里已经超过了四十个字，所以它不是标题，而是正文的第一段。</p>'
                  '<p>详见<a href="https://www.qzrb.example.cn/a b)&lt;img src=x&gt;">青州日报的报道</a>。</p>')
    assert "[青州日报的报道](https://www.qzrb.example.cn/a%20b%29%3Cimg%20src=x%3E)" in doc.body
    shown = markdown.markdown(doc.body)
    assert '<a href="https://www.qzrb.example.cn/a%20b%29%3Cimg%20src=x%3E">青州日报的报道</a>' in shown
    assert "<img" not in shown
