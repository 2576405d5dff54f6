"""Chinese site search: what Pagefind indexes, the search page, and a real browser finding a story."""

from __future__ import annotations

import re
import sys
import urllib.parse

import pytest

from browsing import AXE, serve
from conftest import REPO, Page, built_copy, run_mkdocs_build, search_documents

sys.path.insert(0, str(REPO / "benchmarks"))
from synth import generate  # noqa: E402

ANPING = "/news/2024/03/2024-03-15-anping-wulao/"
LINHE = "/news/2024/05/2024-05-20-linhe-xuezi/"


@pytest.fixture(scope="module")
def basic_site(tmp_path_factory):
    return built_copy(tmp_path_factory.mktemp("search"), "basic") / "site"


def test_every_published_story_is_indexed_and_nothing_else(basic_site):
    documents = search_documents(basic_site)
    # Listings, ranking and unit pages would repeat the stories' titles: only stories are indexed.
    assert set(documents) == {ANPING, LINHE}
    anping = documents[ANPING]
    assert anping["meta"]["title"] == "安平县五老宣讲团走进城关小学"
    assert anping["meta"]["日期"] == "2024年3月15日"
    assert "老党员王建国讲述了抗战时期的家乡往事" in anping["text"]
    assert "青州日报" in anping["text"]  # the outlets that ran it can be searched for
    # Breadcrumbs and the neighbours' titles are not part of a story's text.
    assert "首页" not in anping["text"] and "上一篇" not in anping["text"]
    # Chinese text is indexed as overlapping two-character grams (王建 建国), not cut into words.
    assert "x738bx5efa x5efax56fd" in anping["content"] and "\u200b" not in anping["content"]


def test_search_page_loads_the_self_hosted_bundle(basic_site):
    page = Page(basic_site / "search/index.html")
    assert page.h1 == ["站内搜索"]
    assert '<script type="module">' in page.html and 'pagefind.js' in page.html
    # The page shows results itself: none of Pagefind's UIs is shipped.
    assert not list((basic_site / "pagefind").rglob("pagefind-ui.*"))
    shards = sorted(p.parent.name for p in (basic_site / "pagefind").glob("*/pagefind-entry.json"))
    assert shards and all((basic_site / "pagefind" / shard / "pagefind.js").is_file() for shard in shards)
    for shard in shards:  # each shard is named in the page, newest first
        assert f'"{shard}"' in page.html
    assert '<p class="gw-search__scope"' not in page.html  # a small site is searched whole, with no scope to choose
    home = Page(basic_site / "index.html")
    assert "gw-home__search" not in home.html  # one search box, the header's
    # The header's search box: a form to the search page, on every page, without a script.
    assert '<form class="gw-header-search" role="search" aria-label="全站搜索" action="search/">' in home.html


def test_search_can_be_turned_off(make_site, build):
    site = make_site()
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - gwsite", "  - gwsite:\n      search: false"),
                      encoding="utf-8")
    assert build(site).returncode == 0
    assert not (site / "site/pagefind").exists()
    assert not (site / "site/search").exists()
    home = Page(site / "site/index.html")
    assert "gw-home__search" not in home.html and "gw-header-search" not in home.html


@pytest.mark.parametrize("forked", [False, True], ids=["one-process", "forked-renderers"])
def test_gram_pages_are_made_as_the_stories_render_and_follow_an_edit(make_site, monkeypatch, forked):
    """Each story's gram page is made by the process that renders the story (`keep_gram_page`), so
    the index, started after rendering, only links it; an edited story gets a new one and the
    old one is pruned."""
    from conftest import build_in_process
    from gwsite.build import search
    from gwsite.plugin import rendering

    if forked:  # render on forked processes, as a first build of a big site does
        monkeypatch.setattr(rendering, "FORK_AT_LEAST", 1)
        monkeypatch.setattr(rendering.os, "cpu_count", lambda: 2)

    made_after_rendering = []
    original_start, original_gram_page = search.ShardedIndex.start, search.gram_page

    def start(index, shards):
        monkeypatch.setattr(search, "gram_page",
                            lambda page: made_after_rendering.append(page) or original_gram_page(page))
        try:
            original_start(index, shards)
        finally:
            monkeypatch.setattr(search, "gram_page", original_gram_page)

    monkeypatch.setattr(search.ShardedIndex, "start", start)
    site = make_site()
    gram_dir = site / ".cache/gwsite/search/build" / search.GRAM_PAGES
    build_in_process(site)
    assert made_after_rendering == []
    first = {path.name for path in gram_dir.glob("*.html")}
    assert len(first) == 2  # the two published stories; the draft is neither rendered nor indexed
    assert set(search_documents(site / "site")) == {ANPING, LINHE}

    story = site / "content/news/2024/2024-03-15-anping-wulao.md"
    story.write_text(story.read_text(encoding="utf-8").replace("家乡往事", "家乡旧事"), encoding="utf-8")
    build_in_process(site)
    assert made_after_rendering == []
    second = {path.name for path in gram_dir.glob("*.html")}
    assert len(second) == 2 and len(first & second) == 1  # the edited story's old gram page is gone
    assert not list(gram_dir.glob(".*"))  # no temporary file left behind
    assert "家乡旧事" in search_documents(site / "site")[ANPING]["text"]


def _results(page, term: str) -> list[str]:
    """The result links once the message speaks of `term` (the UI searches as one types)."""
    page.wait_for_function(
        """term => {
            const message = document.querySelector('.pagefind-ui__message');
            return message && message.textContent.includes(term) && !message.textContent.includes('正在搜索');
        }""",
        arg=term,
    )
    found = re.search(r"找到 (\d+) 篇", page.inner_text(".pagefind-ui__message"))
    shown = min(int(found.group(1)), 5) if found else 0  # the first five results, then "显示更多结果"
    # Results show one by one as their text arrives.
    page.wait_for_function("n => document.querySelectorAll('.pagefind-ui__result-link').length === n", arg=shown)
    return [urllib.parse.urlsplit(a.get_attribute("href")).path
            for a in page.query_selector_all(".pagefind-ui__result-link")]


@pytest.mark.parametrize("width, height", [(1280, 800), (375, 812)])
def test_a_chinese_word_finds_the_story_that_holds_it(basic_site, browser, width, height):
    with serve(basic_site) as origin, browser.new_context(viewport={"width": width, "height": height}) as context:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        # A navigation cancels the previous page's unfinished requests (Material's sitemap.xml): no failure.
        page.on("requestfailed", lambda request: request.failure == "net::ERR_ABORTED" or errors.append(request.url))
        page.goto(origin + LINHE)
        # The header's search box on a desktop; on a phone its button opens the search page.
        if width >= 960:
            page.fill(".gw-header-search input", "王建国")
            page.press(".gw-header-search input", "Enter")
        else:
            assert not page.is_visible(".gw-header-search input")
            page.click(".gw-header-search button")
            page.fill(".pagefind-ui__search-input", "王建国")
        page.wait_for_url(re.compile(r"/search/"))
        assert _results(page, "王建国") == [ANPING]
        assert "找到 1 篇" in page.inner_text(".pagefind-ui__message")

        page.fill(".pagefind-ui__search-input", "助学金")
        assert _results(page, "助学金") == [LINHE]
        page.fill(".pagefind-ui__search-input", "航天发射")
        assert _results(page, "航天发射") == []
        assert "没有找到" in page.inner_text(".pagefind-ui__message")

        page.fill(".pagefind-ui__search-input", "王建国")
        _results(page, "王建国")
        page.click(".pagefind-ui__result-link")
        page.wait_for_url(origin + ANPING)
        assert page.inner_text("h1") == "安平县五老宣讲团走进城关小学"
        assert errors == []


def _add_2023_story(site):
    (site / "content/news/2023").mkdir(parents=True)
    (site / "content/news/2023/2023-11-02-anping-jiangtang.md").write_text(
        "---\ntitle: 安平县关工委举办家风讲堂\ndate: 2023-11-02\nunit: 安平县关工委\ncategory: 工作动态\n---\n\n"
        "老党员王建国在家风讲堂上讲述勤俭持家的故事。\n", encoding="utf-8")


def test_each_year_is_a_shard_and_the_search_page_merges_them(tmp_path, browser):
    """A story of 2023 lands in its own shard; one query finds stories of both years."""
    site = built_copy(tmp_path, "basic", prepare=_add_2023_story) / "site"
    assert sorted(p.parent.name for p in (site / "pagefind").glob("*/pagefind-entry.json")) == ["2023", "2024"]
    older = "/news/2023/11/2023-11-02-anping-jiangtang/"
    assert set(search_documents(site)) == {ANPING, LINHE, older}
    with serve(site) as origin, browser.new_context(viewport={"width": 1280, "height": 800}) as context:
        page = context.new_page()
        page.goto(origin + "/search/?q=王建国")
        assert sorted(_results(page, "王建国")) == sorted([ANPING, older])


def _mark_two_years(site):
    """Words no other story holds: one in the oldest published story of 2021 and the newest of
    2025, one in that story of 2021 alone."""
    marked = {}
    for year, pick in (("2021", 0), ("2025", -1)):
        story = [path for path in sorted((site / "content/news" / year).glob("*.md"))
                 if "draft: true" not in path.read_text(encoding="utf-8")][pick]
        extra = "银杏讲堂开讲。" if year == "2021" else ""  # a word of 2021 alone
        story.write_text(story.read_text(encoding="utf-8") + f"\n梧桐书屋开展亲子共读活动。{extra}\n", encoding="utf-8")
        marked[year] = f"/news/{year}/{story.name[5:7]}/{story.stem}/"
    return marked


def test_a_large_site_searches_its_newest_years_first_and_all_when_asked(tmp_path, browser):
    """Each year's shard costs a phone an index chunk per word: a site of 1,300 stories searches
    the newest years holding 1,000 of them, and all five years from the link on the page."""
    site = generate(tmp_path / "large", 1300)
    marked = _mark_two_years(site)
    result = run_mkdocs_build(site)
    assert result.returncode == 0, result.stderr[-2000:]
    built = site / "site"
    total = len(search_documents(built))
    with serve(built) as origin, browser.new_context(viewport={"width": 375, "height": 812}) as context:
        page = context.new_page()
        shards_asked = set()
        page.on("request", lambda request: shards_asked.update(
            re.findall(r"/pagefind/(\d{4}(?:-\d+)?)/", urllib.parse.urlsplit(request.url).path)))
        page.goto(origin + "/search/?q=梧桐")
        assert _results(page, "梧桐") == [marked["2025"]]
        assert "找到 1 篇包含“梧桐”的新闻（2022—2025 年）" in page.inner_text(".pagefind-ui__message")
        scope = page.inner_text(".gw-search__scope")
        recent = int(re.search(r"2022—2025 年的 ([\d,]+) 篇新闻", scope).group(1).replace(",", ""))
        assert 1000 <= recent < total
        assert shards_asked == {"2022", "2023", "2024", "2025"}  # nothing of 2021 was downloaded

        # A word that no story of the newest years holds: those years answer with stories holding
        # part of it, and the page says that what is sought may be older.
        page.fill(".pagefind-ui__search-input", "银杏")
        page.wait_for_function("() => document.querySelector('.gw-search__scope').innerText.includes('银杏')")
        assert page.inner_text(".gw-search__scope").startswith("2022—2025 年的新闻里没有与“银杏”完全相符的稿件")
        assert page.url.endswith("/search/?q=%E6%A2%A7%E6%A1%90")  # typed here: the reader decides
        if AXE.is_file():  # the scope line and its link, read by axe-core (installed by .ci/run)
            page.add_script_tag(path=str(AXE))
            report = page.evaluate("async () => await axe.run('.gw-search', {resultTypes: ['violations']})")
            assert [v["id"] for v in report["violations"] if v["impact"] in ("serious", "critical")] == []

        # The link keeps what is typed; following it searches every year.
        page.fill(".pagefind-ui__search-input", "亲子共读")
        _results(page, "亲子共读")
        link = page.locator(".gw-search__scope a")
        assert urllib.parse.parse_qs(urllib.parse.urlsplit(link.get_attribute("href")).query) == {
            "scope": ["all"], "q": ["亲子共读"]}
        page.fill(".pagefind-ui__search-input", "梧桐")
        _results(page, "梧桐")
        link.click()
        page.wait_for_url(re.compile(r"scope=all"))
        assert sorted(_results(page, "梧桐")) == sorted(marked.values())
        assert "找到 2 篇包含“梧桐”的新闻" in page.inner_text(".pagefind-ui__message")
        assert page.inner_text(".gw-search__scope") == f"搜索范围：2021—2025 年的全部 {total:,} 篇新闻。"
        assert "2021" in shards_asked

        # Sent from another page's search box, such a word is looked for in every year at once.
        page.goto(origin + "/search/?q=银杏")
        page.wait_for_url(re.compile(r"scope=all"))
        # First: the other years' shards lack the word and answer with stories holding “银” (a
        # shortened word, ranked below every story that holds it whole).
        assert _results(page, "银杏")[0] == marked["2021"]


CHONGYANG = "/news/2024/10/2024-10-11-donghu-chongyang/"  # 重阳 in its title
NEWER = "/news/2024/12/2024-12-01-linhe-jingl/"  # 重阳 in its text, newer
OLDER = "/news/2024/09/2024-09-20-linhe-fangtan/"  # 重阳 in its text, older
IMPORTANT = "/news/2024/09/2024-09-01-linhe-zhongyao/"  # 重要, 重点, 重视: never 重阳


def _add_chongyang_stories(site):
    stories = [
        ("2024-10-11-donghu-chongyang", "东湖区关工委举办重阳节敬老座谈会", "2024-10-11",
         "座谈会上，老同志们畅谈家乡变化，关工委为每位老人送上慰问品。"),
        ("2024-12-01-linhe-jingl", "临河区关工委开展冬季送温暖活动", "2024-12-01",
         "活动延续了重阳节期间的做法，志愿者看望困难家庭。"),
        ("2024-09-20-linhe-fangtan", "临河区关工委走访老党员", "2024-09-20",
         "走访中，老党员们说起今年重阳的打算。"),
        ("2024-09-01-linhe-zhongyao", "临河区关工委部署重要工作", "2024-09-01",
         "会议强调重点工作要重视落实，这很重要。"),
        # 至 alone (2至3名), and 县关工委，组织 with a comma where 县关工委组织 has none: neither holds them.
        ("2024-08-01-linhe-jiedui", "临河区关工委开展结对帮扶", "2024-08-01",
         "每名“五老”志愿者结对2至3名学生。市文旅局关工委联合石门县关工委，组织文艺工作者下乡。"),
        ("2024-08-02-linhe-fazhi", "临河区关工委送法进校园", "2024-08-02",
         "退休法官为四至六年级学生讲课，石门县关工委组织志愿者参加。"),
    ]
    for name, title, date, text in stories:
        (site / f"content/news/2024/{name}.md").write_text(
            f"---\ntitle: {title}\ndate: {date}\nunit: 临河区关工委\ncategory: 工作动态\n---\n\n{text}\n", encoding="utf-8")


def test_a_query_finds_exactly_the_stories_holding_it_title_matches_first_then_newest(tmp_path, browser):
    """Stories are indexed as two-character grams and searched as a phrase: 重阳 finds every story
    holding 重阳 and none holding only 重要; terms are AND-ed; the highlight marks the typed text."""
    site = built_copy(tmp_path, "basic", prepare=_add_chongyang_stories) / "site"
    documents = search_documents(site)
    with serve(site) as origin, browser.new_context(viewport={"width": 1280, "height": 800}) as context:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(origin + "/search/?q=重阳")
        # The title match first though older, then the others newest first; 重要 is no 重阳.
        assert _results(page, "重阳") == [CHONGYANG, NEWER, OLDER]
        marks = [mark.inner_text() for mark in page.query_selector_all(".gw-search__results mark")]
        assert marks and set(marks) == {"重阳"}
        first = page.inner_text(".gw-search__result")
        assert "日期：2024年10月11日" in first and ". " not in first
        # The excerpt starts at the story's text, never inside its title.
        assert page.inner_text(".gw-search__excerpt").startswith("座谈会上，老同志们")

        page.fill(".pagefind-ui__search-input", "重阳 走访")  # both terms, anywhere in the story
        assert _results(page, "重阳 走访") == [OLDER]
        assert {mark.inner_text() for mark in page.query_selector_all(".gw-search__results mark")} == {"重阳", "走访"}

        page.fill(".pagefind-ui__search-input", "关工委")  # every story holding it, as Ctrl+F finds them
        found = re.search(r"找到 (\d+) 篇", page.inner_text(".pagefind-ui__message")) if _results(page, "关工委") else None
        assert found and int(found.group(1)) == sum("关工委" in doc["text"] for doc in documents.values())

        # A gram the index lacks is no shorter word (至六 is not 至), a comma between runs no gram (委，组).
        for query in ("至六", "县关工委组织"):
            page.fill(".pagefind-ui__search-input", query)
            assert _results(page, query) == ["/news/2024/08/2024-08-02-linhe-fazhi/"]

        page.fill(".pagefind-ui__search-input", "重")  # the index holds pairs: a single character is not searched
        page.wait_for_function("() => document.querySelector('.pagefind-ui__message').textContent.includes('只有一个字')")
        assert page.query_selector_all(".pagefind-ui__result-link") == []
        assert IMPORTANT in documents and errors == []
