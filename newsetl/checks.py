"""Checks a command makes before Prefect starts: a mistake costs one line and no waiting.

Each check returns the one-line reason the command cannot run, or None. Without them, a
reversed date range or an unknown source surfaced as a Prefect ParameterTypeError after the
ephemeral server had started (60-90 s), and `--out s3://...` on `newsetl run` wrote a local
folder named `s3:`.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from newsetl import settings


def date_range(start: date | None, end: date | None) -> str | None:
    if (start is None) != (end is None):
        return "give both --from and --to, or neither"
    if start is not None and end is not None and end < start:
        return f"--to {end} is before --from {start}"
    return None


def sources_known(names: list[str] | None) -> str | None:
    """Every named source is in the registry folder in use (settings.sources_dir)."""
    if not names:
        return None
    from extract.sources import RegistryError, load_registry

    folder = settings.sources_dir()
    try:
        known = load_registry(folder)
    except RegistryError as exc:
        return f"source registry {folder} does not load: {exc}"
    unknown = [n for n in names if n not in known]
    if unknown:
        return f"unknown source {', '.join(unknown)} (registry {folder}: {', '.join(sorted(known)) or 'empty'})"
    return None


def local_output(out: str, command: str) -> str | None:
    """`out` is a local folder this process can create and write (commands without object-store
    output refuse URLs instead of writing a folder named after the scheme)."""
    if "://" in out:
        return f"--out {out}: `newsetl {command}` writes local folders only (the backfill and reprocess flows take URLs)"
    path = Path(out)
    probe = path
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        return f"--out {out}: {probe} is a file, not a folder"
    if probe.exists() and not os.access(probe, os.W_OK | os.X_OK):
        return f"--out {out}: {probe} is not writable"
    return None


def existing_output(out: str) -> str | None:
    """Commands that read a dataset: the folder must be there."""
    if "://" not in out and not Path(out).is_dir():
        return f"--out {out}: no such folder (nothing has been written there)"
    return None
