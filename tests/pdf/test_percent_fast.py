"""service.pdf.percent_fast: the same used lengths as WeasyPrint's resolve_percentages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from weasyprint.layout import absolute, block, inline, page, percent, table

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.pdf import percent_fast
from service.runtime import Runtime
from tests.factories import example_raw

USED = ("margin_left", "margin_right", "margin_top", "margin_bottom", "padding_left",
        "padding_right", "padding_top", "padding_bottom", "width", "min_width", "max_width",
        "height", "min_height", "max_height", "border_top_width", "border_right_width",
        "border_bottom_width", "border_left_width")


@pytest.fixture
def restore() -> Iterator[None]:
    yield
    percent_fast.install()


def _letter() -> tuple[Any, Any]:
    return load_request({"case": example_raw(), "options": {"sign": False}},
                        KINDS["mise_en_demeure"])


def test_weasyprint_resolve_percentages_is_the_one_replaced():
    """A WeasyPrint release that changes resolve_percentages fails here (compare it with
    percent_fast.resolve_percentages, then update the digest)."""
    assert percent_fast.weasyprint_resolve_digest() == percent_fast.WEASYPRINT_RESOLVE_SHA256


def test_renderer_installs_it_in_every_layout_module(runtime):
    assert runtime.renderer is not None
    for module in (percent, block, inline, table, page, absolute):
        assert module.resolve_percentages is percent_fast.resolve_percentages, module


def test_same_used_lengths_and_same_letter(restore):
    case, options = _letter()
    fast_runtime, plain_runtime = Runtime(), Runtime()
    resolved: dict[str, list[tuple[Any, ...]]] = {"fast": [], "weasyprint": []}

    def recording(function: Any, into: list[tuple[Any, ...]]) -> Any:
        def resolve(box: Any, containing_block: Any) -> None:
            function(box, containing_block)
            into.append((type(box).__name__,) + tuple(getattr(box, name) for name in USED))
        return resolve

    percent_fast.uninstall()
    weasyprint_recording = recording(percent_fast._original, resolved["weasyprint"])
    percent_fast._swap(percent_fast._original, weasyprint_recording)
    try:
        plain = generate("mise_en_demeure", case, options, plain_runtime).content
    finally:
        percent_fast._swap(weasyprint_recording, percent_fast._original)
    assert not percent_fast.installed()

    fast_recording = recording(percent_fast.resolve_percentages, resolved["fast"])
    percent_fast._swap(percent_fast._original, fast_recording)
    try:
        fast = generate("mise_en_demeure", case, options, fast_runtime).content
    finally:
        percent_fast._swap(fast_recording, percent_fast._original)

    assert len(resolved["fast"]) > 300  # every box, every layout pass
    assert resolved["fast"] == resolved["weasyprint"]
    assert fast == plain
