"""DOCX output of the drafts (python-docx), from the same paragraphs as the PDF.

The writer lays out :class:`service.documents.drafts.Para` items only; it never adds text of
its own except the header line (the « PROJET — NON SIGNIFIÉ » marking, on every page) and the
footer. The file is deterministic: fixed core properties (dates from the case, no revision
noise), so the same case gives the same bytes apart from the ZIP container's timestamps,
which python-docx does not set.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from io import BytesIO
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

if TYPE_CHECKING:
    from service.documents.drafts import Para

FONT = "Liberation Serif"


def write_docx(paras: Sequence[Para], *, title: str, header: str | None, footer: str,
               created: datetime | None = None) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(20), Mm(18)
    section.top_margin, section.bottom_margin = Mm(20), Mm(22)

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(5)

    if header:
        head = section.header.paragraphs[0]
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = head.add_run(header)
        run.bold = True
        run.font.size = Pt(12)
        run.font.color.rgb = RGBColor(0xB0, 0x1E, 0x1E)
    foot = section.footer.paragraphs[0]
    foot_run = foot.add_run(footer)
    foot_run.font.size = Pt(8)

    props = doc.core_properties
    props.title = title
    props.author = "Recouvre"
    props.language = "fr-FR"
    if created is not None:
        props.created = props.modified = created
    props.revision = 1

    claims: list[Para] = []

    def flush_claims() -> None:
        if not claims:
            return
        table = doc.add_table(rows=0, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for item in claims:
            cells = table.add_row().cells
            cells[0].width, cells[1].width = Mm(130), Mm(40)
            cells[0].paragraphs[0].add_run(item.text)
            right = cells[1].paragraphs[0]
            right.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            right.add_run(item.amount or "").bold = True
        claims.clear()

    for para in paras:
        if para.style == "claim":
            claims.append(para)
            continue
        flush_claims()
        if para.style == "title":
            out = doc.add_paragraph()
            out.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = out.add_run(para.text)
            run.bold = True
            run.font.size = Pt(15)
            out.paragraph_format.space_before = Pt(10)
        elif para.style == "heading":
            out = doc.add_paragraph()
            run = out.add_run(para.text)
            run.bold = True
            run.underline = True
            out.paragraph_format.space_before = Pt(8)
            out.paragraph_format.keep_with_next = True
        elif para.style == "subtitle":
            out = doc.add_paragraph()
            out.alignment = WD_ALIGN_PARAGRAPH.CENTER
            out.add_run(para.text).italic = True
        elif para.style == "center":
            out = doc.add_paragraph()
            out.alignment = WD_ALIGN_PARAGRAPH.CENTER
            out.add_run(para.text).bold = True
        elif para.style in ("strong", "notice"):
            out = doc.add_paragraph()
            out.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            out.add_run(para.text).bold = True
        elif para.style == "item":
            out = doc.add_paragraph(style="List Bullet")
            out.add_run(para.text)
        elif para.style == "blank":
            out = doc.add_paragraph()
            run = out.add_run(para.text)
            run.italic = True
            run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        else:
            out = doc.add_paragraph()
            out.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            out.add_run(para.text)
    flush_claims()

    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
