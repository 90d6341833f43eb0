"""``recouvre case-from-invoices``: one case file per debtor, numbers kept as numbers, and an
items file that ``recouvre batch`` renders."""

from __future__ import annotations

import json
from decimal import Decimal

from service.cli import main
from service.jsonio import parse_json
from tests.intake import build
from tests.intake.build import Inv

DEFAULTS = """{
  "reference": "DOS-2026-0100",
  "as_of": "2026-11-20",
  "creditor": {"activity": "commercial"},
  "debtor": {"activity": "commercial"},
  "terms": {"late_penalty_rate": 0.1215, "flat_indemnity": true},
  "signatory": {"name": "Marie Dupont", "title": "Gérante", "place": "Lyon"}
}"""


def test_case_files_per_debtor_then_batch_renders_them(tmp_path, capsys):
    pdf = tmp_path / "F-2026-0117.pdf"
    pdf.write_bytes(build.facturx_pdf(Inv()))
    rows = [["debtor_name", "debtor_siren", "debtor_street", "debtor_postal_code",
             "debtor_city", "invoice_number", "issue_date", "due_date", "amount_incl_tax",
             "debtor_type"],
            ["Menuiserie Roux", "552100554", "1 quai Perrache", "69002", "Lyon", "F-2026-0300",
             "01/06/2026", "01/07/2026", "2 400,00", "company"]]
    export = tmp_path / "export.csv"
    export.write_bytes(build.csv_bytes(rows, encoding="cp1252"))
    defaults = tmp_path / "defaults.json"
    defaults.write_text(DEFAULTS.replace('"creditor": {"activity": "commercial"}',
                                         '"creditor": ' + json.dumps({
                                             "type": "company", "name": "Atelier Dupont",
                                             "siren": "732829320", "activity": "commercial",
                                             "legal_form": "SARL", "rcs_city": "Lyon",
                                             "share_capital": "10000.00",
                                             "address": {"street": "12 rue de la République",
                                                         "postal_code": "69002",
                                                         "city": "Lyon"}})), encoding="utf-8")
    out = tmp_path / "cases"
    code = main(["case-from-invoices", str(pdf), str(export), "--case", str(defaults),
                 "-o", str(out), "--kind", "mise_en_demeure"])
    assert code == 0, capsys.readouterr().err
    names = sorted(p.name for p in out.iterdir())
    assert names == ["DOS-2026-0100-01.json", "DOS-2026-0100-02.json", "items.ndjson",
                     "warnings.json"]
    text = (out / "DOS-2026-0100-01.json").read_text(encoding="utf-8")
    assert '"late_penalty_rate": 0.1215' in text  # a number stays a number
    first = parse_json(text)
    assert first["terms"]["late_penalty_rate"] == Decimal("0.1215")
    assert first["invoices"][0]["number"] == "F-2026-0117"
    second = parse_json((out / "DOS-2026-0100-02.json").read_bytes())
    assert second["debtor"]["name"] == "Menuiserie Roux"
    assert second["invoices"][0]["amount_incl_tax"] == "2400.00"
    warnings = json.loads((out / "warnings.json").read_text(encoding="utf-8"))
    assert {w["code"] for w in warnings} >= {"no_reminders", "evidence_missing"}
    assert "warning no_reminders" in capsys.readouterr().err
    # the decompte command reads a case file as it is
    assert main(["decompte", str(out / "DOS-2026-0100-02.json")]) == 0
    assert "2400.00" in capsys.readouterr().out
    rendered = tmp_path / "out"
    code = main(["batch", str(out / "items.ndjson"), "-o", str(rendered), "--jobs", "1", "-q"])
    assert code == 0, capsys.readouterr()
    manifest = json.loads((rendered / "manifest.json").read_text(encoding="utf-8"))
    assert [i["status"] for i in manifest["items"]] == ["ok", "ok"]


def test_a_bad_file_exits_1_with_the_problem(tmp_path, capsys):
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(build.small_pdf())
    assert main(["case-from-invoices", str(bad), "-o", str(tmp_path / "c")]) == 1
    err = capsys.readouterr().err
    assert "facturx" not in err.lower() or "scan.pdf" in err
    assert "scan.pdf" in err and "422" in err
    assert main(["case-from-invoices", str(tmp_path / "missing.pdf"), "-o", str(tmp_path)]) == 2
