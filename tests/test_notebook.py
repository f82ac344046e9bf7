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
# Signed amounts: Tianshui 85.6 (the 52 after 其中 is a breakdown), Lanzhou New Area 20 (Lanzhou).
SIGNING = ("3月6日,天水市举行招商引资项目集中签约仪式,共签约项目12个,签约金额85.6亿元,其中工业项目签约52亿元。"
           "会上,兰州新区与3家企业签约,签约额20亿元。")
# Linxia 30 signed; the 12 is investment (a project's cost), not a signed amount.
LINXIA = "4月2日,临夏州与甘肃银行签订战略合作协议,签约金额30亿元。总投资12亿元的和政县文旅项目同时开工。"
# No place in the amount's sentence: the article's first Gansu place (白银) attributes it, not 上海.
BAIYIN = "白银市招商推介会在上海举行。现场共签约项目8个,签约金额15亿元,签约金额15亿元。"


def art(aid: str, source: str, day: date, body: str) -> dict:
    return make_record(article_id=aid, source=source, published_date=day, body=body, body_original=body,
                       content_sha256=f"h-{aid}", input_key=f"k-{aid}", input_path=f"in/{aid}", title=f"标题{aid}")


def test_notebook_runs_on_a_fresh_dataset(tmp_path, monkeypatch):
    write_articles([
        art("o1", "gsrb", date(2024, 3, 4), ORIGINAL),
        art("r1", "lzwb", date(2024, 3, 5), REPRINT),  # a reprint of o1 on another site
        art("x1", "gsrb", date(2024, 3, 5), OTHER),  # mentions 招商 twice
        art("y1", "gsrb", date(2024, 4, 1), "四月的一篇报道,与招商无关吗?不,也提到招商。" * 3),
        art("s1", "gsrb", date(2024, 3, 6), SIGNING),
        art("s1r", "lzwb", date(2024, 3, 7), "本网讯 " + SIGNING + "(来源:甘肃日报)"),  # a reprint: not added again
        art("s2", "gsrb", date(2024, 4, 2), LINXIA),
        art("s3", "lzwb", date(2024, 4, 3), BAIYIN),
        {**art("m1", "lzwb", date(2024, 4, 3), "一篇杂志文章，只印了刊期。" * 3),
         "published_date": None, "date_source": None, "published_month": "2023-11"},  # 2023年11月号
    ], tmp_path / "articles")
    monkeypatch.setenv("NEWSETL_DATA", str(tmp_path))
    monkeypatch.setenv("NEWSETL_KEYWORD", "招商")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = {i: "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in cell.outputs)
            for i, cell in enumerate(nb.cells) if cell.cell_type == "code"}
    assert "1 of 9 articles carry no publication date" in text[5]  # the project's reader and DuckDB agree
    assert "9 articles with a month of publication, 0 rows without one" in text[6]  # the month-only row counts
    assert "gsrb" in text[8] and "lzwb" in text[8]  # the Polars cell
    signed = [line.split() for line in text[14].splitlines()[1:]]
    got = {(int(r[1]), int(r[2]), r[3]): float(r[5]) for r in signed if len(r) == 6}
    assert got == {(2024, 3, "620100"): 20.0, (2024, 3, "620500"): 85.6, (2024, 4, "620400"): 15.0,
                   (2024, 4, "622900"): 30.0}
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 2  # articles per month, signed amounts
    assert "source" in json.dumps(nb.cells[3].outputs[0]["data"])  # per-month table shown
    assert not any('"signed_yi"' in t for t in text.values())  # no test-only summary printed
