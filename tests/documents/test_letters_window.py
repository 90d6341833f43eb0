"""The DL window (issue 19 point 1): every word of the recipient block inside the right window
(x 95-195 mm, y 44.5-89.5 mm nominal) with 3 mm to spare, nothing else within 3 mm of it;
measured on the word boxes of page 1 (pdftotext -bbox)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from tests import pdfcheck
from tests.factories import copy_raw, example_raw

MM = pdfcheck.MM
# the visual review's cases (shared/reviews/visual-cases), copied so the test runs anywhere
CASES = Path(__file__).resolve().parents[1] / "fixtures" / "visual"
WINDOW = (95.0, 44.5, 195.0, 89.5)  # mm
SPARE = 3.0


def render(runtime, kind, raw, **options):
    case, opts = load_request({"case": raw, "options": dict(options, sign=False)}, KINDS[kind])
    return generate(kind, case, opts, runtime)


def visual(name):
    path = CASES / f"{name}.case.json"
    return json.loads(path.read_text())


def cedex():
    raw = copy_raw(example_raw())
    raw["debtor"]["address"].update({"cedex": "CEDEX 09", "delivery_point": None})
    return raw


def measure(doc):
    """(block words, other words) in mm; the block is what the postage answer lists."""
    lines = doc.postage["recipient_lines"]
    tokens = {t for line in lines for t in line.split()}
    words = [(w, x0 / MM, y0 / MM, x1 / MM, y1 / MM)
             for w, x0, y0, x1, y1 in pdfcheck.words(doc.content, page=1)]
    x0, y0, x1, y1 = WINDOW
    block = [w for w in words if w[0] in tokens and x0 - 10 < w[1] and y0 - 10 < w[2] < y1 + 10]
    others = [w for w in words if w not in block]
    return lines, block, others


@pytest.mark.parametrize("name", ["domestic", "cedex", "abroad", "wide"])
@pytest.mark.parametrize("kind,options", [("mise_en_demeure", {}), ("relance", {"level": 3})])
def test_W1_W2_W3_W4_W5_window_holds_the_block_and_only_it(runtime, name, kind, options):
    raw = {"domestic": example_raw, "cedex": cedex}.get(name, lambda: visual(name))()
    if kind == "relance":
        raw["reminders"] = [r for r in raw.get("reminders", []) if r["kind"] != "mise_en_demeure"]
    doc = render(runtime, kind, raw, **options)
    lines, block, others = measure(doc)
    x0, y0, x1, y1 = WINDOW
    # every token of every line is printed inside (W1: the country line; W2: no cut)
    printed = " ".join(w[0] for w in sorted(block, key=lambda w: (round(w[2]), w[1])))
    for line in lines:
        for token in line.split():
            assert token in printed, (name, token)
    for w, a, b, c, d in block:
        assert a >= x0 + SPARE and c <= x1 - SPARE, (name, w, a, c)
        assert b >= y0 + SPARE and d <= y1 - SPARE, (name, w, b, d)
    # nothing else within the window grown by the 3 mm of play (W3 letterhead, W4 LRAR, W5 date)
    for w, a, b, c, d in others:
        inside = a < x1 + SPARE and c > x0 - SPARE and b < y1 + SPARE and d > y0 - SPARE
        assert not inside, (name, w, round(a, 1), round(b, 1), round(c, 1), round(d, 1))
    if name == "abroad":
        assert lines[-1] == "BELGIQUE" and len(lines) == 7
