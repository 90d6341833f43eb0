"""Low-level AcroForm work with pypdf: find widgets, draw a text appearance, flatten a form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
)

from service.pdf import fonts
from service.pdf.cerfa_layout import LINE_HEIGHT, PADDING

FONT_RESOURCE = "/RcvSans"


def fq_name(obj: DictionaryObject) -> str:
    parts = []
    node: DictionaryObject | None = obj
    while node is not None:
        if "/T" in node:
            parts.append(str(node["/T"]))
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return ".".join(reversed(parts))


def inherited(obj: DictionaryObject, key: str) -> Any:
    node: DictionaryObject | None = obj
    while node is not None:
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return None


def field_of(widget: DictionaryObject) -> DictionaryObject:
    """The terminal field a widget belongs to (the widget itself when merged)."""
    if "/T" in widget or "/Parent" not in widget:
        return widget
    return cast(DictionaryObject, widget["/Parent"].get_object())


def rect(widget: DictionaryObject) -> tuple[float, float, float, float]:
    x1, y1, x2, y2 = (float(v) for v in cast(ArrayObject, widget["/Rect"]))
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def da_size(widget: DictionaryObject) -> float | None:
    da = inherited(widget, "/DA")
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


def max_len(widget: DictionaryObject) -> int | None:
    value = inherited(widget, "/MaxLen")
    return int(value) if value else None


def widgets_by_name(writer: PdfWriter) -> dict[str, list[tuple[int, DictionaryObject]]]:
    found: dict[str, list[tuple[int, DictionaryObject]]] = {}
    for index, page in enumerate(writer.pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") == "/Widget":
                found.setdefault(fq_name(annot), []).append((index, annot))
    return found


def text_appearance(
    writer: PdfWriter,
    font_ref: IndirectObject,
    width: float,
    height: float,
    lines: Sequence[str],
    size: float,
    multiline: bool,
    comb: int | None = None,
    quadding: int = 0,
) -> IndirectObject:
    """A text widget's /N appearance; ``comb`` spreads one line over that many equal cells;
    ``quadding`` is the PDF's /Q: 0 left, 1 centred, 2 right (amounts: commas line up)."""
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
        x = PADDING
        if quadding in (1, 2):
            room = width - 2 * PADDING - font.width(line, size)
            x += room if quadding == 2 else room / 2
        ops.append(f"1 0 0 1 {x:.3f} {y:.3f} Tm <{font.hex(line)}> Tj")
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


def normal_appearance(widget: DictionaryObject) -> StreamObject | None:
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


def states(widget: DictionaryObject) -> set[str]:
    """Appearance state names of a button widget (its export values and /Off)."""
    ap = widget.get("/AP")
    normal = ap.get_object().get("/N") if ap is not None else None
    if normal is None or not isinstance(normal.get_object(), DictionaryObject):
        return set()
    if isinstance(normal.get_object(), StreamObject):
        return set()
    return {str(k) for k in normal.get_object()}


def flatten_form(writer: PdfWriter) -> None:
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
            appearance = normal_appearance(annot)
            if appearance is None or flags & 0b10 or flags & 0b1 or flags & 0b100000:
                continue  # hidden, invisible or no-view widgets are not printed
            bx1, by1, bx2, by2 = (float(v) for v in appearance.get("/BBox", [0, 0, 1, 1]))
            m = [float(v) for v in appearance.get("/Matrix", [1, 0, 0, 1, 0, 0])]
            corners = [(bx1, by1), (bx1, by2), (bx2, by1), (bx2, by2)]
            tx = [m[0] * x + m[2] * y + m[4] for x, y in corners]
            ty = [m[1] * x + m[3] * y + m[5] for x, y in corners]
            x1, y1, x2, y2 = rect(annot)
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
