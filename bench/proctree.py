"""Resident size of a process tree, read from /proc (Linux): what a run costs in memory,
workers and Prefect's local server included. Used by bench/run_memory.py and the fuzz run."""

from __future__ import annotations

import os
import subprocess
import time


def tree_rss_mb(root: int) -> tuple[float, float]:
    """(whole tree, largest single process) resident size of a process and its descendants, MiB."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    parents[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, ppid in parents.items() if ppid in tree} - tree
        tree |= more
        grew = bool(more)
    sizes = []
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm") as fh:
                sizes.append(int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20)
        except (OSError, ValueError, IndexError):
            continue
    return sum(sizes), max(sizes, default=0.0)


def sample_peak(proc: subprocess.Popen, peak: list[float], every: float = 0.2) -> None:
    """Keep peak = [tree, largest process] at the largest sizes seen until the process ends
    (run in a thread)."""
    while proc.poll() is None:
        tree, largest = tree_rss_mb(proc.pid)
        peak[0], peak[1] = max(peak[0], tree), max(peak[1], largest)
        time.sleep(every)
