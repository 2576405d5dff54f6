"""What the build tells the site's editors: problems one line each, the summary at the end."""

from __future__ import annotations

import time

from mkdocs.plugins import get_plugin_logger

from ..problems import Problem, Severity, condense
from .state import BuildState

log = get_plugin_logger(__name__)


def report(problems: list[Problem]) -> None:
    """Log every problem as one line; warnings count towards `--strict`, notices do not. Notices are
    condensed (see `problems.condense`): a pending outlet named in thousands of stories is one line."""
    shown, rest = condense(sorted(problems, key=lambda p: (p.path, p.line, p.field)))
    for problem in shown:
        if problem.severity is Severity.ERROR:
            log.error(str(problem))
        elif problem.severity is Severity.WARNING:
            log.warning(str(problem))
        else:
            log.info(str(problem))
    if rest is not None:
        log.info(rest)


def error_summary(errors: list[Problem], serving: bool = False) -> str:
    files = len({p.path for p in errors})
    if serving:
        return (f"{len(errors)} 处错误（{files} 个文件），网站暂未更新：浏览器中显示错误页，"
                f"按上面的提示修改并保存后自动恢复")
    return f"{len(errors)} 处错误（{files} 个文件），请按上面的提示修改后重新生成；可用 gwsite check 逐条检查"


def report_repairs(build: BuildState) -> None:
    """Say which cache entries were found damaged (and made again) by this build."""
    counts = [(len(build.page_cache.damaged) if build.page_cache is not None else 0, "个页面、订阅源或正文"),
              (build.image_cache.broken if build.image_cache is not None else 0, "张图片"),
              (build.search_index.broken if build.search_index is not None else 0, "个搜索分片")]
    damaged = "，".join(f"{count} {what}" for count, what in counts if count)
    if damaged:
        log.info(f"缓存（.cache/gwsite/）中的文件有损坏（{damaged}），已重新生成")


def summarise(build: BuildState) -> None:
    """One line at the end of every build: what the site holds and how long it took."""
    assert build.site is not None and build.generated is not None
    published = build.site.published
    units = len({unit for story in published for unit in story.units})
    placements = sum(len(story.placements) for story in published)
    pages = len(build.generated.pages) + len(published)
    fresh = f"，其中新生成 {build.page_cache.rendered} 个" if build.page_cache is not None else ""
    log.info(f"完成：稿件 {len(published)} 篇，单位 {units} 个，刊用 {placements} 条，"
             f"页面 {pages} 个{fresh}，用时 {time.perf_counter() - build.started:.1f} 秒")
