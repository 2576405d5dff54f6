"""The page `mkdocs serve` shows at every address while the site's content has errors: each problem
as `gwsite check` prints it (file:line, field, message), escaped, since it quotes the files."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import jinja2

from ..problems import Problem, printable

TEMPLATES = Path(__file__).parent.parent / "templates"
_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                          undefined=jinja2.StrictUndefined)


class Shown(NamedTuple):
    """One problem's parts as the page shows them."""

    where: str  # path:line
    field: str
    message: str


def error_page(problems: tuple[Problem, ...]) -> str:
    """The page listing `problems` (their texts exactly as `str(problem)` joins them)."""
    shown = [Shown(f"{printable(p.path)}:{p.line}", printable(p.field), printable(p.message)) for p in problems]
    return _ENV.get_template("gwsite/serve-errors.html").render(
        problems=shown, files=len({p.path for p in problems}))
