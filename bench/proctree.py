"""Resident size of a process tree, read from /proc (Linux): what a run costs in memory,
workers and Prefect's local server included. Used by bench/run_memory.py and the fuzz run."""

from __future__ import annotations

import os
import subprocess
import time


def tree_sizes(root: int) -> dict[int, float]:
    """{pid: resident MiB} of a process and its descendants."""
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
    sizes = {}
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm") as fh:
                sizes[pid] = int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
        except (OSError, ValueError, IndexError):
            continue
    return sizes


def tree_rss_mb(root: int) -> tuple[float, float]:
    """(whole tree, largest single process) resident size of a process and its descendants, MiB."""
    sizes = tree_sizes(root).values()
    return sum(sizes), max(sizes, default=0.0)


def role(pid: int, root: int) -> str:
    """What a process of a `newsetl run` tree is: run, server, worker (or other)."""
    if pid == root:
        return "run"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            cmd = fh.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "other"
    return "server" if "uvicorn" in cmd else "worker" if "flows.workers" in cmd else "other"


def sample_peak(proc: subprocess.Popen, peak: list[float], every: float = 0.2,
                roles: dict[str, float] | None = None) -> None:
    """Keep peak = [tree, largest process] at the largest sizes seen until the process ends
    (run in a thread); with `roles`, also the largest size seen of each kind of process."""
    while proc.poll() is None:
        sizes = tree_sizes(proc.pid)
        peak[0], peak[1] = max(peak[0], sum(sizes.values())), max(peak[1], max(sizes.values(), default=0.0))
        if roles is not None:
            for pid, mb in sizes.items():
                kind = role(pid, proc.pid)
                roles[kind] = max(roles.get(kind, 0.0), mb)
        time.sleep(every)
