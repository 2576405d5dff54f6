"""One background thread for `mkdocs serve`: the search index of the last edit, written after the
preview shows it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger(__name__)


class BackgroundQueue:
    """Under `mkdocs serve`, whose server answers nothing until a build returns: jobs (the search
    index) run after it, on one thread. A job waiting there is replaced, since a newer edit's index
    covers it: a correspondent saving every second never waits for an index."""

    def __init__(self, failed: str = "站内搜索索引未能更新") -> None:
        self.failed = failed  # what the log says when a job fails
        self.background: threading.Thread | None = None
        self.background_job: Callable[[], None] | None = None
        self.background_delay = 0.0
        self.background_lock = threading.Lock()

    def in_background(self, job: Callable[[], None], delay: float = 0.0) -> None:
        """Run `job` on the queue's thread, `delay` seconds from now at the earliest: a job that
        follows a quick update leaves the browsers that reload the time to load the page (a
        Python thread at work slows every other, the server's included)."""
        with self.background_lock:
            self.background_job, self.background_delay = job, delay
            if self.background is None:
                self.background = threading.Thread(target=self.run_background, daemon=True)
                self.background.start()

    def run_background(self) -> None:
        while True:
            with self.background_lock:
                job, self.background_job = self.background_job, None
                delay, self.background_delay = self.background_delay, 0.0
                if job is None:
                    self.background = None
                    return
            if delay:
                time.sleep(delay)
            try:
                job()
            except Exception as error:  # noqa: BLE001 - the preview stays up; the next whole build reports it
                log.error(str(error) if isinstance(error, PluginError) else f"{self.failed}：{error!r}")

    def wait_for_background(self) -> None:
        with self.background_lock:
            thread = self.background
        if thread is not None:
            thread.join()
