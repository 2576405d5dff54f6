from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

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


def run_mkdocs_build(site: Path, *args: str) -> subprocess.CompletedProcess:
    """A real `mkdocs build --strict` through MkDocs' own command, in its own process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *args],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def build():
    return run_mkdocs_build


@pytest.fixture
def gwsite(monkeypatch):
    """Run the `gwsite` command in a site folder; returns the click Result."""
    from gwsite.cli import main

    def run(site: Path, *args: str):
        monkeypatch.chdir(site)
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

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
