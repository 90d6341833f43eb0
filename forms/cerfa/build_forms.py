"""Regenerate the Recouvre reproductions of Cerfa 12946*02 and 12948*06 and their field maps.

Usage (from the repository root)::

    .venv/bin/python forms/cerfa/build_forms.py

For each form this renders ``templates/requete_injonction.html`` with WeasyPrint's form support
(``pdf_forms=True``: every <input>/<textarea> becomes an AcroForm widget), then post-processes the
widgets with pypdf (normalised rectangles, a real checkbox export value ``/Oui`` with an ``/Off``
appearance) and writes ``cerfa_<number>.fields.yaml``: semantic key -> PDF field name, type,
capacity (``max_chars``, computed from the widget rectangle and its font size), export value and
page. The output is deterministic: running the script twice gives identical files.

Only the bundled fonts and the files of ``templates/`` are readable by the renderer.
"""

from __future__ import annotations

import io
import math
import os
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
import yaml
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
FONTS = HERE.parents[1] / "templates" / "fonts"

# Export value of every checkbox of the reproductions (official Cerfa PDFs often use "Oui").
CHECKBOX_ON = "/Oui"
# Average advance of Liberation Sans text, in em, used to turn a box width into characters.
AVG_CHAR_EM = 0.5
LINE_HEIGHT_EM = 1.15
PADDING_PT = 2.0

FORMS: dict[str, dict[str, Any]] = {
    "12946*02": {
        "number": "12946*02",
        "file": "cerfa_12946-02",
        "court_kind": "tribunal de commerce",
        "court_alt": "ou du tribunal des activités économiques, dans son ressort",
        "court_label": "Tribunal de commerce (ou des activités économiques) de",
        "amicable": False,
        "fees_note": (
            "Les frais de la procédure sont avancés par le demandeur et versés au greffe dans les "
            "quinze jours de la requête, à peine de caducité de celle-ci (article 1425 du code de "
            "procédure civile)."
        ),
    },
    "12948*06": {
        "number": "12948*06",
        "file": "cerfa_12948-06",
        "court_kind": "tribunal judiciaire",
        "court_alt": "",
        "court_label": "Tribunal judiciaire de",
        "amicable": True,
        "fees_note": "",
    },
}


def _font_face_css() -> str:
    rules = []
    for weight, name in (("normal", "Regular"), ("bold", "Bold")):
        path = FONTS / f"LiberationSans-{name}.ttf"
        rules.append(
            "@font-face { font-family: 'Recouvre Sans'; font-style: normal; "
            f"font-weight: {weight}; src: url('{path.as_uri()}'); }}"
        )
    # No italic face is bundled: let italic text use the regular face, slanted.
    return "\n".join(rules)


class _LocalFetcher(URLFetcher):
    """Serve only the bundled fonts and templates; refuse anything else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)

    def fetch(self, url: str, headers: Any = None) -> Any:
        allowed = (FONTS.as_uri() + "/", TEMPLATES.as_uri() + "/")
        if not url.startswith(allowed):
            raise FatalURLFetchingError(f"refused to fetch {url}")
        return super().fetch(url, headers)


class _WidgetSpecs(HTMLParser):
    """Collect the data-* attributes of the form widgets of the rendered HTML, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.specs: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("input", "textarea"):
            return
        a = {k: v or "" for k, v in attrs}
        if "data-key" in a:
            self.specs.append(
                {
                    "key": a["data-key"],
                    "name": a["name"],
                    "label": a["data-label"],
                    "type": "checkbox" if a.get("type") == "checkbox" else "text",
                    "multiline": "yes" if tag == "textarea" else "",
                }
            )


def render_html(form: dict[str, Any]) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return env.get_template("requete_injonction.html").render(form=form)


def render_pdf(html: str) -> bytes:
    # fontTools stamps the embedded font subsets with the current time unless this is set.
    os.environ["SOURCE_DATE_EPOCH"] = "1767225600"  # 2026-01-01T00:00:00Z
    fonts = FontConfiguration()
    stylesheets = [
        CSS(string=_font_face_css(), font_config=fonts, url_fetcher=_LocalFetcher()),
        CSS(filename=str(TEMPLATES / "cerfa.css"), font_config=fonts, url_fetcher=_LocalFetcher()),
    ]
    doc = HTML(string=html, base_url=TEMPLATES.as_uri() + "/", url_fetcher=_LocalFetcher())
    return doc.write_pdf(stylesheets=stylesheets, font_config=fonts, pdf_forms=True)


def _font_size(da: str) -> float:
    tokens = da.split()
    for i, tok in enumerate(tokens):
        if tok == "Tf" and i >= 1:
            return float(tokens[i - 1])
    return 9.0


def _capacity(width: float, height: float, font_size: float, multiline: bool) -> tuple[int, int]:
    per_line = math.floor((width - 2 * PADDING_PT) / (font_size * AVG_CHAR_EM))
    lines = 1
    if multiline:
        lines = max(1, math.floor((height - 2 * PADDING_PT) / (font_size * LINE_HEIGHT_EM)))
    return per_line * lines, lines


def postprocess(pdf: bytes, specs: list[dict[str, str]]) -> tuple[bytes, dict[str, Any]]:
    """Tidy the widgets WeasyPrint wrote and return the PDF with its field map entries."""
    by_name = {s["name"]: s for s in specs}
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    entries: dict[str, Any] = {}
    for page_no, page in enumerate(writer.pages, start=1):
        for ref in page.get("/Annots", []):
            widget = ref.get_object()
            if widget.get("/Subtype") != "/Widget":
                continue
            name = str(widget["/T"])
            spec = by_name[name]
            x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
            rect = [min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)]
            widget[NameObject("/Rect")] = ArrayObject(FloatObject(round(v, 3)) for v in rect)
            widget[NameObject("/TU")] = TextStringObject(spec["label"])
            entry: dict[str, Any] = {"pdf_field": name, "type": spec["type"]}
            if spec["type"] == "checkbox":
                normal = widget["/AP"]["/N"]
                on_stream = normal.raw_get("/on")
                off = StreamObject()
                off[NameObject("/Type")] = NameObject("/XObject")
                off[NameObject("/Subtype")] = NameObject("/Form")
                off[NameObject("/BBox")] = ArrayObject(
                    [
                        NumberObject(0),
                        NumberObject(0),
                        FloatObject(round(rect[2] - rect[0], 3)),
                        FloatObject(round(rect[3] - rect[1], 3)),
                    ]
                )
                widget[NameObject("/AP")] = DictionaryObject(
                    {
                        NameObject("/N"): DictionaryObject(
                            {
                                NameObject(CHECKBOX_ON): on_stream,
                                NameObject("/Off"): writer._add_object(off),
                            }
                        )
                    }
                )
                widget[NameObject("/AS")] = NameObject("/Off")
                widget[NameObject("/V")] = NameObject("/Off")
                widget[NameObject("/MK")] = DictionaryObject(
                    {NameObject("/CA"): TextStringObject("4")}  # ZapfDingbats check mark
                )
                entry["on_value"] = CHECKBOX_ON
            else:
                size = _font_size(str(widget.get("/DA", "")))
                chars, lines = _capacity(
                    rect[2] - rect[0], rect[3] - rect[1], size, bool(spec["multiline"])
                )
                entry["max_chars"] = chars
                entry["lines"] = lines
                entry["font_size"] = size
            entry["page"] = page_no
            entry["label"] = spec["label"]
            if spec["key"] in entries:
                raise SystemExit(f"duplicate key {spec['key']}")
            entries[spec["key"]] = entry
    missing = set(by_name) - {e["pdf_field"] for e in entries.values()}
    if missing:
        raise SystemExit(f"widgets not rendered: {sorted(missing)}")
    ordered = {s["key"]: entries[s["key"]] for s in specs}
    writer.add_metadata(
        {"/Title": "Requête en injonction de payer (reproduction Recouvre)", "/Author": "Recouvre"}
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), ordered


def build(form_id: str) -> tuple[Path, Path]:
    form = FORMS[form_id]
    html = render_html(form)
    parser = _WidgetSpecs()
    parser.feed(html)
    pdf, fields = postprocess(render_pdf(html), parser.specs)
    pdf_path = HERE / f"{form['file']}.pdf"
    map_path = HERE / f"{form['file']}.fields.yaml"
    pdf_path.write_bytes(pdf)
    doc = {
        "form": form_id,
        "title": f"Requête en injonction de payer — {form['court_kind']}",
        "pdf": pdf_path.name,
        "source": (
            "Reproduction Recouvre (forms/cerfa/build_forms.py), not the official PDF. "
            "Replace pdf and fields with the official form's own map (see README.md)."
        ),
        "fields": fields,
    }
    header = (
        f"# Field map of {pdf_path.name} (Cerfa {form_id}), generated by build_forms.py.\n"
        "# semantic key -> pdf_field, type (text|checkbox), max_chars / lines / font_size\n"
        "# (text capacity of the box), on_value (checkbox export value), page, label.\n"
    )
    map_path.write_text(
        header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100),
        encoding="utf-8",
    )
    return pdf_path, map_path


def main(argv: list[str]) -> int:
    for form_id in argv or list(FORMS):
        for path in build(form_id):
            print(path.relative_to(HERE.parents[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
