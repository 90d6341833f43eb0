"""service.pdf.pango_reuse: WeasyPrint's per-text Pango objects built once, same bytes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from weasyprint.text import line_break

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.pdf import pango_reuse
from service.pdf.render import Renderer
from service.runtime import Runtime
from tests.factories import example_raw

# every branch of setup: two languages, both directions, decorated text, OpenType features
HTML = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>t</title>
<style>
  body { font-family: "Liberation Serif"; font-size: 11pt }
  .u { text-decoration: underline } .n { font-variant-numeric: tabular-nums }
  .b { font-weight: bold; font-size: 9pt } .i { font-style: italic }
</style></head><body>
<p>Mise en demeure de payer la somme de 1 480,00 € avant le 15 décembre 2026.</p>
<p class="u">Texte souligné, deux fois : <span class="u">ici</span>.</p>
<p class="n">0123456789 — 1 111,11 € ; 4 800,00 €</p>
<p class="b">Gras <span class="i">et italique</span></p>
<p lang="en">An English sentence, hyphenated differently.</p>
<p dir="rtl">abc def</p>
</body></html>"""


@pytest.fixture
def restore() -> Iterator[None]:
    yield
    pango_reuse.install()


def _render(renderer: Renderer) -> bytes:
    return renderer.render(HTML, stylesheets=(), pdfa=False).pdf


def test_weasyprint_setup_is_the_one_replaced():
    """pango_reuse.setup repeats WeasyPrint 70's Layout.setup step by step: a WeasyPrint release
    that changes it fails here (compare both, then update the digest)."""
    assert pango_reuse.weasyprint_setup_digest() == pango_reuse.WEASYPRINT_SETUP_SHA256


def test_renderer_installs_the_reuse(runtime):
    assert runtime.renderer is not None
    assert pango_reuse.installed()
    assert line_break.Layout.setup is pango_reuse.setup


def test_cached_setup_gives_the_same_bytes_and_is_reused(restore):
    plain, renderer = Renderer(), Renderer()  # each installs the reuse
    pango_reuse.uninstall()
    weasyprint_pdf = _render(plain)
    assert not pango_reuse.installed()
    assert not hasattr(plain.font_config, "_recouvre_pango_reuse")

    pango_reuse.install()
    first = _render(renderer)
    cache = pango_reuse.cache_of(renderer.font_config)
    contexts, descriptions, hits = dict(cache.contexts), dict(cache.descriptions), cache.hits
    second = _render(renderer)

    assert first == weasyprint_pdf
    assert second == weasyprint_pdf
    # two languages × two directions at most; French ltr, English ltr, French rtl at least
    assert {("ltr", "fr"), ("ltr", "en"), ("rtl", "fr")} <= set(contexts)
    assert len(descriptions) >= 3  # regular, bold 9 pt, bold italic 9 pt
    assert cache.metrics and cache.features  # the underline; tabular-nums
    # the second render built nothing new: every context came from the cache
    assert cache.contexts == contexts and cache.descriptions == descriptions
    assert cache.hits > hits + 10


def test_cached_setup_gives_the_same_letter(restore):
    """The mise en demeure, unsigned: byte for byte what WeasyPrint's own setup gives."""
    case, options = load_request({"case": example_raw(), "options": {"sign": False}},
                                 KINDS["mise_en_demeure"])
    plain, runtime = Runtime(), Runtime()
    pango_reuse.uninstall()
    weasyprint_pdf = generate("mise_en_demeure", case, options, plain).content
    pango_reuse.install()
    assert generate("mise_en_demeure", case, options, runtime).content == weasyprint_pdf
    assert pango_reuse.cache_of(runtime.renderer.font_config).hits > 100
