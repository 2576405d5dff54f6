"""The page `mkdocs serve` shows while the content has errors, and the guard that keeps a failed
serve build from exiting or hanging the server: without a build."""

from __future__ import annotations

import pytest
from mkdocs.commands import serve as mkdocs_serve
from mkdocs.exceptions import Abort

from gwsite.plugin import adapter
from gwsite.plugin.checking import ContentErrors
from gwsite.plugin.errorpage import error_page
from gwsite.problems import Problem


def test_the_page_lists_each_problem_as_the_check_prints_it_escaped():
    problems = (Problem("content/news/2024/<i>a</i>.md", 4, "unit", "未登记的单位“<script>x</script>”"),
                Problem("content/_data/units.yml", 9, "group", "不能用 Tab 键缩进\x1b[2J"))
    html = error_page(problems)
    assert "<h1>稿件有错误，网站暂未更新</h1>" in html
    assert "共 2 处错误（2 个文件）" in html
    assert "content/news/2024/&lt;i&gt;a&lt;/i&gt;.md:4" in html and "<i>" not in html
    assert "未登记的单位“&lt;script&gt;x&lt;/script&gt;”" in html and "<script>" not in html
    assert "content/_data/units.yml:9" in html and "字段：group" in html
    assert "不能用 Tab 键缩进\\x1b[2J" in html and "\x1b" not in html  # as `gwsite check` prints it
    assert "本页会自动刷新" in html


def raising(error: Exception):
    def build(*args, **kwargs):
        try:
            raise error
        except Exception:  # as MkDocs' build() turns the error that failed it into `Abort`
            raise Abort("Aborted with a BuildError!")  # noqa: B904 - MkDocs raises it so
    return build


def test_a_serve_build_stopped_by_content_errors_returns_and_any_other_failure_still_aborts(monkeypatch):
    stopped = ContentErrors([Problem("a.md", 1, "title", "缺少标题")], serving=True)
    monkeypatch.setattr(mkdocs_serve, "build", raising(stopped))
    adapter.guard_serve_builds(lambda error: isinstance(error, ContentErrors))
    mkdocs_serve.build(None)  # returns: the preview shows the page instead
    adapter.unguard_serve_builds()
    with pytest.raises(Abort):
        mkdocs_serve.build(None)

    monkeypatch.setattr(mkdocs_serve, "build", raising(ValueError("another failure")))
    adapter.guard_serve_builds(lambda error: isinstance(error, ContentErrors))
    with pytest.raises(Abort):
        mkdocs_serve.build(None)
    adapter.unguard_serve_builds()


def test_the_summary_under_serve_says_the_browser_shows_the_errors():
    errors = [Problem("a.md", 1, "title", "缺少标题"), Problem("a.md", 2, "date", "日期格式错误")]
    summary = "2 处错误（1 个文件），请按上面的提示修改后重新生成；可用 gwsite check 逐条检查"
    assert str(ContentErrors(errors)) == summary  # `mkdocs build`: as before
    assert "浏览器中显示错误页" in str(ContentErrors(errors, serving=True))
    assert ContentErrors(errors[::-1]).problems == tuple(errors)
