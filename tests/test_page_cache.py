"""The page cache through real builds: an edit re-renders exactly what shows it, and a warm build
is byte for byte the build a fresh checkout would make (a stale page fails these tests)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, run_mkdocs_build, search_documents

ANPING = "news/2024/03/2024-03-15-anping-wulao/index.html"
LINHE = "news/2024/05/2024-05-20-linhe-xuezi/index.html"
STORY = "content/news/2024/2024-03-15-anping-wulao.md"


def build(site: Path) -> int:
    """Build `site`; the number of pages rendered afresh, from the build's summary line."""
    result = run_mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    found = re.search(r"页面 \d+ 个，其中新生成 (\d+) 个", result.stderr)
    assert found, result.stderr
    return int(found.group(1))


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_as_cold(site: Path, tmp_path: Path) -> None:
    """The warm `site/` equals a build of the same sources with no cache at all."""
    cold = tmp_path / "cold"
    shutil.rmtree(cold, ignore_errors=True)
    shutil.copytree(site, cold, ignore=shutil.ignore_patterns(".cache", "site"))
    build(cold)
    warm, fresh = tree(site / "site"), tree(cold / "site")
    assert warm.keys() == fresh.keys()
    stale = [name for name in warm if warm[name] != fresh[name]]
    assert not stale, f"stale pages: {stale[:5]}"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def site(tmp_path):
    target = tmp_path / "basic"
    shutil.copytree(FIXTURES / "basic", target)
    (target / "overrides").mkdir()
    (target / "overrides/main.html").write_text('{% extends "base.html" %}\n', encoding="utf-8")
    edit(target / "mkdocs.yml", "  font: false\n", "  font: false\n  custom_dir: overrides\n")
    first = build(target)
    assert first > 10  # stories, listings, ranking and unit pages
    assert build(target) == 0  # nothing changed: every page from the cache
    return target


def test_an_unchanged_build_takes_every_page_from_the_cache_and_is_identical(site, tmp_path):
    assert_same_as_cold(site, tmp_path)


def test_editing_a_story_body_re_renders_that_story_only(site, tmp_path):
    edit(site / STORY, "老党员王建国讲述了抗战时期的家乡往事。", "老党员王建国讲述了抗战时期的家乡往事。\n\n新增的一段：同学们纷纷提问。")
    assert build(site) == 1
    assert "新增的一段：同学们纷纷提问。" in (site / "site" / ANPING).read_text(encoding="utf-8")
    assert_same_as_cold(site, tmp_path)


def test_a_new_title_reaches_every_page_that_shows_it(site, tmp_path):
    edit(site / STORY, "title: 安平县五老宣讲团走进城关小学", "title: 安平县五老宣讲团春季巡讲启动")
    rendered = build(site)
    assert 1 < rendered < 40  # the story, its listings, its neighbour's page: not the whole site
    shown = [p for p in (site / "site").rglob("*.html") if "春季巡讲启动" in p.read_text(encoding="utf-8")]
    assert len(shown) >= 3
    old = "安平县五老宣讲团走进城关小学"
    stale = [p for p in (site / "site").rglob("*") if p.is_file() and old in p.read_bytes().decode("utf-8", "replace")]
    assert not stale
    assert_same_as_cold(site, tmp_path)


def test_a_template_edit_re_renders_every_page(site, tmp_path):
    (site / "overrides/main.html").write_text(
        '{% extends "base.html" %}\n{% block announce %}本站试运行{% endblock %}\n', encoding="utf-8")
    assert build(site) > 10
    assert "本站试运行" in (site / "site" / ANPING).read_text(encoding="utf-8")
    assert_same_as_cold(site, tmp_path)


def test_a_registry_edit_reaches_the_stories_that_show_the_unit(site, tmp_path):
    edit(site / "content/_data/units.yml", "name: 安平县关工委", "name: 安平县关心下一代工作委员会")
    edit(site / STORY, "unit: 安平县关工委", "unit: 安平县关心下一代工作委员会")
    build(site)
    assert "安平县关心下一代工作委员会" in (site / "site" / ANPING).read_text(encoding="utf-8")
    assert_same_as_cold(site, tmp_path)


def test_a_config_edit_re_renders_every_page(site, tmp_path):
    edit(site / "mkdocs.yml", "site_name: 测试关工委", "site_name: 测试市关工委")
    assert build(site) > 10
    for page in (ANPING, LINHE, "index.html", "news/index.html"):
        assert "测试市关工委" in (site / "site" / page).read_text(encoding="utf-8")
    assert_same_as_cold(site, tmp_path)


def test_a_removed_link_target_is_not_hidden_by_the_cache(site):
    """A story linking to another page: once that page is gone, `--strict` fails as on a cold build."""
    (site / "content/about.md").write_text("# 关于我们\n", encoding="utf-8")
    edit(site / STORY, "老党员王建国", "见[关于我们](../../about.md)。老党员王建国")
    build(site)
    (site / "content/about.md").unlink()
    result = run_mkdocs_build(site)
    assert result.returncode != 0
    assert "about.md" in result.stderr


def test_a_broken_link_in_a_story_fails_every_strict_build_not_only_the_one_that_converted_it(site):
    """MkDocs' warning, logged while converting the story, is said again, once, by each build that
    takes the page from the cache."""
    edit(site / STORY, "老党员王建国", "见[活动方案](fang-an.md)。老党员王建国")
    for attempt in ("converted", "from the cache"):
        result = run_mkdocs_build(site)
        assert result.returncode != 0, attempt
        warned = [line for line in result.stderr.splitlines() if line.startswith("WARNING") and "fang-an.md" in line]
        assert len(warned) == 1, (attempt, result.stderr[-2000:])
        assert "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr, attempt
    assert "其中新生成 0 个" in run_mkdocs_build(site, strict=False).stderr  # the page came from the cache


def test_links_to_anchors_are_checked_by_every_build_not_only_the_one_that_converted_the_stories(site):
    """With MkDocs' `validation: anchors: warn`, a story's link to a heading of another story is
    checked whichever of the two comes from the cache: a warm build fails `--strict` as the cold
    one did, and a heading added to or removed from the linked story counts at once."""
    config = site / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "validation:\n  anchors: warn\n", "utf-8")
    linhe = site / "content/news/2024/2024-05-20-linhe-xuezi.md"
    linhe.write_text(linhe.read_text("utf-8") + "\n\n## Plan\n\n按计划开展。\n", "utf-8")
    edit(site / STORY, "老党员王建国", "见[安排](2024-05-20-linhe-xuezi.md#plan)、[名单](2024-05-20-linhe-xuezi.md#list)。老党员王建国")

    def warned() -> list[str]:
        result = run_mkdocs_build(site)
        lines = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
        assert (result.returncode != 0) == bool(lines), result.stderr[-2000:]
        return [line for line in lines if "contains a link" in line]

    for attempt in ("converted", "from the cache"):
        found = warned()
        assert len(found) == 1 and "#list'" in found[0] and "2024-03-15-anping-wulao.md" in found[0], (attempt, found)
    assert "其中新生成 0 个" in run_mkdocs_build(site, strict=False).stderr  # both stories came from the cache
    edit(linhe, "## Plan\n", "## Plan\n\n## List\n")  # the linked story alone is converted again
    assert warned() == []
    edit(linhe, "## Plan\n", "")
    found = warned()
    assert len(found) == 1 and "#plan'" in found[0], found


def test_a_link_to_an_anchor_of_a_ranking_page_is_checked_though_the_ranking_comes_from_the_cache(site):
    """gwsite's own pages (listings, rankings, units) come from the cache as stories do: a story's
    link to an anchor the ranking page lacks warns in every build, as in the cold one."""
    config = site / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "validation:\n  anchors: warn\n", "utf-8")
    edit(site / STORY, "老党员王建国", "见[排行](../../ranking/index.md#county)。老党员王建国")

    def warned() -> list[str]:
        result = run_mkdocs_build(site)
        assert result.returncode != 0, result.stderr[-2000:]
        return [line for line in result.stderr.splitlines() if "contains a link" in line]

    found = warned()  # the story converted again, the ranking page from the cache
    assert len(found) == 1 and "#county'" in found[0] and "'ranking/index.md'" in found[0], found
    assert warned() == found  # both from the cache


def test_a_verbose_build_leaves_no_story_without_its_links_to_anchors(site):
    """MkDocs keeps no links to anchors under `mkdocs build -v`, so it checks none then: a story
    converted by a `-v` build has none kept, and the build after it, without `-v`, must still warn
    as a cold one does; a `-v` build after it warns of none, as a cold `-v` build."""
    config = site / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "validation:\n  anchors: warn\n", "utf-8")
    edit(site / STORY, "老党员王建国", "见[名单](2024-05-20-linhe-xuezi.md#list)。老党员王建国")

    def warned(*args: str) -> list[str]:
        result = run_mkdocs_build(site, *args, strict=False)
        assert result.returncode == 0, result.stderr[-2000:]
        return [line for line in result.stderr.splitlines() if "contains a link" in line]

    assert warned("-v") == []
    found = warned()
    assert len(found) == 1 and "#list'" in found[0] and "2024-03-15-anping-wulao.md" in found[0], found
    assert warned("-v") == []
    assert warned() == found


def test_an_absolute_link_counts_in_the_story_key_as_mkdocs_resolves_it(site):
    """With `absolute_links: relative_to_docs`, MkDocs reads `/about.md` from the documentation's
    root: deleting that page (outside the navigation, so no other page changes) renders the
    linking story again, which warns of the missing target as a cold build does."""
    config = site / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "validation:\n  anchors: warn\n  links:\n"
                      "    absolute_links: relative_to_docs\nnot_in_nav: |\n  /about.md\n", "utf-8")
    (site / "content/about.md").write_text("# 关于\n\n## Team\n\n团队。\n", "utf-8")
    edit(site / STORY, "老党员王建国", "见[团队](/about.md#team)。老党员王建国")
    assert build(site) > 0
    (site / "content/about.md").unlink()
    result = run_mkdocs_build(site)
    assert result.returncode != 0
    assert "contains a link '/about.md#team', but the target 'about.md' is not found" in result.stderr, result.stderr


def test_a_scoring_edit_alone_reaches_the_rankings(site, tmp_path):
    """No story changes: only the office's points per level, which every ranking shows."""
    before = (site / "site/ranking/index.html").read_text(encoding="utf-8")
    edit(site / "content/_data/scoring.yml", "city:       {name: 市级,   points: 2}", "city:       {name: 市级,   points: 3}")
    assert build(site) > 0
    assert (site / "site/ranking/index.html").read_text(encoding="utf-8") != before
    assert_same_as_cold(site, tmp_path)


def _build_log(site: Path) -> str:
    result = run_mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_without_the_cache_every_build_renders_and_search_still_indexes(tmp_path):
    site = tmp_path / "basic"
    shutil.copytree(FIXTURES / "basic", site)
    edit(site / "mkdocs.yml", "  - gwsite\n", "  - gwsite:\n      cache: false\n")
    for _ in range(2):
        log = _build_log(site)
        assert "其中新生成" not in log and "已索引 2 篇稿件" in log
    assert not (site / ".cache/gwsite/pages").exists()
    assert set(search_documents(site / "site")) == {"/" + ANPING.removesuffix("index.html"),
                                                    "/" + LINHE.removesuffix("index.html")}


def test_another_plugin_handling_pages_turns_the_cache_off(tmp_path):
    """A hook that changes every page's Markdown must see every page: nothing comes from the cache."""
    site = tmp_path / "basic"
    shutil.copytree(FIXTURES / "basic", site)
    (site / "hooks.py").write_text(
        "def on_page_markdown(markdown, page, config, files):\n    return markdown + '\\n\\n（本页经钩子处理）\\n'\n",
        encoding="utf-8")
    (site / "mkdocs.yml").write_text((site / "mkdocs.yml").read_text(encoding="utf-8") + "hooks:\n  - hooks.py\n",
                                     encoding="utf-8")
    for _ in range(2):
        log = _build_log(site)
        assert "也处理页面，本次不使用页面缓存" in log
        assert "（本页经钩子处理）" in (site / "site" / ANPING).read_text(encoding="utf-8")


SUBPACKAGE_MODULES = ["content/registry.py", "ranking/tally.py", "views/charts.py", "imaging/uses.py",
                      "build/feeds.py", "config.py", "problems.py"]


def test_a_code_change_in_any_subpackage_changes_the_code_digest(tmp_path):
    """Caches are keyed by `code_digest()`: a module edited in any subpackage must change it."""
    from gwsite.source import PACKAGE, tree_digest

    copy = tmp_path / "gwsite"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    seen = {tree_digest(copy, "1")}
    for module in SUBPACKAGE_MODULES:
        with (copy / module).open("a", encoding="utf-8") as file:
            file.write("\n# edited\n")
        seen.add(tree_digest(copy, "1"))
    assert len(seen) == len(SUBPACKAGE_MODULES) + 1


@pytest.mark.parametrize("module", ["views/charts.py", "build/sanitize.py", "content/reader.py"])
def test_editing_gwsite_code_in_a_subpackage_re_renders_every_page(site, tmp_path, module, monkeypatch):
    """An upgrade of gwsite that changes a module deep in the package must not ship pages
    rendered by the old code: the next build renders every page afresh."""
    from gwsite.source import PACKAGE

    code = tmp_path / "code"
    shutil.copytree(PACKAGE, code / "gwsite", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setenv("PYTHONPATH", str(code))
    rendered = build(site)  # the same code from another folder: still every page from the cache
    assert rendered == 0
    with (code / "gwsite" / module).open("a", encoding="utf-8") as file:
        file.write("\n# a change of code\n")
    assert build(site) > 10
    assert build(site) == 0
    assert_same_as_cold(site, tmp_path)
