"""notebooks/explore.ipynb runs top to bottom against a freshly written dataset (nbclient)."""

from __future__ import annotations

import json
from datetime import date

import nbformat
import pytest
from conftest import ROOT, make_record
from nbclient import NotebookClient
from test_dedup import ORIGINAL, OTHER, REPRINT

from load.writer import write_articles

pytestmark = pytest.mark.slow
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


def art(aid: str, source: str, day: date, body: str) -> dict:
    return make_record(article_id=aid, source=source, published_date=day, body=body, body_original=body,
                       content_sha256=f"h-{aid}", input_key=f"k-{aid}", input_path=f"in/{aid}", title=f"标题{aid}")


def test_notebook_runs_on_a_fresh_dataset(tmp_path, monkeypatch):
    write_articles([
        art("o1", "gsrb", date(2024, 3, 4), ORIGINAL),
        art("r1", "lzwb", date(2024, 3, 5), REPRINT),  # a reprint of o1 on another site
        art("x1", "gsrb", date(2024, 3, 5), OTHER),  # mentions 招商 twice
        art("y1", "gsrb", date(2024, 4, 1), "四月的一篇报道,与招商无关吗?不,也提到招商。" * 3),
    ], tmp_path / "articles")
    monkeypatch.setenv("NEWSETL_DATA", str(tmp_path))
    monkeypatch.setenv("NEWSETL_KEYWORD", "招商")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    summary = json.loads(nb.cells[-1].outputs[0]["text"])
    assert summary == {"articles": 4, "months": 3, "keyword_hits": 2, "reprint_groups": 1, "reprint_copies": 2}
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the plot was drawn
    assert "source" in json.dumps(nb.cells[3].outputs[0]["data"])  # per-month table shown
