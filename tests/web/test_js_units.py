"""The page's pure helpers (French formatting, French paths, the ZIP reader), run in Node."""

from __future__ import annotations

import base64
import io
import json
import shutil
import subprocess
import zipfile

import pytest

from service.web import STATIC

NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")

SCRIPT = """
const fmt = await import(%(fmt)s);
const labels = await import(%(labels)s);
const zip = await import(%(zip)s);
const bytes = Uint8Array.from(Buffer.from(process.argv[1], "base64"));
const counter = new zip.EntryCounter();
for (let i = 0; i < bytes.length; i += 7) counter.push(bytes.subarray(i, i + 7));
console.log(JSON.stringify({
  euros: [fmt.euros("4834.72"), fmt.euros("0.5"), fmt.euros("1234567.00"), fmt.euros("-12.30")],
  percent: [fmt.percent("0.1215"), fmt.percent("0.124"), fmt.percent("0.03"), fmt.percent("0.12345")],
  dates: [fmt.longDate("2026-11-01"), fmt.longDate("2026-11-20"), fmt.shortDate("2026-06-04")],
  amounts: [fmt.normaliseAmount("4 800,5"), fmt.normaliseAmount("0012,00 €"), fmt.normaliseAmount("12,345")],
  paths: [labels.pathLabel("case.invoices[1].due_date"), labels.pathLabel("case.debtor.siren")],
  entries: counter.count,
  manifest: await zip.readManifest(bytes),
}));
"""


def test_french_formatting_paths_and_the_zip_reader():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr(zipfile.ZipInfo("0000_a.pdf"), b"%PDF-1.7 " * 50)  # stored
        manifest = zipfile.ZipInfo("manifest.json")
        manifest.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(manifest, json.dumps({"items": [{"id": "a", "status": "ok"}]}))
    urls = {k: json.dumps((STATIC / f"{k}.js").as_uri()) for k in ("fmt", "labels", "zip")}
    out = subprocess.run([NODE, "--input-type=module", "-e", SCRIPT % urls,
                          base64.b64encode(buf.getvalue()).decode()],
                         capture_output=True, text=True, timeout=30, check=True)
    got = json.loads(out.stdout)
    nn, nb = "\u202f", "\u00a0"
    assert got["euros"] == [f"4{nn}834,72{nb}€", f"0,50{nb}€", f"1{nn}234{nn}567,00{nb}€",
                            f"−12,30{nb}€"]
    assert got["percent"] == [f"12,15{nn}%", f"12,40{nn}%", f"3,00{nn}%", f"12,345{nn}%"]
    assert got["dates"] == [f"1er{nb}novembre{nb}2026", f"20{nb}novembre{nb}2026", "04/06/2026"]
    assert got["amounts"] == ["4800.50", "12.00", "12,345"]  # three decimals: left for the API
    assert got["paths"] == ["Factures › Facture 2 › Date d’échéance", "Débiteur › SIREN"]
    assert got["entries"] == 2
    assert got["manifest"] == {"items": [{"id": "a", "status": "ok"}]}
