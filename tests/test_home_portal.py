"""The portal's home page, 专题专栏 and the institutional footer, in real builds of a fixture site and of
the sample: no story twice on the home page, 头条 with its photo, 图片新闻 only with covers, 通知公告 dated
MM-DD, topic pages, 友情链接 and footer lines only when configured and escaped, bad options refused."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from conftest import FIXTURES, built_copy, run_mkdocs_build
from imaging import phone_photo

CATEGORIES = ["工作动态", "基层风采", "五老风采", "媒体聚焦", "通知公告"]
# A story's link as a reader follows it (a photo's own link, hidden from screen readers, is not counted).
STORY_LINK = re.compile(r'<a href="(news/\d{4}/\d\d/[^"/]+/)"')

OPTIONS = """  - gwsite:
      topics:
        - id: xuanjiang
          title: 五老宣讲进校园
          banner: images/banner.jpg
          description: 五老走进校园<b>讲故事</b>
          tag: 五老宣讲
        - id: picked
          title: 精选稿件
          banner: images/banner.jpg
          stories: [news/2024/gen-003.md, news/2024/gen-010.md]
      friend_links:
        - 中国关心下一代工作委员会: https://www.ggw.example.gov.cn/
        - <script>alert(1)</script>: https://www.example.cn/?a=1&b=2
      footer:
        sponsor: 青州市关工委<script>alert(1)</script>
        phone: 0536-3200000
        icp: 鲁ICP备12345678号-1
        police: 鲁公网安备37078102000123号
"""


def write_stories(content: Path, count: int) -> None:
    """`count` stories, one a day from 2024-01-01, cycling categories; every third with a cover,
    every fourth tagged 五老宣讲; story 7 pinned without a cover."""
    (content / "images").mkdir(exist_ok=True)
    phone_photo(content / "images/cover.jpg", (640, 480))
    phone_photo(content / "images/banner.jpg", (1200, 300))
    for i in range(count):
        extra = "cover: ../../images/cover.jpg\n" if i % 3 == 0 else ""
        extra += "pinned: true\n" if i == 7 else ""
        tags = "[五老宣讲]" if i % 4 == 0 else "[助学]"
        (content / "news/2024" / f"gen-{i:03}.md").write_text(
            f"---\ntitle: 第{i:03}号稿件\ndate: 2024-07-{1 + i:02d}\nunit: 安平县关工委\n"
            f"category: {CATEGORIES[i % 5]}\ntags: {tags}\nsummary: 第{i:03}号稿件的摘要。\n{extra}---\n\n第{i:03}号稿件的正文。\n",
            encoding="utf-8",
        )


def configure(site: Path, options: str = OPTIONS) -> None:
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - gwsite\n", options), encoding="utf-8")


@pytest.fixture(scope="module")
def home_site(tmp_path_factory) -> Path:
    def prepare(site: Path) -> None:
        write_stories(site / "content", 25)
        configure(site)
    return built_copy(tmp_path_factory.mktemp("home"), "basic", prepare) / "site"


def main_blocks(html: str) -> str:
    """The home page's story blocks: from 头条 to the ranking box beside the categories."""
    return html[html.index('class="gw-home"'):html.index('class="gw-home__side"')]


def section(html: str, marker: str) -> str:
    start = html.index(marker)
    return html[start:html.index("</section>", start)]


def test_no_story_is_shown_twice_on_the_home_page(home_site):
    html = (home_site / "index.html").read_text(encoding="utf-8")
    links = Counter(STORY_LINK.findall(main_blocks(html)))
    assert [link for link, count in links.items() if count > 1] == []
    # The 27 stories (25 and the fixture's two) all fit: 头条, six photos, three notices, the rest in the blocks.
    assert len(links) == 27


def test_lead_story_is_the_pinned_one_with_its_photo(home_site):
    html = (home_site / "index.html").read_text(encoding="utf-8")
    lead = section(html, 'class="gw-lead')
    # Story 7 is pinned but has no cover: the 头条 is the newest story with a cover (24).
    assert "第024号稿件" in lead and "第024号稿件的摘要。" in lead and "2024年7月25日" in lead
    img = re.search(r"<img [^>]*>", lead).group()
    assert 'width="' in img and 'height="' in img and 'fetchpriority="high"' in img


def test_photo_news_holds_only_stories_with_covers(home_site):
    html = (home_site / "index.html").read_text(encoding="utf-8")
    photos = section(html, 'class="gw-photos"')
    titles = re.findall(r"第(\d{3})号稿件", photos)
    assert titles == ["021", "018", "015", "012", "009", "006"]
    assert all(int(n) % 3 == 0 for n in titles)
    assert photos.count("<img ") == 6 and len(re.findall(r'<img [^>]*width="\d+" height="\d+"', photos)) == 6


def test_notices_are_titles_with_month_and_day(home_site):
    html = (home_site / "index.html").read_text(encoding="utf-8")
    notices = section(html, 'class="gw-notices"')
    assert '<a href="news/notices/">通知公告</a>' in notices
    dated = re.findall(r'<a href="[^"]+">第(\d{3})号稿件</a>'
                       r'<time datetime="2024-07-(\d\d)T00:00:00\+08:00">07-(\d\d)</time>', notices)
    # Notices are every fifth story (4, 9, …); 9 and 24 are already shown above (图片新闻, 头条).
    assert [n for n, _, _ in dated] == ["019", "014", "004"]
    assert all(day == shown for _, day, shown in dated)


def test_home_has_no_search_form_no_pills_and_a_hidden_site_name(home_site):
    html = (home_site / "index.html").read_text(encoding="utf-8")
    home = html[html.index('class="gw-home"'):]
    assert "gw-quick" not in html and "gw-home__search" not in html and 'role="search"' not in home
    assert '<h1 class="gw-visually-hidden">测试关工委</h1>' in home
    assert "宣传排名前五" in home


def test_topic_pages_and_banners(home_site):
    # 五老宣讲: stories 0, 4, … 24 and the fixture's own 2024-03-15 story.
    home = (home_site / "index.html").read_text(encoding="utf-8")
    topics = section(home, 'class="gw-topics"')
    assert re.findall(r'<a href="(topics/[^"]*)">', topics) == ["topics/", "topics/xuanjiang/", "topics/picked/"]
    assert len(re.findall(r'<img [^>]*width="\d+" height="\d+"', topics)) == 2
    page = (home_site / "topics/xuanjiang/index.html").read_text(encoding="utf-8")
    assert "<h1>五老宣讲进校园</h1>" in page and "五老走进校园&lt;b&gt;讲故事&lt;/b&gt;" in page
    assert re.findall(r"第(\d{3})号稿件</a></h2>", page) == ["024", "020", "016", "012", "008", "004", "000"]
    assert re.search(r'class="gw-topic__banner"><picture>.*?<img [^>]*width="\d+" height="\d+"', page)
    # A banner is shown through its renditions: the photo is not published a second time at its own path.
    assert not (home_site / "images/banner.jpg").exists()
    picked = (home_site / "topics/picked/index.html").read_text(encoding="utf-8")
    assert re.findall(r"第(\d{3})号稿件</a></h2>", picked) == ["010", "003"]
    index = (home_site / "topics/index.html").read_text(encoding="utf-8")
    assert "五老宣讲进校园" in index and "精选稿件" in index and "共 8 篇" in index and "共 2 篇" in index


def test_friend_links_and_footer_lines_escaped(home_site):
    home = (home_site / "index.html").read_text(encoding="utf-8")
    friends = home[home.index('class="gw-friends"'):home.index("</nav>", home.index('class="gw-friends"'))]
    assert re.findall(r'<a href="([^"]+)" rel="noopener">([^<]+)</a>', friends) == [
        ("https://www.ggw.example.gov.cn/", "中国关心下一代工作委员会"),
        ("https://www.example.cn/?a=1&amp;b=2", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ]
    for page in ("index.html", "news/index.html", "topics/xuanjiang/index.html"):
        html = (home_site / page).read_text(encoding="utf-8")
        org = html[html.index('class="md-grid gw-footer__org"'):html.index("</div>", html.index("gw-footer__org"))]
        assert re.findall(r'<p class="gw-footer__line">(.*?)</p>', org) == [
            "主办单位：青州市关工委&lt;script&gt;alert(1)&lt;/script&gt;",
            "电话：0536-3200000",
            'ICP备案号：<a href="https://beian.miit.gov.cn/" rel="noopener">鲁ICP备12345678号-1</a>',
            '公安备案号：<a href="https://beian.mps.gov.cn/#/query/webSearch?code=37078102000123" rel="noopener">'
            "鲁公网安备37078102000123号</a>",
        ], page
        assert "<script>alert" not in html


def test_without_options_no_topics_friend_links_or_footer_lines(tmp_path):
    site = built_copy(tmp_path, "basic", lambda site: write_stories(site / "content", 8)) / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "gw-friends" not in home and "友情链接" not in home and "gw-topics" not in home
    assert "gw-footer__org" not in home and "备案号" not in home
    assert not (site / "topics").exists()
    assert 'class="gw-lead' in home and 'class="gw-photos"' in home


@pytest.mark.parametrize(("options", "message"), [
    (OPTIONS.replace("banner: images/banner.jpg\n          desc", "banner: images/missing.jpg\n          desc"),
     "mkdocs.yml 中 gwsite 的 topics：专题“xuanjiang”的 banner images/missing.jpg 不是 docs_dir 中的图片文件"),
    (OPTIONS.replace("banner: images/banner.jpg\n          desc", "banner: images/fake.jpg\n          desc"),
     "mkdocs.yml 中 gwsite 的 topics：专题“xuanjiang”的 banner images/fake.jpg 无法使用："),
    (OPTIONS.replace("news/2024/gen-010.md", "news/2024/gen-099.md"),
     "mkdocs.yml 中 gwsite 的 topics：专题“picked”的 stories 中的 news/2024/gen-099.md 不是 docs_dir 中的稿件"),
    (OPTIONS.replace("https://www.ggw.example.gov.cn/", "javascript:alert(1)"),
     "friend_links 中“中国关心下一代工作委员会”的地址应为 http:// 或 https:// 开头的网址"),
    (OPTIONS.replace("鲁ICP备12345678号-1", "12345678"), "footer 的 icp 应为ICP备案号，如 鲁ICP备12345678号-1"),
    (OPTIONS.replace("          tag: 五老宣讲\n", ""), "专题“xuanjiang”应写 tag（一个标签，收录带这个标签的稿件）或 stories"),
    ("  - gwsite:\n      notices: gonggao\n",
     "notices 应为 categories 中某个栏目的 id（work、grassroots、elders、media、notices），不是 “gonggao”"),
    ("  - gwsite:\n      notices: 3\n", "notices 应为 categories 中某个栏目的 id，如 notices，不是 3"),
], ids=["banner-missing", "banner-not-a-photo", "story-missing", "bad-address", "bad-icp", "no-tag-nor-stories", "unknown-notices",
        "notices-number"])
def test_bad_portal_options_are_refused(tmp_path, options, message):
    site = tmp_path / "basic"
    shutil.copytree(FIXTURES / "basic", site)
    write_stories(site / "content", 12)
    (site / "content/images/fake.jpg").write_text("<html>不是照片</html>", encoding="utf-8")
    configure(site, options)
    result = run_mkdocs_build(site)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_sample_home_shows_each_story_once(sample_portal):
    built = sample_portal / "site"
    html = (built / "index.html").read_text(encoding="utf-8")
    links = Counter(STORY_LINK.findall(main_blocks(html)))
    assert links and max(links.values()) == 1
    assert re.search(r'class="gw-lead gw-lead--cover".*?<img [^>]*width="\d+" height="\d+"', html, re.S)
    assert (built / "topics/wulao-xuanjiang/index.html").is_file()
    assert (built / "topics/fazhi-huhang/index.html").is_file()
    assert "友情链接" in html and "ICP备案号" in html


def test_a_topic_gathering_no_story_is_a_warning_and_no_banner(tmp_path):
    """A misspelt tag gathers nothing: the office is told, and readers see no banner to an empty page."""
    options = OPTIONS.replace("          tag: 五老宣讲\n", "          tag: 五老宣讲活动\n")
    site = tmp_path / "basic"
    shutil.copytree(FIXTURES / "basic", site)
    write_stories(site / "content", 12)
    configure(site, options)
    warning = "mkdocs.yml 中 gwsite 的 topics：专题“xuanjiang”没有收录任何稿件：没有已发布的稿件带标签“五老宣讲活动”；首页不显示这个专题"
    strict = run_mkdocs_build(site)
    assert strict.returncode == 1 and warning in strict.stderr
    result = run_mkdocs_build(site, strict=False)
    assert result.returncode == 0 and warning in result.stderr
    home = (site / "site/index.html").read_text(encoding="utf-8")
    assert re.findall(r'<a href="(topics/[^"]*)">', section(home, 'class="gw-topics"')) == ["topics/", "topics/picked/"]
    assert "本专题暂无稿件" in (site / "site/topics/xuanjiang/index.html").read_text(encoding="utf-8")


def test_a_page_of_content_where_a_generated_page_goes_is_an_error_not_lost(tmp_path):
    """The office's own content/topics/index.md (or ranking.md) would be replaced by gwsite's page
    of the same address and never published: the build names it instead."""
    site = tmp_path / "basic"
    shutil.copytree(FIXTURES / "basic", site)
    write_stories(site / "content", 12)
    configure(site)
    (site / "content/topics/picked").mkdir(parents=True)
    (site / "content/topics/picked/index.md").write_text("# 精选\n\n办公室自己写的专题页。\n", encoding="utf-8")
    (site / "content/ranking.md").write_text("# 排名说明\n\n说明。\n", encoding="utf-8")
    result = run_mkdocs_build(site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("content/topics/picked/index.md:1: 文件: 与网站自动生成的页面“精选稿件”发布在同一网址（topics/picked/），"
            "会被它取代而不会发布；请改名或移到别的文件夹") in result.stderr
    assert "content/ranking.md:1: 文件: 与网站自动生成的页面“宣传排名”发布在同一网址（ranking/）" in result.stderr
    assert "2 处错误（2 个文件）" in result.stderr and not (site / "site").exists()
