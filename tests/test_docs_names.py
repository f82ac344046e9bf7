"""Every module the docs and docstrings name exists: a renamed module cannot leave a stale pointer.

Scans README.md, docs/*.md and the docstrings and comments of the project's modules for
dotted names under the project's packages (`transform.common.dates.find_dates`) and for file
paths (`extract/archive.py`), and resolves each: the longest importable module prefix, then
attributes for the rest.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("transform", "extract", "load", "flows", "newsetl")
DOTTED = re.compile(r"(?<![\w./-])((?:" + "|".join(PACKAGES) + r")(?:\.[A-Za-z_][A-Za-z0-9_]*)+)")
PATH = re.compile(r"(?<![\w./-])((?:" + "|".join(PACKAGES) + r"|tests|bench)/[\w/.-]*\.(?:py|md|csv|toml))")


def _texts() -> list[tuple[str, str]]:
    out = [("README.md", (ROOT / "README.md").read_text(encoding="utf-8"))]
    out += [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in sorted((ROOT / "docs").glob("*.md"))]
    for pkg in PACKAGES:
        for p in sorted((ROOT / pkg).rglob("*.py")):
            text = p.read_text(encoding="utf-8")
            prose = re.findall(r'"""(.*?)"""', text, flags=re.S) + re.findall(r"#\s*(.*)", text)
            out.append((str(p.relative_to(ROOT)), "\n".join(prose)))
    return out


def _resolves(name: str) -> bool:
    if name.split(".")[-1] == "__main__":  # importing it would run the command line
        return importlib.util.find_spec(name) is not None
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def test_dotted_names_in_docs_and_docstrings_resolve():
    bad = []
    for where, text in _texts():
        for name in sorted(set(DOTTED.findall(text))):
            name = name.rstrip(".")
            if name.endswith((".py", ".md", ".toml", ".csv", ".json")):
                continue
            if not _resolves(name):
                bad.append(f"{where}: {name}")
    assert not bad, "names that do not resolve:\n" + "\n".join(bad)


def test_file_paths_in_docs_and_docstrings_exist():
    bad = []
    for where, text in _texts():
        for path in sorted(set(PATH.findall(text))):
            if not (ROOT / path).exists():
                bad.append(f"{where}: {path}")
    assert not bad, "paths that do not exist:\n" + "\n".join(bad)
