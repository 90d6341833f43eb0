"""How the PDF template lays out a draft's paragraphs: runs of ``claim`` rows become the sums
table, runs of ``period*`` rows the breakdown table, and consecutive paragraphs sharing a
``keep`` group become one block the page break never splits (visual review P6–P9)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from service.documents.base import Para

TABLE_KINDS = {"claim": "claims", "period_head": "periods", "period": "periods",
               "period_total": "periods"}


def blocks(paras: Sequence[Para]) -> list[dict[str, Any]]:
    """``[{"keep": group or None, "content": [item, ...]}]``; an item is ``{"kind": "p", "style",
    "text"}``, ``{"kind": "claims", "rows": [(text, amount)]}`` or ``{"kind": "periods",
    "head": cells, "groups": [[(style, cells), ...], ...]}`` (one group per invoice, the
    last one with the grand total: a group is never split, so a total never stands alone)."""
    out: list[dict[str, Any]] = []
    for para in paras:
        if not out or out[-1]["keep"] != para.keep:
            out.append({"keep": para.keep, "content": []})
        items: list[dict[str, Any]] = out[-1]["content"]
        table = TABLE_KINDS.get(para.style)
        if table is None:
            items.append({"kind": "p", "style": para.style, "text": para.text})
            continue
        if not items or items[-1]["kind"] != table:
            items.append({"kind": table, "rows": [], "head": (), "groups": []})
        if para.style == "claim":
            items[-1]["rows"].append((para.text, para.amount or ""))
        elif para.style == "period_head":
            items[-1]["head"] = para.cells
        else:
            groups = items[-1]["groups"]
            if not groups or (para.style == "period" and para.cells[0]):  # a new invoice
                groups.append([])
            groups[-1].append((para.style, para.cells))
    return out
