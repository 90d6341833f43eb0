"""Fill the Cerfa « requête en injonction de payer » forms (12946*02, 12948*06) from a field map.

The filler knows nothing about a particular PDF: everything comes from the form's field map
(``forms/cerfa/cerfa_<number>.fields.yaml``), which names the PDF file and maps each semantic key
(``creditor.name``, ``sums.total``...) to a PDF field. An operator who obtains the official PDF
drops it in ``forms/cerfa`` with its own map and nothing else changes (see forms/cerfa/README.md).

Values are drawn by us, not by the viewer: each filled widget gets an appearance stream written
with an embedded subset of the bundled Liberation Sans (:mod:`service.pdf.fonts`), so the text
is visible in every viewer and identical after flattening. Text too long for its box is cut at
a word boundary and the box ends with « (suite en annexe, point k) »; the full text is returned
in ``FillResult.overflow`` for the caller's addendum page.

Operator helper: ``python -m service.pdf.cerfa widgets file.pdf`` lists a PDF's widgets.
"""

from __future__ import annotations

import argparse
import io
import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import yaml
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from service.paths import FORMS_CERFA
from service.pdf import fonts

# Form id -> field map file name, inside forms/cerfa.
FORM_MAPS: dict[str, str] = {
    "12946*02": "cerfa_12946-02.fields.yaml",
    "12948*06": "cerfa_12948-06.fields.yaml",
}

FieldType = Literal["text", "checkbox"]

DEFAULT_FONT_SIZE = 9.0
MIN_FONT_SCALE = 0.8  # a value may be drawn down to 80 % of the box's size before being cut
PADDING = 2.0  # points between the box border and the text
LINE_HEIGHT = 1.15  # em
FONT_RESOURCE = "/RcvSans"
ELLIPSIS = "…"
OVERFLOW_MARKER = "(suite en annexe, point {k})"
SHORT_OVERFLOW_MARKER = "(annexe {k})"


@dataclass(frozen=True)
class FieldSpec:
    """One entry of a field map."""

    key: str
    pdf_field: str
    type: FieldType
    page: int
    label: str
    max_chars: int | None = None
    lines: int = 1
    font_size: float | None = None
    on_value: str | None = None


@dataclass(frozen=True)
class FormSpec:
    """A fillable form: its PDF and the map from semantic keys to the PDF's fields."""

    form_id: str
    title: str
    pdf_path: Path
    fields: Mapping[str, FieldSpec]


@dataclass(frozen=True)
class Overflow:
    """A value that did not fit its box; ``reference`` is what the box shows instead."""

    key: str
    label: str
    text: str
    reference: str


@dataclass(frozen=True)
class FillResult:
    pdf: bytes
    overflow: list[Overflow] = field(default_factory=list)


# --------------------------------------------------------------------------- field maps


def load_form(form_id: str, *, forms_dir: Path | None = None) -> FormSpec:
    """Load the field map of ``form_id`` ("12946*02" or "12948*06") from ``forms/cerfa``."""
    try:
        map_name = FORM_MAPS[form_id]
    except KeyError:
        raise ValueError(f"unknown Cerfa form {form_id!r}; known: {sorted(FORM_MAPS)}") from None
    return load_field_map((forms_dir or FORMS_CERFA) / map_name)


def load_field_map(path: Path) -> FormSpec:
    """Read a field map YAML file; its ``pdf`` entry is resolved relative to the map."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    fields: dict[str, FieldSpec] = {}
    for key, raw in (doc.get("fields") or {}).items():
        ftype = raw.get("type", "text")
        if ftype not in ("text", "checkbox"):
            raise ValueError(f"{path.name}: field {key!r} has unknown type {ftype!r}")
        if ftype == "checkbox" and not raw.get("on_value"):
            raise ValueError(f"{path.name}: checkbox {key!r} needs an on_value")
        on_value = raw.get("on_value")
        if isinstance(on_value, bool):  # YAML 1.1 reads a bare Yes / On / True as a boolean
            raise ValueError(f"{path.name}: quote the on_value of {key!r} (e.g. '/Yes')")
        if on_value is not None and not str(on_value).startswith("/"):
            on_value = "/" + str(on_value)
        fields[key] = FieldSpec(
            key=key,
            pdf_field=str(raw["pdf_field"]),
            type=ftype,
            page=int(raw.get("page", 1)),
            label=str(raw.get("label") or key),
            max_chars=int(raw["max_chars"]) if raw.get("max_chars") else None,
            lines=int(raw.get("lines", 1)),
            font_size=float(raw["font_size"]) if raw.get("font_size") else None,
            on_value=on_value,
        )
    return FormSpec(
        form_id=str(doc["form"]),
        title=str(doc.get("title", "")),
        pdf_path=(path.parent / doc["pdf"]).resolve(),
        fields=fields,
    )


# --------------------------------------------------------------------------- layout


def _wrap(text: str, width: float, size: float, max_lines: int) -> list[str] | None:
    """Greedy word wrap; None when the text needs more than ``max_lines`` lines."""
    font = fonts.sans()
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}" if current else word
            if font.width(candidate, size) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word
            while font.width(current, size) > width:  # a word longer than the line
                cut = len(current)
                while cut > 1 and font.width(current[:cut], size) > width:
                    cut -= 1
                lines.append(current[:cut])
                current = current[cut:]
            if len(lines) > max_lines:
                return None
        lines.append(current)
        if len(lines) > max_lines:
            return None
    return lines


@dataclass(frozen=True)
class _Box:
    width: float
    height: float
    size: float
    lines: int
    max_chars: int | None


def _layout(text: str, box: _Box) -> tuple[list[str], float] | None:
    """Lines and font size that fit ``text`` in the box, or None."""
    if box.max_chars is not None and len(text) > box.max_chars:
        return None
    inner = box.width - 2 * PADDING
    size = box.size
    while size >= box.size * MIN_FONT_SCALE - 1e-6:
        lines_fit = 1
        if box.lines > 1:
            lines_fit = max(1, math.floor((box.height - 2 * PADDING) / (size * LINE_HEIGHT)))
        wrapped = _wrap(text, inner, size, lines_fit)
        if wrapped is not None:
            return wrapped, size
        size -= 0.25
    return None


def _truncate(text: str, marker: str, box: _Box) -> tuple[str, list[str], float] | None:
    """Longest word-boundary prefix of ``text`` that fits with the overflow marker, if any."""
    cuts = [i for i, c in enumerate(text) if c in " \n"]
    best: tuple[str, list[str], float] | None = None
    lo, hi = 0, len(cuts) - 1
    while lo <= hi:  # fitting is monotonic in the prefix length
        mid = (lo + hi) // 2
        prefix = text[: cuts[mid]].rstrip(" ,;:-—\n")
        candidate = f"{prefix} {ELLIPSIS} {marker}" if prefix else marker
        laid = _layout(candidate, box)
        if laid is not None:
            best = (candidate, *laid)
            lo = mid + 1
        else:
            hi = mid - 1
    if best is None:
        laid = _layout(marker, box)
        best = (marker, *laid) if laid is not None else None
    return best


# --------------------------------------------------------------------------- PDF helpers


def _fq_name(obj: DictionaryObject) -> str:
    parts = []
    node: DictionaryObject | None = obj
    while node is not None:
        if "/T" in node:
            parts.append(str(node["/T"]))
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return ".".join(reversed(parts))


def _inherited(obj: DictionaryObject, key: str) -> Any:
    node: DictionaryObject | None = obj
    while node is not None:
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return None


def _field_of(widget: DictionaryObject) -> DictionaryObject:
    """The terminal field a widget belongs to (the widget itself when merged)."""
    if "/T" in widget or "/Parent" not in widget:
        return widget
    return cast(DictionaryObject, widget["/Parent"].get_object())


def _rect(widget: DictionaryObject) -> tuple[float, float, float, float]:
    x1, y1, x2, y2 = (float(v) for v in cast(ArrayObject, widget["/Rect"]))
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def _da_size(widget: DictionaryObject) -> float | None:
    da = _inherited(widget, "/DA")
    if da is None:
        return None
    tokens = str(da).split()
    for i, tok in enumerate(tokens):
        if tok == "Tf" and i >= 1:
            try:
                size = float(tokens[i - 1])
            except ValueError:
                return None
            return size or None
    return None


def _max_len(widget: DictionaryObject) -> int | None:
    value = _inherited(widget, "/MaxLen")
    return int(value) if value else None


def _widgets(writer: PdfWriter) -> dict[str, list[tuple[int, DictionaryObject]]]:
    found: dict[str, list[tuple[int, DictionaryObject]]] = {}
    for index, page in enumerate(writer.pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") == "/Widget":
                found.setdefault(_fq_name(annot), []).append((index, annot))
    return found


def _text_appearance(
    writer: PdfWriter,
    font_ref: IndirectObject,
    width: float,
    height: float,
    lines: Sequence[str],
    size: float,
    multiline: bool,
    comb: int | None = None,
) -> IndirectObject:
    """A text widget's /N appearance; ``comb`` spreads one line over that many equal cells."""
    font = fonts.sans()
    ops = [
        "/Tx BMC",
        "q",
        f"0 0 {width:.3f} {height:.3f} re W n",
        "BT",
        f"{FONT_RESOURCE} {size:.2f} Tf",
        "0 g",
    ]
    leading = size * LINE_HEIGHT
    if multiline:
        y = height - PADDING - size * font.ascent / 1000
    else:
        y = (height - size * font.cap_height / 1000) / 2
    if comb and len(lines) == 1 and len(lines[0]) <= comb:
        cell = width / comb
        for i, char in enumerate(lines[0]):
            x = i * cell + (cell - font.width(char, size)) / 2
            ops.append(f"1 0 0 1 {x:.3f} {y:.3f} Tm <{font.hex(char)}> Tj")
        lines = []
    for line in lines:
        ops.append(f"1 0 0 1 {PADDING:.3f} {y:.3f} Tm <{font.hex(line)}> Tj")
        y -= leading
    ops += ["ET", "Q", "EMC"]
    stream = DecodedStreamObject()
    stream.set_data("\n".join(ops).encode("ascii"))
    stream.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                [FloatObject(0), FloatObject(0), FloatObject(width), FloatObject(height)]
            ),
            NameObject("/Resources"): DictionaryObject(
                {NameObject("/Font"): DictionaryObject({NameObject(FONT_RESOURCE): font_ref})}
            ),
        }
    )
    return writer._add_object(stream.flate_encode())


def _normal_appearance(widget: DictionaryObject) -> StreamObject | None:
    ap = widget.get("/AP")
    if ap is None or "/N" not in ap.get_object():
        return None
    normal = ap.get_object()["/N"].get_object()
    if isinstance(normal, StreamObject):
        return normal
    state = widget.get("/AS")
    if state is None or state not in normal:
        return None
    return normal[state].get_object()


def _states(widget: DictionaryObject) -> set[str]:
    """Appearance state names of a button widget (its export values and /Off)."""
    ap = widget.get("/AP")
    normal = ap.get_object().get("/N") if ap is not None else None
    if normal is None or not isinstance(normal.get_object(), DictionaryObject):
        return set()
    if isinstance(normal.get_object(), StreamObject):
        return set()
    return {str(k) for k in normal.get_object()}


def _flatten(writer: PdfWriter) -> None:
    """Burn every visible widget's appearance into its page and drop the form."""
    for index, page in enumerate(writer.pages):
        annots = page.get("/Annots")
        if not annots:
            continue
        draws: list[str] = []
        xobjects: dict[str, PdfObject] = {}
        kept = ArrayObject()
        for ref in annots.get_object():
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Widget":
                kept.append(ref)
                continue
            flags = int(annot.get("/F", 0))
            appearance = _normal_appearance(annot)
            if appearance is None or flags & 0b10 or flags & 0b1 or flags & 0b100000:
                continue  # hidden, invisible or no-view widgets are not printed
            bx1, by1, bx2, by2 = (float(v) for v in appearance.get("/BBox", [0, 0, 1, 1]))
            m = [float(v) for v in appearance.get("/Matrix", [1, 0, 0, 1, 0, 0])]
            corners = [(bx1, by1), (bx1, by2), (bx2, by1), (bx2, by2)]
            tx = [m[0] * x + m[2] * y + m[4] for x, y in corners]
            ty = [m[1] * x + m[3] * y + m[5] for x, y in corners]
            x1, y1, x2, y2 = _rect(annot)
            bw, bh = max(tx) - min(tx), max(ty) - min(ty)
            if bw <= 0 or bh <= 0:
                continue
            sx, sy = (x2 - x1) / bw, (y2 - y1) / bh
            name = f"/RcvFlat{index}x{len(xobjects)}"
            xobjects[name] = (
                appearance.indirect_reference
                if appearance.indirect_reference is not None
                else writer._add_object(appearance)
            )
            draws.append(
                f"q {sx:.6f} 0 0 {sy:.6f} {x1 - min(tx) * sx:.3f} {y1 - min(ty) * sy:.3f} cm "
                f"{name} Do Q"
            )
        if kept:
            page[NameObject("/Annots")] = kept
        elif "/Annots" in page:
            del page["/Annots"]
        if not draws:
            continue
        resources = DictionaryObject(page.get("/Resources", DictionaryObject()).get_object())
        existing = resources.get("/XObject")
        merged = (
            DictionaryObject(existing.get_object()) if existing is not None else DictionaryObject()
        )
        merged.update({NameObject(k): v for k, v in xobjects.items()})
        resources[NameObject("/XObject")] = merged
        page[NameObject("/Resources")] = resources
        original = page.get_contents()
        data = original.get_data() if original is not None else b""
        content = DecodedStreamObject()
        content.set_data(b"q\n" + data + b"\nQ\n" + "\n".join(draws).encode("ascii") + b"\n")
        page[NameObject("/Contents")] = writer._add_object(content.flate_encode())
    root = writer._root_object
    if "/AcroForm" in root:
        del root["/AcroForm"]


# --------------------------------------------------------------------------- filling


def _single_line(text: str) -> str:
    return ", ".join(part.strip() for part in text.splitlines() if part.strip())


def fill_form(
    spec: FormSpec, values: Mapping[str, str | bool], *, flatten: bool = True
) -> FillResult:
    """Fill ``spec``'s PDF with ``values`` (semantic key -> text, or bool for checkboxes).

    Unknown keys and values of the wrong type raise ``ValueError`` (programming errors). Text
    that does not fit its box is cut at a word boundary and ends with « (suite en annexe,
    point k) »; the full text is returned in ``overflow``, in k order. With ``flatten`` (the
    default) the values are burnt into the pages and no form field remains.
    """
    unknown = sorted(set(values) - set(spec.fields))
    if unknown:
        raise ValueError(f"Cerfa {spec.form_id}: unknown field keys {unknown}")
    for key, value in values.items():
        expected = bool if spec.fields[key].type == "checkbox" else str
        if not isinstance(value, expected):
            raise ValueError(
                f"Cerfa {spec.form_id}: {key} expects {expected.__name__}, "
                f"got {type(value).__name__}"
            )

    writer = PdfWriter(clone_from=PdfReader(spec.pdf_path))
    widgets = _widgets(writer)
    missing = sorted(
        spec.fields[k].pdf_field for k in values if spec.fields[k].pdf_field not in widgets
    )
    if missing:
        raise ValueError(
            f"{spec.pdf_path.name}: no such PDF fields {missing} (check the field map)"
        )

    # Lay every text value out first, so one font subset covers them all.
    overflow: list[Overflow] = []
    laid_out: dict[str, tuple[str, list[str], float]] = {}
    for key, value in values.items():
        fspec = spec.fields[key]
        if fspec.type != "text" or not isinstance(value, str) or not value.strip():
            continue
        _, widget = widgets[fspec.pdf_field][0]
        x1, y1, x2, y2 = _rect(widget)
        multiline = fspec.lines > 1 or bool(int(_inherited(widget, "/Ff") or 0) & (1 << 12))
        text = value.strip() if multiline else _single_line(value)
        box = _Box(
            width=x2 - x1,
            height=y2 - y1,
            size=fspec.font_size or _da_size(widget) or DEFAULT_FONT_SIZE,
            lines=max(fspec.lines, 2) if multiline and fspec.lines == 1 else fspec.lines,
            max_chars=min(n for n in (fspec.max_chars, _max_len(widget), 10**6) if n),
        )
        laid = _layout(text, box)
        if laid is not None:
            laid_out[key] = (text, *laid)
            continue
        k = len(overflow) + 1
        marker = OVERFLOW_MARKER.format(k=k)
        cut = _truncate(text, marker, box)
        if cut is None:  # a tiny box (comb, /MaxLen): the short form, clipped if need be
            marker = SHORT_OVERFLOW_MARKER.format(k=k)
            cut = _truncate(text, marker, box) or (marker, [marker], box.size * MIN_FONT_SCALE)
        laid_out[key] = cut
        overflow.append(Overflow(key=key, label=fspec.label, text=text, reference=marker))

    font_ref = (
        fonts.embed(writer, "".join(t for t, _, _ in laid_out.values())) if laid_out else None
    )

    for key, value in values.items():
        fspec = spec.fields[key]
        entries = widgets[fspec.pdf_field]
        if fspec.type == "checkbox":
            on = NameObject(fspec.on_value or "/Yes")
            states = {state for _, w in entries for state in _states(w)}
            if str(on) not in states:
                raise ValueError(
                    f"{spec.pdf_path.name}: checkbox {fspec.pdf_field} has no {on} state "
                    f"(its states: {sorted(states)}); fix on_value in the field map"
                )
            state = on if value else NameObject("/Off")
            _field_of(entries[0][1])[NameObject("/V")] = state
            for _, w in entries:
                w[NameObject("/AS")] = state if str(state) in _states(w) else NameObject("/Off")
            continue
        assert isinstance(value, str)
        shown = laid_out.get(key)
        _field_of(entries[0][1])[NameObject("/V")] = TextStringObject(shown[0] if shown else "")
        for _, w in entries:
            if shown is None:
                w.pop("/AP", None)
                continue
            x1, y1, x2, y2 = _rect(w)
            assert font_ref is not None
            multiline = len(shown[1]) > 1 or fspec.lines > 1
            comb = _max_len(w) if int(_inherited(w, "/Ff") or 0) & (1 << 24) else None
            ap = _text_appearance(
                writer, font_ref, x2 - x1, y2 - y1, shown[1], shown[2], multiline, comb
            )
            w[NameObject("/AP")] = DictionaryObject({NameObject("/N"): ap})

    acroform = writer._root_object.get("/AcroForm")
    if acroform is not None:
        acroform = acroform.get_object()
        # Our appearance streams are authoritative; XFA data would hide the AcroForm values.
        acroform.pop("/XFA", None)
        acroform[NameObject("/NeedAppearances")] = BooleanObject(False)

    if flatten:
        _flatten(writer)
    out = io.BytesIO()
    writer.write(out)
    return FillResult(pdf=out.getvalue(), overflow=overflow)


# --------------------------------------------------------------------------- operator helper


def _widget_type(annot: DictionaryObject) -> str:
    ftype = _inherited(annot, "/FT")
    flags = int(_inherited(annot, "/Ff") or 0)
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
            x1, y1, x2, y2 = _rect(annot)
            row: dict[str, Any] = {
                "name": _fq_name(annot),
                "type": _widget_type(annot),
                "page": page_no,
                "rect": [round(x1, 2), round(y1, 2), round(x2, 2), round(y2, 2)],
                "tooltip": str(_inherited(annot, "/TU") or ""),
                "max_length": int(_inherited(annot, "/MaxLen") or 0) or None,
                "multiline": bool(int(_inherited(annot, "/Ff") or 0) & (1 << 12)),
                "font_size": _da_size(annot),
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
