"""PDF inputs reach the layout reader from every entry point: `newsetl parse` and the flow."""

import json
import subprocess
import sys
from pathlib import Path

import pdf_factory as factory

NEWSETL = Path(sys.executable).parent / "newsetl"
EXPECTED = Path(__file__).parent / "fixtures" / "pdf"


def test_newsetl_parse_reads_a_pdf_by_its_layout(tmp_path):
    path = tmp_path / "page.pdf"
    path.write_bytes(factory.pdf("front"))
    expected = json.loads((EXPECTED / "front.expected.json").read_text(encoding="utf-8"))
    out = subprocess.run([str(NEWSETL), "parse", str(path)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(records) == expected["article_count"]
    assert any("page:1" in r["flags"] for r in records)


def test_newsetl_parse_refuses_a_scanned_pdf(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(factory.scanned())
    out = subprocess.run([str(NEWSETL), "parse", str(path)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    assert "no text layer" in out.stderr and out.stderr.count("\n") == 1


def test_flow_loads_pdf_articles_and_quarantines_scans(tmp_path, news_etl):
    from load.dataset import read_pandas
    from load.quarantine import read_quarantine

    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "front.pdf").write_bytes(factory.pdf("front"))
    (inputs / "scan.pdf").write_bytes(factory.scanned())
    out = tmp_path / "data"
    news_etl(inputs=[str(inputs)], out=str(out), source="pdfs")
    df = read_pandas(out / "articles")
    expected = json.loads((EXPECTED / "front.expected.json").read_text(encoding="utf-8"))
    assert len(df) == expected["article_count"]
    q = read_quarantine(out / "quarantine")
    assert len(q) == 1 and q[0]["stage"] == "extract" and "scan.pdf" in q[0]["input_ref"]
