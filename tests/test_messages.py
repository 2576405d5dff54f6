"""One problem, one line: control characters in file names (and anything else a message quotes)
are shown escaped in every message gwsite and MkDocs print, never passed to the terminal."""

from __future__ import annotations

import re

import hostile
from conftest import run_mkdocs_build
from test_hostile import STORIES, hostile_site

NEWLINE_FOLDER = "a\n/x.md"  # a folder whose name ends in a line break
ESCAPE_NAME = "b\x1b[2J\x1b[31m.md"  # clears the screen and turns the text red
SEPARATOR_NAME = "c\u2028\x85\x7f.md"  # Unicode line separator, NEL, DEL
BIDI_NAME = "e\u202egpj.\u2066x\u2069.md"  # right-to-left override, isolate: the line reads otherwise
SHOWN = {NEWLINE_FOLDER: "a\\n/x.md", ESCAPE_NAME: "b\\x1b[2J\\x1b[31m.md", SEPARATOR_NAME: "c\\u2028\\x85\\x7f.md",
         BIDI_NAME: "e\\u202egpj.\\u2066x\\u2069.md"}
PROBLEM = re.compile(r"^\S[^\n]*:\d+: [^:\n]+: ")


def hostile_names(root, valid: bool):
    site = hostile_site(root, [])
    text = hostile.story() if valid else hostile.story().replace("unit: 安平县关工委\n", "")
    for number, name in enumerate(SHOWN):  # one title each: files alike in all but name are copies
        path = site / STORIES / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("安平县关工委召开工作会议", f"标题{number}"), encoding="utf-8")
    return site


def test_check_escapes_control_characters_in_file_names(tmp_path, gwsite):
    site = hostile_names(tmp_path, valid=False)

    result = gwsite(site, "check")

    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\u2028" not in result.output and "\x85" not in result.output
    assert "\u202e" not in result.output
    lines = result.output.rstrip("\n").split("\n")
    assert lines[:-1] == [f"{STORIES}/{shown}:2: unit: 缺少单位（unit 或 单位），应为 units.yml 中登记的单位名称"
                          for shown in sorted(SHOWN.values())]
    assert lines[-1].startswith("共 4 处错误")


def test_the_build_escapes_them_in_gwsite_messages(tmp_path):
    site = hostile_names(tmp_path, valid=False)

    result = run_mkdocs_build(site)

    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "\u2028" not in result.stderr and "\x85" not in result.stderr
    assert "\u202e" not in result.stderr
    for shown in SHOWN.values():
        assert f"gwsite: {STORIES}/{shown}:2: unit: 缺少单位（unit 或 单位），应为 units.yml 中登记的单位名称\n" in result.stderr
    for line in result.stderr.splitlines():  # every line a log record of its own
        assert re.match(r"(INFO|WARNING|ERROR|DEBUG) +-  ", line) or line.startswith("Aborted"), line


def test_the_build_escapes_them_in_mkdocs_own_messages(tmp_path):
    site = hostile_names(tmp_path, valid=True)
    (site / "content" / "d\n\x1b[2Jx.md").write_text("# 页面\n\n[链接](missing.md)\n", encoding="utf-8")

    result = run_mkdocs_build(site, strict=False)

    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stderr and "\u2028" not in result.stderr
    assert "d\\n\\x1b[2Jx.md" in result.stderr  # MkDocs' own warning of the broken link, on one line
    for line in result.stderr.splitlines():
        assert re.match(r"(INFO|WARNING|ERROR|DEBUG) +-  |  - ", line), line
