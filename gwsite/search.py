"""Chinese full-text search with Pagefind: a static index cut into small chunks.

The browser downloads only the chunks that hold the words typed, so the bytes before the
first result stay small however many stories the site holds (see `benchmarks/search_bytes.py`).
Material's own search ships one JSON file of every page's full text instead, which grows
to hundreds of megabytes at 10,000 stories.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

BUNDLE_DIR = "pagefind"
SEARCH_PAGE = "search/index.md"
SEARCH_TEMPLATE = "gwsite/search.html"
# Only the scripts and styles the search page uses; Pagefind writes other UIs we leave unused.
UNUSED = ("pagefind-component-ui.css", "pagefind-component-ui.js", "pagefind-modular-ui.css",
          "pagefind-modular-ui.js", "pagefind-highlight.js")


class SearchIndexError(Exception):
    """The index could not be built; the message is for the person running the build."""


@dataclass(frozen=True)
class IndexSummary:
    pages: int
    words: int


def executable() -> Path:
    # Imported here: the `pagefind` package looks for its binary when asked, not on import.
    from pagefind.service import get_executable

    found = get_executable()
    if found is None or not found.exists():
        raise SearchIndexError(
            "找不到站内搜索所需的 Pagefind 程序：请重新安装 gwsite（pip install gwsite 会一并安装 pagefind）；"
            "或在 mkdocs.yml 的 gwsite 插件下写 search: false 关闭站内搜索"
        )
    return found


def build_index(site_dir: Path) -> IndexSummary:
    """Index every page marked `data-pagefind-body` under `site_dir` into `site_dir/pagefind/`.

    The language is forced to Chinese, whatever a theme writes in `<html lang>`, so that
    Chinese text is always cut into words.
    """
    command = [str(executable()), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR, "--force-language", "zh"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace",
                                check=False)
    except OSError as error:
        raise SearchIndexError(f"无法运行站内搜索的 Pagefind 程序（{error.strerror}）") from None
    output = result.stdout + result.stderr
    if result.returncode != 0:
        detail = output.strip().splitlines()[-1] if output.strip() else f"退出码 {result.returncode}"
        raise SearchIndexError(f"站内搜索索引生成失败：{detail}")
    for name in UNUSED:
        (site_dir / BUNDLE_DIR / name).unlink(missing_ok=True)
    return IndexSummary(pages=_count(output, "page"), words=_count(output, "word"))


def _count(output: str, what: str) -> int:
    match = re.search(rf"Indexed (\d+) {what}s?\b", output)
    return int(match.group(1)) if match else 0
