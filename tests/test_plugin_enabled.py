"""`enabled: false` and the plugin's footprint in MkDocs: with the option off, the build is plain
MkDocs and Material; the log filters exist only while a build runs; `gwsite check` runs without it."""

from __future__ import annotations

import logging
import subprocess
import sys

from conftest import build_in_process


def gwsite_filters() -> list[str]:
    """The gwsite filters on MkDocs' loggers, by logger name and filter class."""
    names = ["mkdocs", *(name for name in logging.Logger.manager.loggerDict if name.startswith("mkdocs"))]
    return [f"{name}: {type(found).__name__}" for name in names for found in logging.getLogger(name).filters
            if type(found).__module__.startswith("gwsite")]


def test_a_disabled_plugin_leaves_a_plain_mkdocs_site(make_site, build):
    site = make_site()
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    (site / "mkdocs.yml").write_text(config.replace("  - gwsite\n", "  - gwsite:\n      enabled: false\n"),
                                     encoding="utf-8")
    result = build(site)
    assert result.returncode == 0, result.stderr
    assert "gwsite" not in result.stderr  # nothing said, nothing checked
    out = site / "site"
    built = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}

    # The stories are plain Markdown pages, at MkDocs' own addresses (not gwsite's news/2024/03/…).
    assert "news/2024/2024-03-15-anping-wulao/index.html" in built
    assert "news/2024/03/2024-03-15-anping-wulao/index.html" not in built
    assert not any(path.startswith(("assets/gwsite/", "pagefind/", "units/", "ranking/", "search/"))
                   for path in built), sorted(built)
    assert "news/index.html" not in built  # no listings
    assert not any(path.endswith(("feed.xml", "atom.xml")) for path in built)
    assert "404.html" in built  # Material's, not gwsite's Chinese one
    not_found = (out / "404.html").read_text(encoding="utf-8")
    assert "页面不存在" not in not_found and "gw-notfound" not in not_found
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "gwsite" not in home and "gw-" not in home


def test_a_build_leaves_no_gwsite_filter_on_mkdocs_loggers(make_site):
    build_in_process(make_site())
    assert gwsite_filters() == []


def test_importing_the_cli_does_not_import_the_plugin_nor_filter_the_log():
    # In a fresh interpreter: this test session has imported the plugin long ago.
    probe = (
        "import sys, logging\n"
        "import gwsite.cli\n"
        "assert 'gwsite.plugin' not in sys.modules, 'gwsite.cli imported the plugin'\n"
        "import gwsite.plugin\n"
        "names = ['mkdocs', *(n for n in logging.Logger.manager.loggerDict if n.startswith('mkdocs'))]\n"
        "found = [(n, f) for n in names for f in logging.getLogger(n).filters\n"
        "         if type(f).__module__.startswith('gwsite')]\n"
        "assert not found, found\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_gwsite_check_reads_a_project_without_filtering_the_log(make_site):
    from gwsite.cli import load_project

    project = load_project(str(make_site() / "mkdocs.yml"))
    assert project.options.news_dir == "news"
    assert gwsite_filters() == []
