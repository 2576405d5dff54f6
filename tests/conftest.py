from __future__ import annotations

import os
import shutil
import subprocess
import sys
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
