"""The renderer's own user-agent stylesheet (templates/css/ua.css) is the one WeasyPrint applies,
and it styles every element the templates emit."""

from __future__ import annotations

import re
import zlib
from html.parser import HTMLParser
from io import BytesIO
from typing import Any

import tinycss2
from pypdf import PdfReader
from pypdf.generic import StreamObject

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.golden import GOLDEN_DIR, fixtures, load_fixture
from service.paths import TEMPLATES
from service.pdf import deflate
from service.pdf.render import UA_STYLESHEET, Renderer, _ProjectHTML
from service.runtime import Runtime
from tests.factories import example_raw

# elements whose HTML defaults are those of CSS's initial values (inline, nothing else)
PLAIN_INLINE = {"span"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.tags.add(tag)


def _ua_selector_tags() -> set[str]:
    rules = tinycss2.parse_stylesheet((TEMPLATES / UA_STYLESHEET).read_text(encoding="utf-8"),
                                      skip_comments=True, skip_whitespace=True)
    tags: set[str] = set()
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = re.sub(r"\[[^\]]*\]|::?[-\w]+|[.#][-\w]+", " ",
                               tinycss2.serialize(rule.prelude))
            tags |= set(re.findall(r"[a-z][a-z0-9]*", selectors))
    return tags


class _RecordingRenderer(Renderer):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.html_seen: list[str] = []

    def document(self, html: str, images: Any = None) -> Any:
        self.html_seen.append(html)
        return super().document(html, images)


def test_weasyprint_applies_the_project_ua_stylesheet(runtime):
    """WeasyPrint asks the document for its user-agent sheets: if a WeasyPrint upgrade stopped
    calling the hook, the templates would silently fall back to its full sheet."""
    calls: list[bool] = []

    class Spy(_ProjectHTML):
        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            calls.append(forms)
            return super()._ua_stylesheets(forms)

    renderer = runtime.renderer
    document = Spy(string="<p>Mise en demeure</p>", ua_stylesheet=renderer.ua_stylesheet,
                   url_fetcher=renderer.fetcher).render(font_config=renderer.font_config)
    assert len(calls) == 1 and not calls[0]  # no form fields
    assert len(document.pages) == 1


def test_every_element_the_templates_emit_is_styled_by_the_ua_stylesheet():
    runtime = Runtime()
    runtime.renderer = renderer = _RecordingRenderer()
    for path in fixtures(GOLDEN_DIR):  # every kind, both courts, both kinds of debtor
        kind, case, options = load_fixture(path)
        generate(kind, case, options, runtime)
    # every fixture renders HTML through this renderer: the injonction's annex and the
    # bordereau behind a filing too (they used to reach for a process-global runtime)
    assert len(renderer.html_seen) > len(fixtures(GOLDEN_DIR))
    emitted: set[str] = set()
    for html in renderer.html_seen:
        parser = _Tags()
        parser.feed(html)
        emitted |= parser.tags
    assert {"table", "td", "p", "div", "br", "img", "h1"} <= emitted  # the check sees them
    missing = emitted - _ua_selector_tags() - PLAIN_INLINE
    assert not missing, f"add the rules of {sorted(missing)} from WeasyPrint's html5_ua.css"


def test_ua_selector_reader_finds_type_selectors_only():
    """The reader behind the check above: type selectors, not classes, ids or pseudo-classes."""
    found = _ua_selector_tags()
    assert {"html", "td", "th", "br", "li", "h3"} <= found
    assert not {"marker", "ltr", "rtl", "bottom", "hidden", "is"} & found


def test_streams_are_deflated_at_zlib_default_level(runtime):
    """Every Flate stream pydyf writes is zlib level 6 (pydyf alone would use 9):
    recompressing each decoded stream at level 6 gives back the stored bytes."""
    assert deflate.in_use()
    case, options = load_request({"case": example_raw(), "options": {"sign": False}},
                                 KINDS["mise_en_demeure"])
    pdf = generate("mise_en_demeure", case, options, runtime).content
    reader = PdfReader(BytesIO(pdf))
    checked = 0
    for number in range(1, int(reader.trailer["/Size"])):
        obj = reader.get_object(number)
        if (isinstance(obj, StreamObject) and obj.get("/Filter") == "/FlateDecode"
                and obj.get("/Subtype") != "/Image"):  # images are encoded by Pillow
            raw = obj._data
            assert zlib.compress(obj.get_data(), 6) == raw, number
            if len(raw) > 2000:
                assert zlib.compress(obj.get_data(), 9) != raw  # level 9 would differ here
            checked += 1
    assert checked >= 5  # content streams, fonts, the ICC profile


def test_a_tagged_variant_carries_a_structure_tree_and_stays_sealed(client):
    """options.pdf_variant: pdf/a-3a and pdf/ua-1 are tagged (StructTreeRoot, MarkInfo
    Marked), pdf/a-3b (the default) is not; the seal still verifies; the free-form requête
    may be tagged, a plan with pièces (or an official Cerfa form) cannot (422 naming the
    option)."""
    import base64
    import json
    import re
    import subprocess
    import tempfile

    from tests.factories import example_raw

    def post(kind: str, raw: dict | None = None, **options: object):
        return client.post(f"/v1/documents/{kind}", data=json.dumps(
            {"case": raw or example_raw(), "options": options}, default=str),
            content_type="application/json")

    for variant, tagged in (("pdf/a-3b", False), ("pdf/a-3a", True), ("pdf/ua-1", True)):
        r = post("mise_en_demeure", pdf_variant=variant)
        assert r.status_code == 200, r.json
        pdf = base64.b64decode(r.json["content_base64"])
        text = pdf.decode("latin-1")
        assert ("/StructTreeRoot" in text) is tagged, variant
        assert (re.search(r"/Marked\s+true", text) is not None) is tagged, variant
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(pdf)
            f.flush()
            sig = subprocess.run(["pdfsig", f.name], capture_output=True)
        assert b"Signature is Valid" in sig.stdout, sig.stdout
    r = post("injonction_de_payer", pdf_variant="pdf/a-3a")  # wholly HTML: tagged
    assert r.status_code == 200, r.json
    assert "/StructTreeRoot" in base64.b64decode(r.json["content_base64"]).decode("latin-1")
    from tests.documents.test_bordereau import evidence

    with_pieces = example_raw()
    with_pieces["evidence"] = evidence()
    r = post("injonction_de_payer", with_pieces, pdf_variant="pdf/a-3a")
    assert r.status_code == 422
    assert [e["path"] for e in r.json["errors"]] == ["options.pdf_variant"]


def test_tinyhtml5_regex_cache_is_hit_and_parses_alike(runtime):
    """tinyhtml5 2.1.0 stores chars_until's patterns under the pattern itself, so it never hits
    its cache; service.pdf.htmlparse repairs it. Fails if tinyhtml5 stops reading that dict or
    if the repaired cache builds other patterns than tinyhtml5 would."""
    import re

    import tinyhtml5
    from tinyhtml5 import inputstream

    from service.pdf import htmlparse

    html = ('<!DOCTYPE html><html lang="fr"><head><title>t</title></head><body>'
            '<p class="a" id=\'b\' data-x=c>Un &amp; deux <br>trois<!-- note --> quatre</p>'
            '<table><tr><td>1</td></tr></table><![CDATA[x]]></body></html>')
    assert isinstance(inputstream.characters_until_regex, htmlparse.CharactersUntilCache)
    tinyhtml5.parse(html)
    keys = set(inputstream.characters_until_regex)
    assert keys and all(not isinstance(k[0], re.Pattern) for k in keys)
    compiled = []
    original = re.compile
    try:
        re.compile = lambda *a, **k: compiled.append(a) or original(*a, **k)  # type: ignore
        tree = tinyhtml5.parse(html)
    finally:
        re.compile = original
    assert compiled == []  # every pattern came from the cache
    assert set(inputstream.characters_until_regex) == keys
    for (characters, opposite), pattern in inputstream.characters_until_regex.items():
        source = "".join(f"\\x{ord(c):02x}" for c in characters)
        assert pattern.pattern == (f"[{source}]+" if opposite else f"[^{source}]+")
    text = "".join(tree.itertext())
    assert "Un & deux" in text and "quatre" in text
