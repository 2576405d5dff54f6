"""The whole, through a real `mkdocs build --strict` of small fixture sites."""

from __future__ import annotations

import re

from conftest import Page, sample_copy, search_documents


def test_fixture_site_builds_story_pages_at_their_urls(make_site, build):
    site = make_site()
    result = build(site)
    assert result.returncode == 0, result.stderr
    out = site / "site"

    story = Page(out / "news/2024/03/2024-03-15-anping-wulao/index.html")
    assert story.title == "安平县五老宣讲团走进城关小学 - 测试关工委"
    assert "安平县五老宣讲团走进城关小学" in story.h1
    assert story.meta["description"] == "3月15日下午，安平县关工委五老宣讲团走进城关小学，为四百余名师生讲述红色故事。"
    assert '<time datetime="2024-03-15T14:30:00+08:00">2024年3月15日</time>' in story.html
    assert "通讯员：张明、李红" in story.html
    assert "老党员王建国讲述了抗战时期的家乡往事。" in story.html
    assert '<a href="https://www.qzrb.example.cn/2024/0318/1.html" rel="noopener nofollow">青州日报</a>' in story.html

    joint = Page(out / "news/2024/05/2024-05-20-linhe-xuezi/index.html")
    assert joint.title == "临河区关工委“春蕾”助学金发放仪式举行 - 测试关工委"
    assert ('<a href="../../../../units/linhe/">临河区关工委</a>、'
            '<a href="../../../../units/jiaoyu/">市教育局关工委</a>') in joint.html


def test_drafts_registry_and_sources_stay_out_of_the_site(make_site, build):
    site = make_site()
    assert build(site).returncode == 0
    built = {p.relative_to(site / "site").as_posix() for p in (site / "site").rglob("*") if p.is_file()}
    assert not any(path.startswith("_data") for path in built)
    assert not any("draft" in path for path in built)
    assert not any(path.endswith(".md") for path in built)
    assert "assets/gwsite/gwsite.css" in built
    assert not any("草稿" in doc["text"] for doc in search_documents(site / "site").values())


def test_stories_are_not_listed_in_the_navigation(make_site, build):
    site = make_site()
    assert build(site).returncode == 0
    home = Page(site / "site/index.html")
    assert home.nav_links  # the navigation is there…
    assert not any(re.search(r"news/\d{4}/\d{2}/", link) for link in home.nav_links)  # …without one per story


def test_html_in_front_matter_is_escaped_once(make_site, build):
    site = make_site()
    (site / "content/news/2024/xss.md").write_text(
        "---\n"
        "title: '<script>alert(1)</script> 标题 & \"引号\"'\n"
        "date: 2024-07-01\n"
        "unit: 安平县关工委\n"
        "summary: '<img src=x onerror=alert(2)> 摘要'\n"
        "authors: ['<b>张明</b>']\n"
        "tags: ['<i>标签</i>']\n"
        "---\n\n正文。\n",
        encoding="utf-8",
    )
    result = build(site)
    assert result.returncode == 0, result.stderr
    page = Page(site / "site/news/2024/07/xss/index.html")

    assert "<script>alert(1)" not in page.html
    assert "<img src=x" not in page.html
    assert "<b>张明" not in page.html and "<i>标签" not in page.html
    assert page.title == '<script>alert(1)</script> 标题 & "引号" - 测试关工委'  # shown as text
    assert '<script>alert(1)</script> 标题 & "引号"' in page.h1
    assert page.meta["description"] == "<img src=x onerror=alert(2)> 摘要"
    assert "&amp;lt;" not in page.html  # escaped once, not twice


def test_bad_story_stops_the_build_and_keeps_the_previous_site(make_site, build):
    site = make_site()
    assert build(site).returncode == 0
    before = {p: p.read_bytes() for p in (site / "site").rglob("*") if p.is_file()}
    (site / "content/news/2024/bad.md").write_text(
        "---\ntitle: 坏稿件\ndate: 2024-03-01\nunit: 安平关工会\n---\n正文\n", encoding="utf-8"
    )

    result = build(site)

    assert result.returncode == 1
    assert "content/news/2024/bad.md:4: unit: 未登记的单位“安平关工会”，是否为“安平县关工委”？" in result.stderr
    assert "1 处错误（1 个文件）" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    after = {p: p.read_bytes() for p in (site / "site").rglob("*") if p.is_file()}
    assert after == before


def test_warnings_fail_only_strict_builds_and_notices_never(make_site, build):
    site = make_site()
    story = site / "content/news/2024/2024-03-15-anping-wulao.md"
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("  - outlet: 中国火炬", "  - outlet: 学习强国江北学习平台"), encoding="utf-8")
    pending = build(site)
    assert pending.returncode == 0, pending.stderr
    assert "提示：媒体“学习强国江北学习平台”尚未列入媒体名录" in pending.stderr

    story.write_text(text.replace("tags: [五老宣讲, 红色教育]", "tags: 五老宣讲，红色教育"), encoding="utf-8")
    strict = build(site)
    assert strict.returncode == 1
    assert "tags: 警告：“五老宣讲，红色教育”中有中文逗号“，”，已按 2 项读取" in strict.stderr
    lenient = build(site, "--no-strict")
    assert lenient.returncode == 0


def test_sample_portal_builds_strict_and_checks_clean(tmp_path, build, gwsite):
    site = sample_copy(tmp_path)

    check = gwsite(site, "check")
    assert check.exit_code == 0, check.output
    assert re.fullmatch(r"(.*提示：.*\n)*(检查通过|共 0 处错误，0 处警告).*\n", check.output), check.output

    result = build(site)
    assert result.returncode == 0, result.stderr
    stories = list((site / "site/news").glob("*/*/*/index.html"))
    assert len(stories) >= 60


def test_the_not_found_page_speaks_chinese_unless_the_site_has_its_own(make_site, build):
    site = make_site()
    assert build(site).returncode == 0
    page = Page(site / "site/404.html")
    assert page.h1 == ["页面不存在"] and "Not found" not in page.html
    # Served for any missing address, its links start at the site's root.
    assert '<a href="/news/">新闻动态</a>' in page.html and '<a href="/search/">站内搜索</a>' in page.html

    (site / "overrides").mkdir()
    (site / "overrides/404.html").write_text(
        '{% extends "main.html" %}{% block content %}<h1>本会自己的 404</h1>{% endblock %}', encoding="utf-8")
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    (site / "mkdocs.yml").write_text(config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"),
                                     encoding="utf-8")
    assert build(site).returncode == 0
    assert Page(site / "site/404.html").h1 == ["本会自己的 404"]


def test_a_hook_s_template_globals_reach_every_page(make_site, build):
    """gwsite renders pages once the Jinja environment is final: its on_env runs after every other
    plugin's and hook's, so what they add reaches story pages, listings and the 404 page alike."""
    site = make_site()
    (site / "hooks.py").write_text(
        "def on_env(env, config, files):\n    env.globals['gw_motto'] = '关心下一代，共筑中国梦'\n    return env\n",
        encoding="utf-8")
    (site / "overrides").mkdir()
    (site / "overrides/main.html").write_text(
        '{% extends "base.html" %}{% block footer %}{{ super() }}<p class="motto">{{ gw_motto }}</p>{% endblock %}',
        encoding="utf-8")
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n") + "hooks:\n  - hooks.py\n"
    (site / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = build(site)
    assert result.returncode == 0, result.stderr
    for page in ("news/2024/03/2024-03-15-anping-wulao/index.html", "news/index.html", "ranking/index.html", "404.html"):
        assert '<p class="motto">关心下一代，共筑中国梦</p>' in (site / "site" / page).read_text(encoding="utf-8"), page


def test_a_placement_recorded_in_two_stories_fails_the_build_naming_both(make_site, build):
    site = make_site()
    original = site / "content/news/2024/2024-03-15-anping-wulao.md"
    copy = original.read_text(encoding="utf-8").replace("title: 安平县五老宣讲团走进城关小学", "title: 五老宣讲进校园")
    (site / "content/news/2024/2024-03-16-linhe.md").write_text(
        copy.replace("unit: 安平县关工委", "unit: 临河区关工委").replace("date: 2024-03-15 14:30", "date: 2024-03-16"),
        encoding="utf-8")

    result = build(site)

    assert result.returncode == 1
    assert ("content/news/2024/2024-03-16-linhe.md:9: placements[1]: 与 content/news/2024/2024-03-15-anping-wulao.md "
            "第 9 行的刊用记录重复（青州日报，https://www.qzrb.example.cn/2024/0318/1.html）") in result.stderr
    assert "把另一单位写入co_units" in result.stderr
    assert not (site / "site/index.html").exists()
