"""Execute a document plan's parts: render the HTML pages, fill a Cerfa and merge its annex,
bundle the pièces behind their bordereau; count the pages once.

The parts are plain data (:mod:`service.documents.base`): ``Html`` (template, context,
stylesheets, the generated images it shows, the anchors to find), ``Cerfa`` (form id, values,
flatten, its annex as ``Html``: the annex receives the boxes' overflow as
``context["overflow"]``) and ``Pieces`` (the prepared pièces and their bordereau). Fronts come
in order; a ``Pieces`` part, last, makes the whole one bundle (:func:`assemble_bundle`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from service.errors import CaseInvalid, field_error
from service.pdf.bundle import PRODUCER, assemble_bundle, pdf_date
from service.pdf.cerfa_fill import fill_form
from service.pdf.cerfa_maps import load_form
from service.pdf.evidence import Piece
from service.pdf.render import Anchor, Renderer


@dataclass(frozen=True)
class Html:
    """An HTML template to render. ``images``: PNG bytes the template shows as
    ``asset:gen/<name>`` (a QR code), served to this render only. ``bookmark``: its title in
    the outline of a merged document. ``anchors``: element ids whose boxes the answer needs
    (``seal``: the visible seal; ``recipient``: the window of the envelope)."""

    template: str
    context: Mapping[str, Any]
    stylesheets: tuple[str, ...] = ("css/letter.css",)
    images: Mapping[str, bytes] = field(default_factory=dict)
    bookmark: str = ""
    anchors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cerfa:
    """An official form to fill, then its annex. ``annex`` receives the overflow of the boxes
    (the values too long for them) as ``context["overflow"]``."""

    form_id: str
    values: Mapping[str, str | bool]
    flatten: bool
    annex: Html
    bookmark: str = ""  # of the whole (form + annex) in a bundle
    form_bookmark: str = ""
    annex_bookmark: str = ""
    meta: Mapping[str, str] = field(default_factory=dict)  # the merged PDF's metadata


@dataclass(frozen=True)
class Pieces:
    """The pièces of ``case.evidence`` behind the front parts, with their bordereau (an HTML
    page, or None when the front already is the bordereau)."""

    pieces: tuple[Piece, ...]
    bordereau: Html | None
    reference: str
    title: str  # the bundle's document title



Part = Html | Cerfa | Pieces


@dataclass(frozen=True)
class Composed:
    pdf: bytes
    pages: int
    anchors: Mapping[str, Anchor] = field(default_factory=dict)


def render_html(part: Html, renderer: Renderer, *, pdfa: bool,
                variant: str = "pdf/a-3b") -> tuple[bytes, int,
                                                                            Mapping[str, Anchor]]:
    rendered = renderer.render(renderer.html(part.template, part.context),
                               stylesheets=part.stylesheets, pdfa=pdfa, variant=variant,
                               anchors=part.anchors,
                               images=part.images or None)
    return rendered.pdf, rendered.pages, rendered.anchors


def fill_cerfa(part: Cerfa, renderer: Renderer, *, pdfa: bool) -> tuple[bytes, int]:
    """The filled form then its annex, one PDF with the plan's metadata and language."""
    spec = load_form(part.form_id)
    values = {k: v for k, v in part.values.items() if k in spec.fields and v != ""}
    filled = fill_form(spec, values, flatten=part.flatten)
    annex = part.annex
    context = dict(annex.context)
    context["overflow"] = [{"reference": o.reference, "label": o.label, "text": o.text,
                            "number": o.number}
                           for o in filled.overflow]
    annex_pdf = renderer.render(renderer.html(annex.template, context),
                                stylesheets=annex.stylesheets, pdfa=pdfa,
                                images=annex.images or None).pdf
    return merge([(part.form_bookmark, filled.pdf), (part.annex_bookmark, annex_pdf)], part.meta)


def merge(parts: Sequence[tuple[str, bytes]], meta: Mapping[str, str]) -> tuple[bytes, int]:
    """PDFs one after the other, each under its bookmark, with ``meta`` (title, author,
    subject, keywords, created, lang) as the document information."""
    writer = PdfWriter()
    for title, pdf in parts:
        writer.append(PdfReader(BytesIO(pdf)), outline_item=title)
    created = pdf_date(meta["created"])
    writer.add_metadata({"/Title": meta["title"], "/Author": meta["author"],
                         "/Subject": meta["subject"], "/Keywords": meta["keywords"],
                         "/CreationDate": created, "/ModDate": created, "/Producer": PRODUCER})
    writer.root_object[NameObject("/Lang")] = TextStringObject(meta["lang"])
    out = BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


def composition(fronts: Sequence[tuple[str, bytes]], counts: Sequence[int], bordereau_title: str,
                bordereau_pages: int, pieces: Sequence[Piece]) -> list[dict[str, Any]]:
    """The table of parts of a filing (visual review C11): each front document, the bordereau
    and the pièces with the pages they take in the file, ``[{"label", "first", "last"}]``.
    Each part keeps its own numbering (the deed is served as a deed of its own pages; a pièce
    is cited by its number and paged « i/n » by its stamp); this table gives the whole."""
    rows: list[dict[str, Any]] = []
    first = 1
    for (title, _), count in zip(fronts, counts, strict=True):
        rows.append({"label": title, "first": first, "last": first + count - 1})
        first += count
    rows.append({"label": bordereau_title, "first": first, "last": first + bordereau_pages - 1})
    first += bordereau_pages
    total = sum(p.pages for p in pieces)
    if pieces:
        label = (f"Pièce n° {pieces[0].number}" if len(pieces) == 1 else
                 f"Pièces n° {pieces[0].number} à {pieces[-1].number}")
        rows.append({"label": label, "first": first, "last": first + total - 1})
    return rows


def _bordereau_with_composition(bundle: Pieces, fronts: Sequence[tuple[str, bytes]],
                                counts: Sequence[int], renderer: Renderer, *,
                                pdfa: bool) -> bytes:
    """The bordereau behind front documents, with the table of parts of the whole file. Its
    own length is assumed one page, then, if it runs longer, rendered again with its length."""
    part = bundle.bordereau
    assert part is not None
    if not fronts:
        return render_html(part, renderer, pdfa=pdfa)[0]
    assumed = 1
    while True:
        rows = composition(fronts, counts, part.bookmark or "Bordereau", assumed,
                           bundle.pieces)
        context = {**part.context, "composition": rows, "composition_pages": rows[-1]["last"]}
        pdf, count, _ = render_html(Html(part.template, context, part.stylesheets, part.images,
                                         part.bookmark, part.anchors), renderer, pdfa=pdfa)
        if count == assumed or assumed > 3:
            return pdf
        assumed = count


def compose(parts: Sequence[Part], renderer: Renderer, *, pdfa: bool = True,
            variant: str = "pdf/a-3b") -> Composed:
    """One unsigned PDF from the plan's parts, its page count and the anchors of its first
    part (the seal, the envelope window). A tagged ``variant`` (pdf/a-3a, pdf/ua-1) is for a
    plan of one HTML part: a Cerfa form or pièces would carry no tags into the whole."""
    if pdfa and variant != "pdf/a-3b" and (len(parts) != 1 or not isinstance(parts[0], Html)):
        raise CaseInvalid([field_error(
            "options.pdf_variant", "variant_not_available",
            f"La variante {variant} (PDF balisé) n’est disponible que pour un document"
            " entièrement composé en HTML : pas pour le formulaire Cerfa ni avec les pièces.",
            f"The variant {variant} (tagged PDF) is only available for a document rendered"
            " wholly from HTML: not the Cerfa form nor a document with its pièces.")])
    fronts: list[tuple[str, bytes]] = []
    counts: list[int] = []
    pages = 0
    anchors: Mapping[str, Anchor] = {}
    bundle: Pieces | None = None
    for part in parts:
        if isinstance(part, Html):
            pdf, count, found = render_html(part, renderer, pdfa=pdfa, variant=variant)
            if not fronts:
                anchors = found
        elif isinstance(part, Cerfa):
            pdf, count = fill_cerfa(part, renderer, pdfa=pdfa)
        elif isinstance(part, Pieces):
            bundle = part
            continue
        else:
            raise TypeError(f"unknown plan part {type(part).__name__}")
        fronts.append((part.bookmark, pdf))
        counts.append(count)
        pages += count
    if bundle is not None:
        if bundle.bordereau is not None:
            fronts.append((bundle.bordereau.bookmark,
                           _bordereau_with_composition(bundle, fronts, counts, renderer,
                                                       pdfa=pdfa)))
        result = assemble_bundle(fronts, list(bundle.pieces), reference=bundle.reference,
                                 title=bundle.title)
        return Composed(result.pdf, result.pages, anchors)
    if not fronts:
        raise ValueError("a plan has at least one front part")
    if len(fronts) > 1:  # e.g. the greffe's cover letter before a requête filed without pièces
        result = assemble_bundle(fronts, [], reference="", title=fronts[0][0] or "")
        return Composed(result.pdf, result.pages, anchors)
    return Composed(fronts[0][1], pages, anchors)
