"""service.pdf.style_fastpath: the same computed styles as WeasyPrint's own path, same bytes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from weasyprint.css import ComputedStyle
from weasyprint.css.properties import INITIAL_VALUES

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.pdf import style_fastpath
from service.pdf.render import Renderer
from service.runtime import Runtime
from tests.factories import example_raw


@pytest.fixture
def restore() -> Iterator[None]:
    yield
    style_fastpath.install()


def _letter() -> tuple[Any, Any]:
    return load_request({"case": example_raw(), "options": {"sign": False}},
                        KINDS["mise_en_demeure"])


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()) or ():
        yield from _boxes(child)


def _every_style_value(renderer: Renderer, html: str,
                       images: Any) -> list[tuple[str, str, str]]:
    """Every property of every styled box of the laid-out letter, computed in the active mode."""
    document = renderer.document(html, images).render(
        stylesheets=[renderer.stylesheet("css/letter.css")], font_config=renderer.font_config,
        presentational_hints=False)
    out = []
    for page in document.pages:
        for box in _boxes(page._page_box):
            style = box.style
            if not isinstance(style, ComputedStyle):
                continue
            tag = getattr(box, "element_tag", "?")
            out += [(tag, key, repr(style[key])) for key in sorted(INITIAL_VALUES)]
    return out


def test_weasyprint_missing_is_the_one_shortened():
    """The short path assumes WeasyPrint 70's ComputedStyle.__missing__: a release that changes
    it fails here (check the assumptions listed in style_fastpath, then update the digest)."""
    assert style_fastpath.weasyprint_missing_digest() == style_fastpath.WEASYPRINT_MISSING_SHA256


def test_renderer_installs_the_short_path(runtime):
    assert runtime.renderer is not None
    assert style_fastpath.installed()


def test_short_path_computes_every_property_of_the_letter_alike(restore):
    case, options = _letter()
    renderer = Renderer()
    seen: list[tuple[str, Any]] = []
    original = renderer.document

    def catch(html: str, images: Any = None) -> Any:
        seen.append((html, images))
        return original(html, images)

    renderer.document = catch  # type: ignore[method-assign]
    runtime = Runtime()
    runtime.renderer = renderer
    generate("mise_en_demeure", case, options, runtime)
    html, images = seen[0]

    fast = _every_style_value(renderer, html, images)
    style_fastpath.uninstall()
    weasyprint = _every_style_value(renderer, html, images)

    assert len(fast) > 100 * len(INITIAL_VALUES)  # boxes × properties
    assert fast == weasyprint


def test_short_path_gives_the_same_letter_and_is_taken(restore):
    case, options = _letter()
    fast_runtime, plain_runtime = Runtime(), Runtime()
    calls = {"all": 0, "weasyprint": 0}
    original = style_fastpath._original_missing

    def counting_original(self: Any, key: str) -> Any:
        calls["weasyprint"] += 1
        return original(self, key)

    def counting(self: Any, key: str) -> Any:
        calls["all"] += 1
        return style_fastpath.missing(self, key)

    style_fastpath._original_missing = counting_original
    ComputedStyle.__missing__ = counting  # type: ignore[method-assign]
    try:
        fast = generate("mise_en_demeure", case, options, fast_runtime).content
    finally:
        style_fastpath._original_missing = original
    style_fastpath.uninstall()
    plain = generate("mise_en_demeure", case, options, plain_runtime).content
    assert fast == plain
    # most properties are set by no rule: WeasyPrint's general path for under a quarter
    assert calls["all"] > 5000
    assert 0 < calls["weasyprint"] < calls["all"] / 4
