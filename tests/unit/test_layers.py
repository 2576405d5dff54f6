"""The package's layers, as the README's architecture section draws them, read from the imports.

A story goes content → ranking → views → imaging → build, and the MkDocs plugin sits on top: a
layer may import from the layers before it and from the shared foundation, never from one
after it, and only the plugin and the command's project reading touch MkDocs. A module that
breaks this (a content rule importing a view, the command importing the plugin, which installs
MkDocs' hooks into `gwsite check`) fails here, named.
"""

from __future__ import annotations

import ast
from pathlib import Path

import gwsite

PACKAGE = Path(gwsite.__file__).parent
PIPELINE = ["content", "ranking", "views", "imaging", "build"]
FOUNDATION = {"problems", "progress", "files", "integrity", "source", "__init__"}
# Top-level modules above the pipeline: what `mkdocs.yml` says (config, project) and the command.
ABOVE = {"config", "project", "cli", "command", "office"}
MKDOCS_ALLOWED = {"plugin", "config", "project", "cli", "command", "office"}


def layer_of(module: str) -> str:
    """`content.reader` → `content`; a top-level module is its own name."""
    return module.split(".")[0]


def imports(path: Path) -> list[tuple[int, str]]:
    """Every module of gwsite (relative to the package) and every outside package `path` imports."""
    here = path.relative_to(PACKAGE).with_suffix("").parts
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0:
                found.append((node.lineno, f"<{node.module}>"))
                continue
            base = list(here[:len(here) - node.level])
            if node.module:
                found.append((node.lineno, ".".join(base + [node.module])))
            else:
                found += [(node.lineno, ".".join(base + [alias.name])) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, f"<{alias.name}>") for alias in node.names]
    return [(line, name.removeprefix(".")) for line, name in found]


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_each_layer_imports_only_the_layers_before_it_and_the_foundation():
    wrong = []
    for path in modules():
        own = layer_of(".".join(path.relative_to(PACKAGE).with_suffix("").parts))
        for line, name in imports(path):
            if name.startswith("<"):
                continue
            target = layer_of(name)
            if not (PACKAGE / target).is_dir() and not (PACKAGE / f"{target}.py").is_file():
                target = "__init__"  # a name from the package itself (`from .. import __version__`)
            if target == own or target in FOUNDATION:
                continue
            if own in PIPELINE:
                allowed = target in PIPELINE and PIPELINE.index(target) < PIPELINE.index(own)
            elif own in FOUNDATION:
                allowed = False
            elif own in ABOVE:
                allowed = target in PIPELINE or target in ABOVE
            else:  # the plugin: everything; a module of no known layer is named, so this list stays whole
                assert own == "plugin", f"{path.relative_to(PACKAGE)} is in no layer of this test"
                allowed = True
            if not allowed:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line} imports {name}")
    assert wrong == []


def test_only_the_plugin_and_the_project_reading_import_mkdocs():
    wrong = [f"{path.relative_to(PACKAGE)}:{line} imports {name}"
             for path in modules()
             for line, name in imports(path)
             if name.split(".")[0] in ("<mkdocs", "<material")
             and layer_of(".".join(path.relative_to(PACKAGE).with_suffix("").parts)) not in MKDOCS_ALLOWED]
    assert wrong == []


def test_the_import_reader_sees_relative_imports_as_modules_of_the_package():
    """The two tests above can only fail if this reading is right."""
    found = dict((name, line) for line, name in imports(PACKAGE / "imaging" / "uses.py"))
    assert "content.story" in found and "imaging.records" in found and "problems" in found
    assert "<urllib.parse>" in found
