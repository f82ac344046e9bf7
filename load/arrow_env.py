"""Arrow settings for the pipeline's own processes (`newsetl run` and its parse workers).

Two settings, each measured on `newsetl run` over generated pages (bench/run_memory.py,
2026-12-04, 2 cores):

- The system allocator for Arrow buffers instead of the bundled mimalloc, which keeps the
  pages of freed buffers: the run's own process peaked at 535 MiB at 8,000 pages with
  mimalloc and at 380 MiB with the system allocator (335 MiB at 1,000 pages), same wall time.
- No pandas. pyarrow asks, on the first `pa.array()` of a Python list, whether the list is a pandas
object, and to answer imports pandas: 49 MiB of resident memory in every process (measured
2026-12-04 on this stack: 52 MiB after `import pyarrow`, 101 MiB once pandas is in), about
150 MiB of a run's tree with two workers, for a library the run never uses. Answering "no
pandas" once, before anything else does, keeps pandas out. Only for processes the pipeline
owns: a notebook that runs a flow in-process keeps pyarrow's normal behaviour.
"""

from __future__ import annotations

import sys


def configure_pipeline_process() -> None:
    """Both settings; called first thing by `newsetl run` and by each parse worker. An Arrow
    allocator named in ARROW_DEFAULT_MEMORY_POOL (pyarrow's own variable) is left in place."""
    import os

    import pyarrow as pa

    if not os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        pa.set_memory_pool(pa.system_memory_pool())
    arrow_without_pandas()


def arrow_without_pandas() -> bool:
    """Make pyarrow's pandas check answer "not installed" in this process, unless pandas is
    already imported; returns True when it did. `to_pandas()` still works afterwards (pyarrow
    imports pandas then), only the implicit check of every `pa.array()` input is skipped."""
    if "pandas" in sys.modules:
        return False
    import pyarrow as pa

    blocker = _NoPandas()
    sys.meta_path.insert(0, blocker)  # makes `import pandas` fail, once
    try:
        pa.array([0])  # pyarrow tries the import here and remembers the answer
    finally:
        sys.meta_path.remove(blocker)
    return "pandas" not in sys.modules


class _NoPandas:
    """An import finder that refuses pandas."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("pandas left out of this pipeline process (load.arrow_env)")
        return None
