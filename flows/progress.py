"""Pages handled by this process's flow runs, for a terminal progress bar (`newsetl reprocess`).

A run made of child flows (one per source) cannot draw one bar from inside: the children run
side by side. They count here instead — pages expected once each child has collected them,
pages done as each transform batch returns (parsed or from the cache) — and the command draws
one bar from these counts. Only meaningful for runs in this process (the local CLI); a
deployment's runs count in their worker, where nobody reads them.
"""

from __future__ import annotations

import threading


class PageCounter:
    """Thread-safe totals: children run in threads of the parent flow's process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.expected = 0
        self.done = 0

    def expect(self, n: int) -> None:
        with self._lock:
            self.expected += n

    def advance(self, n: int) -> None:
        with self._lock:
            self.done += n

    def reset(self) -> None:
        with self._lock:
            self.expected = self.done = 0


PAGES = PageCounter()
