"""Every bad story and registry file of the corpus gets exactly its Chinese message and exit code."""

from __future__ import annotations

import pytest

from corpus import REGISTRY, STORIES


@pytest.mark.parametrize(
    ("name", "content", "expected", "exit_code"),
    [pytest.param(*case[1:], id=case[0]) for case in STORIES],
)
def test_story_corpus(make_site, gwsite, name, content, expected, exit_code, request):
    site = make_site("basic")
    # The URL collision case needs a second file with the name of an existing story.
    folder = site / "content/news/2024" / ("sub" if request.node.callspec.id == "url-collision" else "")
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(content.encode() if isinstance(content, str) else content)

    result = gwsite(site, "check")

    lines = result.output.rstrip("\n").split("\n")
    problems = [line.removeprefix("content/news/2024/") for line in lines[:-1]]
    if request.node.callspec.id == "url-collision":
        problems = lines[:-1]
    assert problems == expected
    assert result.exit_code == strict_exit(expected, exit_code)
    assert gwsite(site, "check", "--lenient").exit_code == exit_code


@pytest.mark.parametrize(
    ("name", "content", "expected", "exit_code"),
    [pytest.param(*case[1:], id=case[0]) for case in REGISTRY],
)
def test_registry_corpus(make_site, gwsite, name, content, expected, exit_code):
    site = make_site("basic")
    target = site / "content/_data" / name
    if content is None:
        target.unlink()
    else:
        target.write_text(content, encoding="utf-8")
    # Without stories, every message is about the registry file alone.
    for story in (site / "content/news").rglob("*.md"):
        story.unlink()

    result = gwsite(site, "check")

    assert result.output.rstrip("\n").split("\n")[:-1] == expected
    assert result.exit_code == strict_exit(expected, exit_code)
    assert gwsite(site, "check", "--lenient").exit_code == exit_code


def strict_exit(expected: list[str], lenient_exit: int) -> int:
    """`gwsite check` fails on a warning as `mkdocs build --strict` does; the corpus gives the exit
    code of `--lenient`, where only errors fail."""
    return 1 if any("警告：" in line for line in expected) else lenient_exit


def test_corpus_covers_at_least_thirty_defects():
    assert len(STORIES) + len(REGISTRY) >= 30
    assert len({case[0] for case in STORIES + REGISTRY}) == len(STORIES) + len(REGISTRY)
