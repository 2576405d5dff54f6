"""Bad stories and registry files, one defect each, with what `gwsite check` must say."""

from __future__ import annotations

GOOD = """\
---
title: 安平县关工委召开2024年工作会议
date: 2024-03-01
unit: 安平县关工委
{extra}---

3月1日，安平县关工委召开全体会议，部署全年工作。
"""


def story(extra: str = "", **replace: str) -> str:
    text = GOOD.format(extra=extra)
    for old, new in replace.items():
        text = text.replace(old.replace("_", " "), new)
    return text


def placement(lines: str) -> str:
    return "placements:\n  - " + "\n    ".join(lines.strip().splitlines()) + "\n"


# (id, file name, file content as str or bytes, [expected lines], exit code)
STORIES = [
    ("missing-title", "a.md", story().replace("title: 安平县关工委召开2024年工作会议\n", ""),
     [
        'a.md:2: title: 缺少标题（title 或 标题）',
    ], 1),
    ("empty-title", "a.md", story().replace("title: 安平县关工委召开2024年工作会议", 'title: ""'),
     [
        'a.md:2: title: 标题应为一行文字，不能为空；标题是数字或 yes/no 时请加引号',
    ], 1),
    ("multiline-title", "a.md", story().replace("title: 安平县关工委召开2024年工作会议", "title: |\n  第一行\n  第二行"),
     [
        'a.md:2: title: 标题应为一行文字，不能为空；标题是数字或 yes/no 时请加引号',
    ], 1),
    ("number-title", "a.md", story().replace("title: 安平县关工委召开2024年工作会议", "title: 2024"),
     [
        'a.md:2: title: 标题应为一行文字，不能为空；标题是数字或 yes/no 时请加引号',
    ], 1),
    ("missing-date", "a.md", story().replace("date: 2024-03-01\n", ""),
     [
        'a.md:2: date: 缺少日期（date 或 日期），如 日期: 2024-03-15',
    ], 1),
    ("chinese-date", "a.md", story().replace("date: 2024-03-01", "date: 2024年3月1日"),
     [
        'a.md:3: date: 警告：日期“2024年3月1日”中有“年月日”，已按 2024-03-01 读取；日期请用英文输入法写成 2024-03-15 这样的格式',
    ], 0),
    ("dotted-date", "a.md", story().replace("date: 2024-03-01", "date: 2024.3.1"),
     [
        'a.md:3: date: 警告：日期“2024.3.1”中有“.”，已按 2024-03-01 读取；日期请用英文输入法写成 2024-03-15 这样的格式',
    ], 0),
    ("chinese-date-not-a-day", "a.md", story().replace("date: 2024-03-01", "date: 2024年2月30日"),
     [
        'a.md:3: date: 应为 2024-03-15 或 2024-03-15 14:30 这样的日期，不是“2024年2月30日”',
    ], 1),
    ("impossible-date", "a.md", story().replace("date: 2024-03-01", "date: 2024-02-30"),
     [
        'a.md:3: date: 日期“2024-02-30”不存在，请核对年、月、日',
    ], 1),
    ("future-date", "a.md", story().replace("date: 2024-03-01", "date: 2999-01-01"),
     [
        'a.md:3: date: 日期 2999-01-01 00:00 晚于现在，不能发布将来的稿件',
    ], 1),
    ("missing-unit", "a.md", story().replace("unit: 安平县关工委\n", ""),
     [
        'a.md:2: unit: 缺少单位（unit 或 单位），应为 units.yml 中登记的单位名称',
    ], 1),
    ("unit-near-miss", "a.md", story().replace("unit: 安平县关工委", "unit: 安平关工会"),
     [
        'a.md:4: unit: 未登记的单位“安平关工会”，是否为“安平县关工委”？'
        '（如该单位已撤销或合并，请勿从 units.yml 删除，应保留并加上 until: 最后一年，原有稿件仍计入其存在年度的排名）',
    ], 1),
    ("unit-unknown", "a.md", story().replace("unit: 安平县关工委", "unit: 火星关工委"),
     [
        'a.md:4: unit: 未登记的单位“火星关工委”，请使用 units.yml 中登记的单位名称'
        '（如该单位已撤销或合并，请勿从 units.yml 删除，应保留并加上 until: 最后一年，原有稿件仍计入其存在年度的排名）',
    ], 1),
    ("unit-zero-width-space", "a.md", story().replace("unit: 安平县关工委", "unit: 安平县\u200b关工委"),
     [
        'a.md:4: unit: 警告：单位名称“安平县\u200b关工委”含空格、全角或不可见字符，已按“安平县关工委”识别，建议改正',
    ], 0),
    ("title-control-chars-from-word", "a.md",
     story().replace("title: 安平县关工委召开2024年工作会议", "title: 安平县关工委召开\x0b2024年工作会议\x07"),
     [
        'a.md:2: title: 警告：有 2 个看不见的控制字符（常见于从 Word 粘贴的文字），网站和订阅源中已删去；'
        '请在原稿中删除后重新输入这些文字附近的标点或换行',
    ], 0),
    ("title-escaped-control-char-only", "a.md", story().replace("title: 安平县关工委召开2024年工作会议", 'title: "\\x93"'),
     [
        'a.md:2: title: 警告：有 1 个看不见的控制字符（写成了转义符），网站和订阅源中已删去；请删去它们',
        'a.md:2: title: 标题应为一行文字，不能为空；标题是数字或 yes/no 时请加引号',
    ], 1),
    ("tags-escaped-control-chars", "a.md", story('tags: ["\\a助学", "\\x7f"]\n'),
     [
        'a.md:5: tags: 警告：有 2 个看不见的控制字符（写成了转义符），网站和订阅源中已删去；请删去它们',
    ], 0),
    ("body-control-chars-from-word", "a.md", story().replace("部署全年工作。", "部署全年\x0c工作。"),
     [
        'a.md:7: 正文: 警告：有 1 个看不见的控制字符（常见于从 Word 粘贴的文字），网站和订阅源中已删去；'
        '请在原稿中删除后重新输入这些文字附近的标点或换行',
    ], 0),
    ("unit-full-width-space", "a.md", story().replace("unit: 安平县关工委", "unit: 安平县\u3000关工委"),
     [
        'a.md:4: unit: 警告：单位名称“安平县\u3000关工委”含空格、全角或不可见字符，已按“安平县关工委”识别，建议改正',
    ], 0),
    ("co-unit-unknown", "a.md", story("co_units: [青州市某某局]\n"),
     [
        'a.md:5: co_units: 未登记的单位“青州市某某局”，请使用 units.yml 中登记的单位名称'
        '（如该单位已撤销或合并，请勿从 units.yml 删除，应保留并加上 until: 最后一年，原有稿件仍计入其存在年度的排名）',
    ], 1),
    ("co-unit-is-unit", "a.md", story("co_units: [安平关工委]\n"),
     [
        'a.md:5: co_units: 警告：单位“安平县关工委”重复列出，只计一次',
    ], 0),
    ("category-near-miss", "a.md", story("category: 工作动太\n"),
     [
        'a.md:5: category: 没有“工作动太”这个栏目，是否为“工作动态”？',
    ], 1),
    ("category-unknown", "a.md", story("category: 体育新闻\n"),
     [
        'a.md:5: category: 没有“体育新闻”这个栏目，可用的栏目有：工作动态、基层风采、五老风采、媒体聚焦、通知公告',
    ], 1),
    ("tags-string", "a.md", story("tags: 五老宣讲、助学\n"),
     [
        'a.md:5: tags: 警告：“五老宣讲、助学”中有顿号“、”，已按 2 项读取：[五老宣讲, 助学]；多项请写成英文方括号、英文逗号分隔的列表，如 tags: [五老宣讲, 助学]',
    ], 0),
    ("tags-boolean", "a.md", story("tags: NO\n"),
     [
        'a.md:5: tags: 标签被 YAML 读成了“是/否”，请写成列表并给标签加引号，如 ["NO"]',
    ], 1),
    ("tags-item-boolean", "a.md", story("tags:\n  - 助学\n  - yes\n"),
     [
        'a.md:7: tags: 标签被 YAML 读成了“是/否”，请给这个标签加引号',
    ], 1),
    ("draft-not-bool", "a.md", story("draft: 可能\n"),
     [
        'a.md:5: draft: 应为 true（是）或 false（否），不是“可能”',
    ], 1),
    ("authors-mapping", "a.md", story("authors: {姓名: 张明}\n"),
     [
        'a.md:5: authors: 应为作者姓名，或姓名列表，如 [张明, 李红]',
    ], 1),
    ("authors-one-string", "a.md", story("作者: 张明，李红\n"),
     [
        'a.md:5: 作者: 警告：“张明，李红”用中文逗号“，”隔开，含 2 位作者，已拆分为张明、李红；多位作者请写成列表，每人一项，如 作者: [张明, 李红]',
    ], 0),
    ("authors-item-of-two", "a.md", story("authors:\n  - 张明\n  - 李红 王芳\n"),
     [
        'a.md:7: authors: 警告：“李红 王芳”用空格隔开，含 2 位作者，已拆分为李红、王芳；多位作者请写成列表，每人一项，如 authors: [张明, 李红, 王芳]',
    ], 0),
    ("authors-twice", "a.md", story("authors: [张明, 张 明]\n"),
     [
        'a.md:5: authors: 警告：作者“张明”重复列出，只计一次',
    ], 0),
    ("cover-missing", "a.md", story("cover: images/none.jpg\n"),
     [
        'a.md:5: cover: 找不到文件“images/none.jpg”（相对于稿件所在目录），请检查文件名和大小写',
    ], 1),
    ("cover-outside-content", "a.md", story("cover: ../../../mkdocs.yml\n"),
     [
        'a.md:5: cover: “../../../mkdocs.yml”指向网站内容目录之外，图片须放在 content 目录中',
    ], 1),
    ("cover-absolute", "a.md", story("cover: /etc/passwd\n"),
     [
        'a.md:5: cover: “/etc/passwd”是绝对路径或网址，应写相对于稿件文件的路径，如 images/wulao.jpg',
    ], 1),
    ("cover-windows-drive", "a.md", story("cover: 'C:\\\\照片\\\\a.jpg'\n"),
     [
        'a.md:5: cover: “C:\\\\照片\\\\a.jpg”是绝对路径或网址，应写相对于稿件文件的路径，如 images/wulao.jpg',
    ], 1),
    ("slug-not-ascii", "a.md", story("slug: 五老宣讲\n"),
     [
        'a.md:5: slug: 应为英文字母、数字和连字符组成的网址名，如 wulao-xuanjiang，不是“五老宣讲”',
    ], 1),
    ("slug-too-long", "a.md", story("slug: " + "a" * 300 + "\n"),
     [
        'a.md:5: slug: 网址名最长 100 个字符，这里有 300 个，请缩短',
    ], 1),
    ("unknown-key", "a.md", story("categroy: 工作动态\n"),
     [
        'a.md:5: categroy: 警告：未知字段，已忽略，是否为“category”？',
    ], 0),
    ("unknown-key-with-line-break", "a.md", story('"页\\n码\\e[31m": 3\n'),
     [
        'a.md:5: 页\\n码\\x1b[31m: 警告：未知字段，已忽略',
    ], 0),
    ("key-and-alias", "a.md", story("标题: 重复的标题\n"),
     [
        'a.md:5: 标题: 与第 2 行的“title”是同一个字段，只能写一次',
    ], 1),
    ("duplicate-key", "a.md", story("date: 2024-03-02\n"),
     [
        'a.md:5: date: 字段“date”重复出现（第 3 行已有），请删去其中一个',
    ], 1),
    ("placements-not-list", "a.md", story("placements: 青州日报\n"),
     [
        'a.md:5: placements: 刊用记录应为列表，每条以“- 媒体: …”开头',
    ], 1),
    ("placement-missing-outlet", "a.md", story(placement("date: 2024-03-02")),
     [
        'a.md:6: placements[1].outlet: 缺少媒体名称（outlet 或 媒体）',
    ], 1),
    ("placement-missing-date", "a.md", story(placement("outlet: 青州日报")),
     [
        'a.md:6: placements[1].date: 缺少刊用日期（date 或 日期），即媒体刊发的日期',
    ], 1),
    ("placement-before-story", "a.md", story(placement("outlet: 青州日报\ndate: 2024-02-28")),
     [
        'a.md:7: placements[1].date: 刊用日期 2024-02-28 早于稿件日期 2024-03-01，请核对',
    ], 1),
    ("placement-future", "a.md", story(placement("outlet: 青州日报\ndate: 2999-01-01")),
     [
        'a.md:7: placements[1].date: 刊用日期 2999-01-01 晚于今天',
    ], 1),
    ("placement-level-disagrees", "a.md", story(placement("outlet: 青州日报\nlevel: 省级\ndate: 2024-03-02")),
     [
        'a.md:7: placements[1].level: “青州日报”在媒体名录中是市级，不是省级；请改正级别，或删去级别一项',
    ], 1),
    ("placement-level-unknown", "a.md", story(placement("outlet: 青州日报\nlevel: 乡镇级\ndate: 2024-03-02")),
     [
        'a.md:7: placements[1].level: 级别“乡镇级”无效，应为 national（中央级）、provincial（省级）、city（市级）、county（县级）',
    ], 1),
    ("placement-type-unknown", "a.md", story(placement("outlet: 青州日报\ntype: 漫画\ndate: 2024-03-02")),
     [
        'a.md:7: placements[1].type: 类型“漫画”无效，应为 text（文字）、photo（图片）、video（视频）、reprint（转载）',
    ], 1),
    ("placement-url-javascript", "a.md", story(placement("outlet: 青州日报\ndate: 2024-03-02\nurl: javascript:alert(1)")),
     [
        'a.md:8: placements[1].url: 链接应以 http:// 或 https:// 开头，不是“javascript:alert(1)”',
    ], 1),
    ("placement-url-unclosed-bracket", "a.md", story(placement("outlet: 青州日报\ndate: 2024-03-02\nurl: https://[::1")),
     [
        'a.md:8: placements[1].url: 链接“https://[::1”不是有效的网址，请从浏览器地址栏复制完整的网址',
    ], 1),
    ("placement-date-year-one", "a.md", story(placement("outlet: 青州日报\ndate: 0001-01-01 00:00:00+14:00")),
     [
        'a.md:7: placements[1].date: 应为 2024-03-15 或 2024-03-15 14:30 这样的日期，不是“0001-01-01 00:00:00+14:00”',
    ], 1),
    ("date-offset-over-a-day", "a.md", story().replace("date: 2024-03-01", "date: 2024-03-01 14:30 +99:00"),
     [
        'a.md:3: date: 应为 2024-03-15 或 2024-03-15 14:30 这样的日期，不是“2024-03-01 14:30 +99:00”',
    ], 1),
    ("placement-duplicate-outlet", "a.md", story(placement("outlet: 青州日报\ndate: 2024-03-02") + "  - outlet: 《青州日报》\n    date: 2024-03-03\n"),
     [
        'a.md:8: placements[2].outlet: 警告：“青州日报”已在第 1 条刊用记录中列出，同一媒体只计一次',
    ], 0),
    ("placement-pending-outlet", "a.md", story(placement("outlet: 学习强国江北学习平台\nlevel: 省级\ndate: 2024-03-02")),
     [
        'a.md:6: placements[1].outlet: 提示：媒体“学习强国江北学习平台”尚未列入媒体名录，待办公室核定级别后计分',
    ], 0),
    ("placement-unknown-key", "a.md", story(placement("outlet: 青州日报\ndate: 2024-03-02\npage: 头版")),
     [
        'a.md:8: placements[1].page: 警告：未知字段，已忽略',
    ], 0),
    ("yaml-colon-in-title", "a.md", story().replace("title: 安平县关工委召开2024年工作会议", "title: 工作会议召开: 部署全年任务"),
     [
        'a.md:2: title: YAML 格式错误：这一行有多余的英文冒号“:”。文字中含英文冒号时，请给整个值加英文双引号，或改用中文冒号“：”',
    ], 1),
    ("yaml-tab-indent", "a.md", story().replace("unit: 安平县关工委", "\tunit: 安平县关工委"),
     [
        'a.md:4: unit: 行首用了 Tab 键缩进，YAML 只认英文空格，无法确定 Tab 算几格：请删去这一行开头的 Tab，改用空格与上下行对齐',
    ], 1),
    ("yaml-unclosed-quote", "a.md", story().replace("title: 安平县关工委召开2024年工作会议", 'title: "工作会议召开'),
     [
        'a.md:2: title: YAML 格式错误：引号没有成对闭合，请检查这一行的引号',
    ], 1),
    ("yaml-quote-covers-part", "a.md", story().replace("title: 安平县关工委召开2024年工作会议", 'title: "安平县关工委"召开工作会议'),
     [
        'a.md:2: title: YAML 格式错误：这一行格式不对。引号要包住整个值，如 标题: "……"；缩进要与上下行一致',
    ], 1),
    ("yaml-unclosed-bracket", "a.md", story("tags: [五老宣讲, 助学\n"),
     [
        'a.md:5: tags: YAML 格式错误：方括号“[ ]”没有成对闭合',
    ], 1),
    ("yaml-value-starts-with-at", "a.md", story().replace("title: 安平县关工委召开2024年工作会议", "title: @安平县关工委 召开会议"),
     [
        'a.md:2: title: YAML 格式错误：值不能以“@”开头，请给整个值加英文双引号',
    ], 1),
    ("yaml-deep-nesting", "a.md", story("tags: " + "[" * 5000 + "]" * 5000 + "\n"),
     [
        'a.md:5: tags: YAML 嵌套超过 64 层，请检查方括号和花括号',
    ], 1),
    ("yaml-unsafe-tag", "a.md", story().replace("title: 安平县关工委召开2024年工作会议", 'title: !!python/object/apply:os.system ["echo"]'),
     [
        'a.md:2: title: 不允许使用 YAML 标签“!!python/object/apply:os.system”，请删去它，只写普通的文字、数字或日期',
    ], 1),
    ("yaml-anchor-alias", "a.md", story("summary: &s 摘要\ntags: [*s]\n"),
     [
        'a.md:5: summary: 不支持 YAML 锚点和引用（& 与 *），请把内容直接写出来',
    ], 1),
    ("yaml-not-mapping", "a.md", "---\n- 标题\n- 日期\n---\n\n正文\n",
     [
        'a.md:2: front-matter: 稿件信息应为“字段: 值”的形式，如 标题: 某某活动举行',
    ], 1),
    ("frontmatter-unclosed", "a.md", story().replace("---\n\n3月1日", "\n3月1日"),
     [
        'a.md:1: front-matter: 开头的“---”没有对应的结束行“---”，请在稿件信息之后单独一行写“---”',
    ], 1),
    ("frontmatter-missing", "a.md", "# 安平县关工委召开工作会议\n\n正文。\n",
     [
        'a.md:1: front-matter: 文件开头缺少“---”，稿件信息（标题、日期、单位等）应写在两行“---”之间',
    ], 1),
    ("not-utf8-gbk", "a.md", story().encode("gbk"),
     [
        'a.md:2: 编码: 文件不是 UTF-8 编码（可能是 GBK），请用记事本或 WPS“另存为”，编码选 UTF-8 后再提交',
    ], 1),
    ("too-large", "a.md", story() + "正" * 400_000,
     [
        'a.md:1: 文件: 文件有 1.2 MB，超过 1 MB 的上限；图片请另存为文件，不要粘贴进正文',
    ], 1),
    ("empty-body", "a.md", story().split("\n\n")[0] + "\n",
     [
        'a.md:2: 正文: 警告：正文为空，请在第二个“---”之后写正文',
    ], 0),
    ("url-collision", "2024-03-15-anping-wulao.md", story(),
     [
        'content/news/2024/sub/2024-03-15-anping-wulao.md:2: slug: 网址 /news/2024/03/2024-03-15-anping-wulao/ 与 content/news/2024/2024-03-15-anping-wulao.md 重复，请修改文件名或用 slug 另取网址名',
    ], 1),
    # Copies across story files: the fixture's 2024-03-15-anping-wulao.md records 青州日报 (头版,
    # 2024-03-18, https://www.qzrb.example.cn/2024/0318/1.html); its 2024-06-01 story is a draft.
    ("duplicate-placement-url", "a.md", story(placement(
        "outlet: 青州日报\ndate: 2024-03-18\nurl: HTTPS://WWW.QZRB.example.cn:443/2024/0318/1.html")),
     [
        'a.md:6: placements[1]: 与 content/news/2024/2024-03-15-anping-wulao.md 第 9 行的刊用记录重复（青州日报，HTTPS://WWW.QZRB.example.cn:443/2024/0318/1.html）：同一篇报道只能记录一次，请删去这一条',
    ], 1),
    ("duplicate-placement-other-unit", "a.md", story("刊用:\n  - 媒体: 《青州日报》\n    日期: 2024-03-18\n"
                                                     "    链接: http://www.qzrb.example.cn/2024/0318/1.html/\n"
                                                     ).replace("unit: 安平县关工委", "unit: 临河区关工委"),
     [
        'a.md:6: 刊用[1]: 与 content/news/2024/2024-03-15-anping-wulao.md 第 9 行的刊用记录重复（青州日报，http://www.qzrb.example.cn/2024/0318/1.html/）：同一篇报道只能记录一次，请删去这一条；两篇稿件分属安平县关工委和临河区关工委，如是合作完成的同一篇报道，请合为一篇稿件，把另一单位写入联合单位，再删去另一篇',
    ], 1),
    # Same outlet, day and section, but a URL on one only: maybe two articles, so no error.
    ("placement-url-on-one-only", "a.md", story(placement("outlet: 青州日报\ndate: 2024-03-18\nsection: 头版")),
     [], 0),
    # What a Chinese input method slips into front-matter: each read as meant with one warning naming
    # the line and the character, or refused at its line naming the character (issue: never silently
    # another value). A full-width colon after an unknown key cannot be told from text: refused.
    ("ime-colon-after-key", "a.md", story().replace("title: 安平", "title：安平"),
     [
        'a.md:2: title: 警告：“title”后用了中文冒号“：”，已按英文冒号“:”读取；请改为英文冒号加空格，如 title: …',
    ], 0),
    ("ime-colon-after-chinese-key", "a.md", story().replace("title: 安平", "标题：安平"),
     [
        'a.md:2: 标题: 警告：“标题”后用了中文冒号“：”，已按英文冒号“:”读取；请改为英文冒号加空格，如 标题: …',
    ], 0),
    ("ime-colon-in-placement", "a.md", story(placement("outlet: 青州日报\nlevel：市级\ndate: 2024-03-05")),
     [
        'a.md:7: level: 警告：“level”后用了中文冒号“：”，已按英文冒号“:”读取；请改为英文冒号加空格，如 level: …',
    ], 0),
    ("ime-colon-after-unknown-key", "a.md", story("作着：张明\n"),
     [
        'a.md:5: 作着: “作着”后用了中文冒号“：”，字段名后应为英文冒号加空格；而且没有“作着”这个字段',
    ], 1),
    # A text's key alone on its line: the lines under it are its value, whatever colon they hold.
    ("ime-summary-under-its-key", "a.md", story("摘要:\n  日期：六月十日前完成报名\n"), [], 0),
    ("ime-summary-colon-under-its-key", "a.md", story("摘要:\n  时间：上午九点\n  地点: 会议室\n"),
     [
        'a.md:7: 地点: YAML 格式错误：这一行有多余的英文冒号“:”。文字中含英文冒号时，请给整个值加英文双引号，或改用中文冒号“：”',
    ], 1),
    ("ime-colon-missing-space", "a.md", story().replace("date: 2024-03-01", "date:2024-03-01"),
     [
        'a.md:3: date: 警告：“date:”后缺少空格，已按“date: 2024-03-01”读取；英文冒号后请加一个空格',
    ], 0),
    ("ime-full-width-space-after-colon", "a.md", story().replace("unit: 安平", "unit:\u3000安平"),
     [
        'a.md:4: unit: 警告：“unit:”后用了全角空格（U+3000），已按英文空格读取；冒号后请用英文空格',
    ], 0),
    ("ime-no-break-space-after-colon", "a.md", story().replace("unit: 安平", "unit:\u00a0安平"),
     [
        'a.md:4: unit: 警告：“unit:”后用了不间断空格（U+00A0），已按英文空格读取；冒号后请用英文空格',
    ], 0),
    ("ime-full-width-space-indent", "a.md", story("placements:\n\u3000- outlet: 青州日报\n\u3000  date: 2024-03-05\n"),
     [
        'a.md:6: outlet: 警告：行首缩进用了全角空格（U+3000），已按英文空格读取（全角空格算两格）；缩进请只用英文空格',
        'a.md:7: date: 警告：行首缩进用了全角空格（U+3000），已按英文空格读取（全角空格算两格）；缩进请只用英文空格',
    ], 0),
    ("ime-no-break-space-indent", "a.md", story("placements:\n  - outlet: 青州日报\n\u00a0\u00a0\u00a0\u00a0date: 2024-03-05\n"),
     [
        'a.md:7: date: 警告：行首缩进用了不间断空格（U+00A0），已按英文空格读取；缩进请只用英文空格',
    ], 0),
    ("ime-tab-before-dash", "a.md", story("placements:\n\t- outlet: 青州日报\n\t  date: 2024-03-05\n"),
     [
        'a.md:6: outlet: 行首用了 Tab 键缩进，YAML 只认英文空格，无法确定 Tab 算几格：请删去这一行开头的 Tab，改用空格与上下行对齐',
    ], 1),
    ("ime-full-width-dash", "a.md", story("tags:\n  － 五老宣讲\n  － 助学\n"),
     [
        'a.md:6: tags: 警告：列表项的全角减号“－”已按英文“- ”读取；列表每一项请以英文短横线加空格“- ”开头',
        'a.md:7: tags: 警告：列表项的全角减号“－”已按英文“- ”读取；列表每一项请以英文短横线加空格“- ”开头',
    ], 0),
    ("ime-authors-full-width-comma", "a.md", story("作者: [张明，李红]\n"),
     [
        'a.md:5: 作者: 警告：“张明，李红”用中文逗号“，”隔开，含 2 位作者，已拆分为张明、李红；多位作者请写成列表，每人一项，如 作者: [张明, 李红]',
    ], 0),
    ("ime-authors-space", "a.md", story("作者: 张明 李红\n"),
     [
        'a.md:5: 作者: 警告：“张明 李红”用空格隔开，含 2 位作者，已拆分为张明、李红；多位作者请写成列表，每人一项，如 作者: [张明, 李红]',
    ], 0),
    ("ime-authors-lenticular", "a.md", story("作者: 【张明，李红】\n"),
     [
        'a.md:5: 作者: 警告：“【张明，李红】”两边的方括号“【】”已去掉；作者的列表请用英文方括号 [ ]',
        'a.md:5: 作者: 警告：“张明，李红”用中文逗号“，”隔开，含 2 位作者，已拆分为张明、李红；多位作者请写成列表，每人一项，如 作者: [张明, 李红]',
    ], 0),
    ("ime-tags-full-width-comma", "a.md", story("标签: [五老宣讲，红色教育]\n"),
     [
        'a.md:5: 标签: 警告：“五老宣讲，红色教育”中有中文逗号“，”，已按 2 项读取：[五老宣讲, 红色教育]；多项请写成英文方括号、英文逗号分隔的列表，如 标签: [五老宣讲, 红色教育]',
    ], 0),
    ("ime-tags-dun", "a.md", story("标签: 五老宣讲、红色教育\n"),
     [
        'a.md:5: 标签: 警告：“五老宣讲、红色教育”中有顿号“、”，已按 2 项读取：[五老宣讲, 红色教育]；多项请写成英文方括号、英文逗号分隔的列表，如 标签: [五老宣讲, 红色教育]',
    ], 0),
    ("ime-tags-semicolon", "a.md", story("标签: [五老宣讲；红色教育]\n"),
     [
        'a.md:5: 标签: 警告：“五老宣讲；红色教育”中有中文分号“；”，已按 2 项读取：[五老宣讲, 红色教育]；多项请写成英文方括号、英文逗号分隔的列表，如 标签: [五老宣讲, 红色教育]',
    ], 0),
    ("ime-tags-lenticular", "a.md", story("标签: 【五老宣讲，红色教育】\n"),
     [
        'a.md:5: 标签: 警告：“【五老宣讲，红色教育】”中有方括号“【】”、中文逗号“，”，已按 2 项读取：[五老宣讲, 红色教育]；多项请写成英文方括号、英文逗号分隔的列表，如 标签: [五老宣讲, 红色教育]',
    ], 0),
    ("ime-tags-full-width-square", "a.md", story("标签: ［五老宣讲，红色教育］\n"),
     [
        'a.md:5: 标签: 警告：“［五老宣讲，红色教育］”中有方括号“［］”、中文逗号“，”，已按 2 项读取：[五老宣讲, 红色教育]；多项请写成英文方括号、英文逗号分隔的列表，如 标签: [五老宣讲, 红色教育]',
    ], 0),
    ("ime-co-units-dun", "a.md", story("联合单位: 临河区关工委、市教育局关工委\n"),
     [
        'a.md:5: 联合单位: 警告：“临河区关工委、市教育局关工委”中有顿号“、”，已按 2 项读取：[临河区关工委, 市教育局关工委]；多项请写成英文方括号、英文逗号分隔的列表，如 联合单位: [临河区关工委, 市教育局关工委]',
    ], 0),
    ("ime-outlet-word-quotes", "a.md", story(placement("outlet: “青州日报”\ndate: 2024-03-05")),
     [
        'a.md:6: placements[1].outlet: 警告：值两边的中文引号“”已去掉，按“青州日报”读取；这里不必加引号（YAML 只认英文引号 "）',
    ], 0),
    ("ime-unit-single-quotes", "a.md", story().replace("unit: 安平县关工委", "unit: ‘安平县关工委’"),
     [
        'a.md:4: unit: 警告：值两边的中文单引号‘’已去掉，按“安平县关工委”读取；这里不必加引号（YAML 只认英文引号 "）',
    ], 0),
    ("ime-date-word-quotes", "a.md", story().replace("date: 2024-03-01", "date: “2024-03-01”"),
     [
        'a.md:3: date: 警告：值两边的中文引号“”已去掉，按“2024-03-01”读取；这里不必加引号（YAML 只认英文引号 "）',
    ], 0),
    ("ime-date-full-width", "a.md", story().replace("date: 2024-03-01", "date: ２０２４－０３－０１"),
     [
        'a.md:3: date: 警告：日期“２０２４－０３－０１”中有全角数字、全角符号“－”，已按 2024-03-01 读取；日期请用英文输入法写成 2024-03-15 这样的格式',
    ], 0),
    ("ime-tags-quoted-items", "a.md", story("标签: [“五老宣讲”, “助学”]\n"),
     [
        'a.md:5: 标签: 警告：各项两边的中文引号“”已去掉，按 [五老宣讲, 助学] 读取；这里不必加引号（YAML 只认英文引号 "）',
    ], 0),
    # Word's quotes around a list typed on one line, or around each of its items: the items as meant.
    ("ime-tags-quoted-whole", "a.md", story("标签: “五老宣讲，红色教育”\n"),
     [
        'a.md:5: 标签: 警告：““五老宣讲，红色教育””中有中文逗号“，”、中文引号“”，已按 2 项读取：[五老宣讲, 红色教育]；多项请写成英文方括号、英文逗号分隔的列表，如 标签: [五老宣讲, 红色教育]',
    ], 0),
    ("ime-co-units-quoted-item", "a.md", story("联合单位: [“临河区关工委”，市教育局关工委]\n"),
     [
        'a.md:5: 联合单位: 警告：““临河区关工委”，市教育局关工委”中有中文逗号“，”、中文引号“”，已按 2 项读取：[临河区关工委, 市教育局关工委]；多项请写成英文方括号、英文逗号分隔的列表，如 联合单位: [临河区关工委, 市教育局关工委]',
    ], 0),
    ("ime-tags-empty-brackets", "a.md", story("标签: 【 ，】\n"),
     [
        'a.md:5: 标签: 警告：“【 ，】”中有方括号“【】”、中文逗号“，”，已按 0 项读取：[]；多项请写成英文方括号、英文逗号分隔的列表，如 标签: []',
    ], 0),
    ("ime-authors-role-item", "a.md", story("作者:\n  - 通讯员：张明\n"),
     [
        'a.md:6: 作者: 警告：“通讯员：张明”中的“通讯员”不是姓名，已略去；作者只写姓名，如 作者: [张明]',
    ], 0),
    ("ime-authors-quoted-each", "a.md", story("作者: “张明”，“李红”\n"),
     [
        'a.md:5: 作者: 警告：“张明，李红”用中文逗号“，”隔开，含 2 位作者，已拆分为张明、李红；多位作者请写成列表，每人一项，如 作者: [张明, 李红]',
        'a.md:5: 作者: 警告：值两边的中文引号“”已去掉，按“张明，李红”读取；这里不必加引号（YAML 只认英文引号 "）',
    ], 0),
    # A theme key's value typed with a Chinese input method is refused, naming what was typed.
    ("ime-hide-full-width-comma", "a.md", story("hide: [toc，footer]\n"),
     [
        "a.md:5: hide: 应为要隐藏的部分组成的列表，可选 navigation、toc、footer、path、tags、feedback，如 [toc]，"
        "不是“['toc，footer']”（其中的中文逗号“，”请用英文输入法输入）",
    ], 1),
    ("ime-search-full-width-colon", "a.md", story("search: {exclude：true}\n"),
     [
        "a.md:5: search: 应写成 {exclude: true}（站内搜索不收录本页）或 {boost: 2}（0 到 10 之间的数字，提高排序），"
        "不是“{'exclude：true': None}”（其中的中文冒号“：”请用英文输入法输入）",
    ], 1),
    ("ime-title-quotes-kept", "a.md", story().replace("title: 安平县关工委召开2024年工作会议", "title: “五老”宣讲团走进城关小学"),
     [], 0),
    # A backslash makes `![` a `!` and a link; Python-Markdown escapes no `<`: `\<img>` is still a tag.
    ("body-escaped-image", "a.md", story() + "\\![说明](none.jpg) 是链接，不是图片。\n",
     [], 0),
    ("body-image-after-an-escaped-backslash", "a.md", story() + "\\\\![说明](none.jpg)\n",
     [
        'a.md:8: 正文: 找不到文件“none.jpg”（相对于稿件所在目录），请检查文件名和大小写',
    ], 1),
    ("body-image-tag-after-a-backslash", "a.md", story() + "\\<img src=\"none.jpg\">\n",
     [
        'a.md:8: 正文: 找不到文件“none.jpg”（相对于稿件所在目录），请检查文件名和大小写',
    ], 1),
    ("duplicate-story", "a.md", story().replace("安平县关工委召开2024年工作会议", "安平县五老宣讲团 走进城关小学").replace(
                                      "2024-03-01", "2024-03-15 09:00"),
     [
        'a.md:2: title: 与 content/news/2024/2024-03-15-anping-wulao.md 的标题、日期和单位相同（2024-03-15，安平县关工委），是同一篇稿件的两份副本，请删去其中一篇；如确是两篇不同的稿件，请修改标题加以区分',
    ], 1),
    ("copy-of-a-draft", "a.md", story().replace("安平县关工委召开2024年工作会议", "尚未完成的草稿").replace(
                                      "2024-03-01", "2024-06-01").replace("安平县关工委", "市教育局关工委"),
     [], 0),
]

UNITS = """\
groups:
  - id: county
    name: 县（市、区）关工委
  - id: department
    name: 市直单位关工委
units:
  - id: anping
    name: 安平县关工委
    group: county
    aliases: [安平关工委]
    targets:
      2024: 60
  - id: linhe
    name: 临河区关工委
    group: county
  - id: jiaoyu
    name: 市教育局关工委
    group: department
"""

OUTLETS = """\
outlets:
  - name: 中国火炬
    level: national
    aliases: [《中国火炬》]
  - name: 江北日报
    level: provincial
  - name: 青州日报
    level: city
    aliases: [《青州日报》]
  - name: 安平融媒
    level: county
"""

SCORING = """\
levels:
  national:   {name: 中央级, points: 10}
  provincial: {name: 省级,   points: 5}
  city:       {name: 市级,   points: 2}
  county:     {name: 县级,   points: 1}
types:
  text:    {name: 文字, factor: 1.0}
  photo:   {name: 图片, factor: 0.5}
rules:
  same_story: each
"""

# (id, file under content/_data/, its content (None: delete it), [expected lines], exit code)
REGISTRY = [
    ("unit-duplicate-id", "units.yml", UNITS.replace("id: linhe", "id: anping"),
     [
        'content/_data/units.yml:13: units.id: 单位 id“anping”重复（第 7 行已有）',
    ], 1),
    ("unit-unknown-group", "units.yml", UNITS.replace("group: department", "group: city"),
     [
        'content/_data/units.yml:18: units.group: 未定义的分组“city”，可用的分组有：county、department',
    ], 1),
    ("unit-group-a-list", "units.yml", UNITS.replace("group: department", "group: [department]"),
     [
        'content/_data/units.yml:18: units.group: 缺少分组，或写的不是一个分组 id（如 group: county），可用的分组有：county、department',
    ], 1),
    ("unit-id-not-ascii", "units.yml", UNITS.replace("id: linhe", "id: 临河"),
     [
        'content/_data/units.yml:13: units.id: 单位 id 应为小写英文字母、数字或连字符（用于网址），如 anping，不是“临河”',
    ], 1),
    ("unit-missing-name", "units.yml", UNITS.replace("    name: 临河区关工委\n", ""),
     [
        'content/_data/units.yml:13: units.name: 缺少单位名称，如 name: 安平县关工委',
    ], 1),
    ("unit-alias-of-two-units", "units.yml", UNITS.replace("    group: department", "    group: department\n    aliases: [安平关工委]"),
     [
        'content/_data/units.yml:19: units.aliases: 名称“安平关工委”已被单位“anping”（第 8 行）使用，不能重复',
    ], 1),
    ("unit-name-is-other-alias", "units.yml", UNITS.replace("name: 临河区关工委", "name: 安平关工委"),
     [
        'content/_data/units.yml:14: units.name: 名称“安平关工委”已被单位“anping”（第 8 行）使用，不能重复',
    ], 1),
    ("unit-target-zero", "units.yml", UNITS.replace("2024: 60", "2024: 0"),
     [
        'content/_data/units.yml:12: units.targets.2024: 宣传任务应为大于 0 的分值，不是“0”',
    ], 1),
    ("unit-target-text", "units.yml", UNITS.replace("2024: 60", "2024: 六十"),
     [
        'content/_data/units.yml:12: units.targets.2024: 宣传任务应为大于 0 的分值，不是“六十”',
    ], 1),
    ("unit-target-year", "units.yml", UNITS.replace("2024: 60", "今年: 60"),
     [
        'content/_data/units.yml:12: units.targets: “今年”不是年份，应写成 2024: 60',
    ], 1),
    ("unit-unknown-key", "units.yml", UNITS.replace("    group: department", "    group: department\n    target: 30"),
     [
        'content/_data/units.yml:19: units.target: 警告：未知字段，已忽略，是否为“targets”？',
    ], 0),
    ("unit-correspondents-not-list", "units.yml", UNITS + "    correspondents: 张明、李红\n",
     [
        'content/_data/units.yml:19: units.correspondents: 通讯员名单应为列表，每人一项，如 [张明, {name: 李红, aliases: [李小红]}]',
    ], 1),
    ("unit-correspondent-twice", "units.yml", UNITS + "    correspondents: [张明, 李红, 张　明]\n",
     [
        'content/_data/units.yml:19: units.correspondents: 警告：“张明”重复列出（第 19 行已有），只计一次',
    ], 0),
    ("unit-correspondent-alias-is-other-name", "units.yml",
     UNITS + "    correspondents:\n      - 张明\n      - {name: 李红, aliases: [李小红, 张明]}\n",
     [
        'content/_data/units.yml:21: units.correspondents.aliases: “李红”的别名“张明”是本单位另一位通讯员的姓名（第 20 行），一个名字只能指一个人',
    ], 1),
    ("group-duplicate-id", "units.yml", UNITS.replace("id: department", "id: county"),
     [
        'content/_data/units.yml:4: groups.id: 分组 id“county”重复（第 2 行已有）',
        'content/_data/units.yml:18: units.group: 未定义的分组“department”，可用的分组有：county',
    ], 1),
    ("units-missing", "units.yml", None,
     [
        'content/_data/units.yml:1: 文件: 缺少单位名录 units.yml，请按《名录与任务维护》建立',
    ], 1),
    ("units-not-list", "units.yml", "groups:\n  - id: county\n    name: 县\nunits: 安平县关工委\n",
     [
        'content/_data/units.yml:4: units: “units”应为列表，每一项以“- ”开头',
    ], 1),
    ("units-yaml-error", "units.yml", UNITS.replace("    group: county\n    aliases", "    group: county\n   aliases"),
     [
        'content/_data/units.yml:10: aliases: YAML 格式错误：缩进不一致，请检查这一行与上下行的缩进（同一层用相同数量的空格）',
    ], 1),
    ("outlet-unknown-level", "outlets.yml", OUTLETS.replace("level: county", "level: 乡镇级"),
     [
        'content/_data/outlets.yml:11: outlets.level: 媒体“安平融媒”的级别“乡镇级”无效，应为 national（中央级）、provincial（省级）、city（市级）、county（县级）',
    ], 1),
    ("outlet-alias-of-two", "outlets.yml", OUTLETS.replace("level: provincial", "level: provincial\n    aliases: [《中国火炬》]"),
     [
        'content/_data/outlets.yml:7: outlets.aliases: 名称“《中国火炬》”已指向媒体“中国火炬”（第 2 行），一个名称只能指向一家媒体',
    ], 1),
    ("outlet-duplicate-name", "outlets.yml", OUTLETS.replace("name: 安平融媒", "name: 江北日报"),
     [
        'content/_data/outlets.yml:10: outlets.name: 名称“江北日报”已指向媒体“江北日报”（第 5 行），一个名称只能指向一家媒体',
    ], 1),
    ("outlet-missing-name", "outlets.yml", OUTLETS.replace("  - name: 安平融媒\n", "  - aliases: [安平融媒]\n"),
     [
        'content/_data/outlets.yml:10: outlets.name: 缺少媒体名称，如 name: 青州日报',
    ], 1),
    ("scoring-same-story", "scoring.yml", SCORING.replace("same_story: each", "same_story: best"),
     [
        'content/_data/scoring.yml:10: rules.same_story: 应为 each（每家媒体都计分）或 highest（只计得分最高的一家），不是“best”',
    ], 1),
    ("scoring-year-start-month", "scoring.yml", SCORING + "  year_start_month: 13\n",
     [
        'content/_data/scoring.yml:11: rules.year_start_month: 应为 1 到 12 之间的整数（月份）',
    ], 1),
    ("scoring-negative-points", "scoring.yml", SCORING.replace("points: 5}", "points: -5}"),
     [
        'content/_data/scoring.yml:3: levels.provincial.points: 分值应为不小于 0 的数字',
    ], 1),
    ("scoring-no-text-type", "scoring.yml", SCORING.replace("  text:    {name: 文字, factor: 1.0}\n", ""),
     [
        'content/_data/scoring.yml:6: types: 缺少默认类型 text（文字稿），刊用记录不写类型时按它计分',
    ], 1),
    ("scoring-section-factor", "scoring.yml", SCORING + "sections:\n  头版: 0\n",
     [
        'content/_data/scoring.yml:12: sections.头版: 系数应为大于 0 的数字',
    ], 1),
]
