"""service.pdf.glyph_fast: WeasyPrint's draw_first_line with a faster glyph loop, same bytes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from weasyprint.draw import text as draw_text_module

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.pdf import glyph_fast
from service.pdf.render import Renderer
from service.runtime import Runtime
from tests.factories import example_raw
from tests.pdfcheck import text as pdf_text

# every branch of the loop: justified lines (word spacing), letter spacing, kerning pairs,
# a combining mark (offsets), a zero-width space (empty glyph), a character no font has
# (.notdef), two sizes of one font, bold and italic runs inside one line, right to left, Arabic
# vowel marks (vertical offsets: the text rise)
HTML = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>t</title>
<style>
  body { font-family: "Liberation Serif"; font-size: 11pt }
  .j { text-align: justify; width: 9cm } .l { letter-spacing: 0.4pt }
  .s { font-size: 7pt } .m { font-family: "DejaVu Sans" }
</style></head><body>
<p class="j">Mise en demeure de payer la somme de 1 480,00 € avant le 15 décembre 2026,
faute de quoi nous saisirons le tribunal compétent sans autre avis : AVAL, Tours, WAVE.</p>
<p class="l">Espacement des lettres <b>gras</b> et <i>italique</i> <span class="s">petit</span>.</p>
<p class="m">q\u0301 n\u0303 a\u0323\u0302 zéro\u200blargeur \U0001F9FF fin</p>
<p dir="rtl">abc def</p>
<p class="m" lang="ar" dir="rtl">بِسْمِ اللّٰهِ</p>
</body></html>"""


@pytest.fixture
def restore() -> Iterator[None]:
    yield
    glyph_fast._OLD_PANGO = glyph_fast.pango.pango_version() < 14802
    glyph_fast.install()


def _render(renderer: Renderer) -> bytes:
    return renderer.render(HTML, stylesheets=(), pdfa=False).pdf


def _letter(runtime: Runtime) -> bytes:
    case, options = load_request({"case": example_raw(), "options": {"sign": False}},
                                 KINDS["mise_en_demeure"])
    return generate("mise_en_demeure", case, options, runtime).content


def test_i15_6_weasyprint_draw_first_line_is_the_one_replaced():
    """glyph_fast.draw_first_line repeats WeasyPrint 70's draw_first_line: a release that
    changes it fails here (compare both, then update the digest)."""
    assert (glyph_fast.weasyprint_draw_first_line_digest()
            == glyph_fast.WEASYPRINT_DRAW_FIRST_LINE_SHA256)


def test_i15_6_renderer_installs_the_fast_glyph_loop(runtime):
    assert runtime.renderer is not None
    assert glyph_fast.installed()
    assert draw_text_module.draw_first_line is glyph_fast.draw_first_line


def test_i15_6_fast_glyph_loop_gives_weasyprint_bytes(restore):
    renderer = Renderer()  # a renderer installs the fast loop when it is made
    glyph_fast.uninstall()
    weasyprint_pdf = _render(renderer)
    assert not glyph_fast.installed()
    glyph_fast.install()
    fast = _render(renderer)
    again = _render(renderer)  # the pieces kept per document do not leak into the next one
    assert fast == weasyprint_pdf
    assert again == weasyprint_pdf
    text = pdf_text(fast)
    assert "Mise en demeure" in text and "fin" in text


def test_i15_6_weasyprint_loop_kept_for_old_pango_gives_the_same_bytes(restore):
    renderer = Renderer()
    glyph_fast.uninstall()
    weasyprint_pdf = _render(renderer)
    assert not glyph_fast.installed()
    glyph_fast.install()
    glyph_fast._OLD_PANGO = True  # every line through the copy of WeasyPrint's own loop
    assert _render(renderer) == weasyprint_pdf


def test_i15_6_fast_glyph_loop_gives_the_same_letter(restore):
    runtime = Runtime()
    glyph_fast.uninstall()
    plain = _letter(runtime)
    assert not glyph_fast.installed()
    glyph_fast.install()
    fast = _letter(runtime)
    assert fast == plain
    assert "Mise en demeure" in pdf_text(fast)
