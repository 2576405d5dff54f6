from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from browsing import CHROMIUM, CHROMIUM_ARGS, SIZES, Reader, serve
from gwsite.build.grams import split

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


@pytest.fixture
def make_site(tmp_path: Path):
    """Copy a fixture site into `tmp_path` (fixtures are never written to) and return its folder."""

    def make(name: str = "basic") -> Path:
        target = tmp_path / name
        shutil.copytree(FIXTURES / name, target)
        return target

    return make


def run_mkdocs_build(site: Path, *args: str, strict: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
    """A real `mkdocs build --strict` (or without `--strict`) through MkDocs' own command, in its own process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), *args],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def build_in_process(site: Path):
    """A real MkDocs build (not --strict) through its API, faster than a subprocess; returns its config."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(site / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return config


def built_copy(root: Path, name: str, prepare=None, strict: bool = True) -> Path:
    """Copy fixture `name` into `root`, let `prepare(site)` add to it, build it and return the site folder."""
    site = root / name
    shutil.copytree(FIXTURES / name, site)
    if prepare is not None:
        prepare(site)
    result = run_mkdocs_build(site, strict=strict)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture
def build():
    return run_mkdocs_build


@pytest.fixture
def gwsite(monkeypatch):
    """Run the `gwsite` command in a site folder; returns the click Result."""
    from gwsite.cli import main

    def run(site: Path, *args: str, input: str | None = None):
        monkeypatch.chdir(site)
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)

    return run


class Page(HTMLParser):
    """The parts of a built page that the tests look at."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.html = path.read_text(encoding="utf-8")
        self.title = ""
        self.meta: dict[str, str] = {}
        self.h1: list[str] = []
        self.nav_links: list[str] = []
        self._in: list[str] = []
        self._nav_depth = 0
        self.feed(self.html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "name" in attrs:
            self.meta[attrs["name"]] = attrs.get("content", "")
        if tag == "nav" and "md-nav--primary" in (attrs.get("class") or ""):
            self._nav_depth = 1
        elif tag == "nav" and self._nav_depth:
            self._nav_depth += 1
        if tag == "a" and self._nav_depth:
            self.nav_links.append(attrs.get("href", ""))
        self._in.append(tag)

    def handle_endtag(self, tag):
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        if self._in and self._in[-1] == "title":
            self.title += data
        if self._in and self._in[-1] == "h1":
            self.h1.append(data)


def search_documents(built: Path) -> dict[str, dict]:
    """What Pagefind indexed, by URL: each fragment is `pagefind_dcd` and a JSON document, gzipped."""
    documents = {}
    for fragment in (built / "pagefind").glob("*/fragment/*.pf_fragment"):  # one folder per shard
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd"), fragment
        document = json.loads(data[len(b"pagefind_dcd"):])
        # Stories are indexed as grams (`gwsite.build.grams`): the title and text read back from them.
        title, text = split(document["content"])
        document["text"] = f"{title} {text}"
        documents[document["url"]] = document
    return documents


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright. CI installs it (`.ci/run`), so there a missing
    browser fails the run; on a developer's machine without it the browser tests are skipped."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI 上缺少 Chromium：.ci/run 应先用 apt-get 安装 chromium")
        pytest.skip("没有安装 Chromium（apt-get install chromium）")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def sample_copy(root: Path) -> Path:
    """A copy of the repository's own sample portal (mkdocs.yml, content/, theme_overrides/) in `root/portal`."""
    site = root / "portal"
    site.mkdir()
    shutil.copy(REPO / "mkdocs.yml", site)
    for folder in ("content", "theme_overrides"):
        shutil.copytree(REPO / folder, site / folder)
    return site


@pytest.fixture(scope="session")
def sample_portal(tmp_path_factory) -> Path:
    """The sample portal, copied and built with `mkdocs build --strict`; its folder, with the
    built site in `site/`."""
    root = sample_copy(tmp_path_factory.mktemp("sample"))
    result = run_mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="session")
def sample_site(sample_portal):
    """The sample portal's stories and registry, as gwsite reads them: what the pages should show."""
    from gwsite.cli import load_project

    return load_project(str(sample_portal / "mkdocs.yml")).load()


@pytest.fixture(scope="session")
def portal_origin(sample_portal):
    with serve(sample_portal / "site") as origin:
        yield origin


@pytest.fixture
def reader(browser, portal_origin, size):
    """A browser tab on the served sample portal at `size` ("desktop" or "phone", parametrized by
    the test). The test fails if any page it visited had a failed request or a script error."""
    with browser.new_context(**SIZES[size], locale="zh-CN") as context:
        yield Reader(context, portal_origin, size)


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem):
    """A test that used `reader` fails (not errors in teardown) when a page it visited went wrong."""
    result = yield
    tab = pyfuncitem.funcargs.get("reader")
    if isinstance(tab, Reader):
        assert tab.problems == [], "浏览时出现问题"
    return result
