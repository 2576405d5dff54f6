"""The progress line: in a terminal only, for long steps only, ending on a clean line."""

from __future__ import annotations

import io

from gwsite.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_shown_in_a_terminal_and_cleared_at_the_end():
    stream = Terminal()
    progress = Progress("正在处理图片", stream=stream)
    for done in range(6):
        progress(done, 5)
    text = stream.getvalue()
    assert "\r正在处理图片 0/5（0 秒）" in text and "正在处理图片 5/5" in text
    assert text.endswith("\r\x1b[K")  # the line is wiped, so the build's own log starts clean


def test_progress_is_silent_in_a_log_file_and_for_short_steps():
    log = io.StringIO()
    Progress("正在处理图片", stream=log)(3, 100)
    assert log.getvalue() == ""
    terminal = Terminal()
    Progress("正在处理图片", stream=terminal)(1, 4)
    assert terminal.getvalue() == ""
