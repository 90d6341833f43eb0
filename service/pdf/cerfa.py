"""Official forms (Cerfa « requête en injonction de payer »): the package's front door.

* :mod:`service.pdf.cerfa_maps`: the field maps in ``forms/cerfa`` (found by globbing
  ``*.fields.yaml``) — which official forms are present;
* :mod:`service.pdf.cerfa_layout`: fitting a value in its box (wrap, shrink, cut);
* :mod:`service.pdf.cerfa_pdf`: AcroForm widgets, appearance streams, flattening (pypdf);
* :mod:`service.pdf.cerfa_fill`: filling a form from semantic values.

Operator helper: ``python -m service.pdf.cerfa widgets file.pdf`` lists a PDF's widgets, what is
needed to write the field map of an official PDF.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from service.pdf.cerfa_fill import FillResult, Overflow, fill_form
from service.pdf.cerfa_layout import OVERFLOW_MARKER
from service.pdf.cerfa_maps import (
    FieldSpec,
    FormSpec,
    available_forms,
    find_form,
    load_field_map,
    load_form,
)
from service.pdf.cerfa_pdf import da_size, fq_name, inherited, rect

__all__ = ["OVERFLOW_MARKER", "FieldSpec", "FillResult", "FormSpec", "Overflow",
           "available_forms", "fill_form", "find_form", "list_widgets", "load_field_map",
           "load_form", "main"]


def _widget_type(annot: DictionaryObject) -> str:
    ftype = inherited(annot, "/FT")
    flags = int(inherited(annot, "/Ff") or 0)
    if ftype == "/Tx":
        return "text"
    if ftype == "/Btn":
        if flags & (1 << 16):
            return "pushbutton"
        return "radio" if flags & (1 << 15) else "checkbox"
    if ftype == "/Ch":
        return "choice"
    if ftype == "/Sig":
        return "signature"
    return "unknown"


def list_widgets(pdf_path: Path | str) -> list[dict[str, Any]]:
    """Every widget of a PDF, in reading order: what an operator needs to write a field map."""
    reader = PdfReader(str(pdf_path))
    rows: list[dict[str, Any]] = []
    for page_no, page in enumerate(reader.pages, start=1):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Widget":
                continue
            x1, y1, x2, y2 = rect(annot)
            row: dict[str, Any] = {
                "name": fq_name(annot),
                "type": _widget_type(annot),
                "page": page_no,
                "rect": [round(x1, 2), round(y1, 2), round(x2, 2), round(y2, 2)],
                "tooltip": str(inherited(annot, "/TU") or ""),
                "max_length": int(inherited(annot, "/MaxLen") or 0) or None,
                "multiline": bool(int(inherited(annot, "/Ff") or 0) & (1 << 12)),
                "font_size": da_size(annot),
                "quadding": int(inherited(annot, "/Q") or 0),
            }
            ap = annot.get("/AP")
            if row["type"] in ("checkbox", "radio") and ap is not None:
                normal = ap.get_object().get("/N")
                if normal is not None and isinstance(normal.get_object(), DictionaryObject):
                    row["on_values"] = sorted(str(k) for k in normal.get_object() if k != "/Off")
            rows.append(row)
    rows.sort(key=lambda r: (r["page"], -round(r["rect"][3]), r["rect"][0]))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service.pdf.cerfa")
    sub = parser.add_subparsers(dest="command", required=True)
    cmd = sub.add_parser("widgets", help="list the AcroForm widgets of a PDF (YAML)")
    cmd.add_argument("pdf", type=Path)
    args = parser.parse_args(argv)
    if args.command == "widgets":
        yaml.safe_dump(
            list_widgets(args.pdf), sys.stdout, sort_keys=False, allow_unicode=True, width=100
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
