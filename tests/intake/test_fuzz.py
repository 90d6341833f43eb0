"""Whatever files a client sends, the intake answers 200, 413, 415 or 422: never a 500."""

from __future__ import annotations

import io
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.intake import build

SAMPLES = Path(__file__).parent / "samples"
CSV = build.csv_bytes([
    ["debtor_name", "debtor_siren", "invoice_number", "issue_date", "due_date",
     "amount_incl_tax", "paid"],
    ["Client", "552100554", "F-1", "01/02/2026", "03/03/2026", "1 200,00", "100,00"]])
SEEDS = [build.cii(), (SAMPLES / "ubl-invoice.xml").read_bytes(),
         (SAMPLES / "ubl-credit-note.xml").read_bytes(), CSV, build.facturx_pdf()]
XML_VALUES = [b"", b"-1", b"1e400", b"12.345", b"abc", b"20261340", b"381", b"USD", b"0002",
              b"\xff\xfe", b"&amp;", b"<x/>", b"9" * 300]


@st.composite
def mutated(draw):
    seed = draw(st.sampled_from(SEEDS))
    if seed.startswith(b"%PDF") or draw(st.booleans()):
        data = bytearray(seed)
        for _ in range(draw(st.integers(1, 4))):
            if not data:
                break
            i = draw(st.integers(0, len(data) - 1))
            op = draw(st.sampled_from(["flip", "cut", "insert"]))
            if op == "flip":
                data[i] ^= draw(st.integers(1, 255))
            elif op == "cut":
                del data[i: i + draw(st.integers(1, 200))]
            else:
                data[i:i] = draw(st.binary(max_size=20))
        return bytes(data)
    # replace the text of one element (XML) or one cell (CSV) by an odd value
    texts = [m.span(1) for m in re.finditer(rb">([^<>]+)<", seed)] or \
        [m.span() for m in re.finditer(rb"[^;\r\n]+", seed)]
    start, end = draw(st.sampled_from(texts))
    return seed[:start] + draw(st.sampled_from(XML_VALUES)) + seed[end:]


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(files=st.lists(mutated(), min_size=1, max_size=3))
def test_mutated_files_never_give_a_500(client, files):
    data = {"files": [(io.BytesIO(f), f"f{i}") for i, f in enumerate(files)]}
    r = client.post("/v1/cases/from-invoices", data=data, content_type="multipart/form-data")
    assert r.status_code in (200, 413, 415, 422), (r.status_code, r.data[:500])
    if r.status_code != 200:
        assert r.mimetype == "application/problem+json"
        assert r.json["errors"], r.json
