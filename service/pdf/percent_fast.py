"""WeasyPrint's ``resolve_percentages`` with its thirteen per-property calls inlined.

``weasyprint/layout/percent.py``'s ``resolve_percentages`` sets a box's used margins, paddings,
widths and heights from its computed style. It runs for every box at every layout pass (about
600 times for a two-page letter) and calls ``resolve_one_percentage`` then ``percentage`` for
each of its thirteen properties: two Python calls per property for one ``unit`` test. The
version here does the same per property in one loop: ``auto`` and ``None`` kept, ``%`` of the
same reference length (the same expression, so the same floating-point value), pixels as they
are, and anything else (a math function) handed to WeasyPrint's own ``percentage``.
``min-width``/``min-height`` ``auto`` become 0, borders and ``box-sizing`` are WeasyPrint's
code unchanged. :func:`install` replaces the function in every WeasyPrint layout module that
imported it. tests/pdf/test_percent_fast.py compares the used values of every box of a letter
and its PDF with and without, and fails if WeasyPrint's function changes.
"""

from __future__ import annotations

import hashlib
import inspect
import sys
from math import inf
from typing import Any

from weasyprint.css.functions import check_math
from weasyprint.formatting_structure import boxes
from weasyprint.layout import percent

# sha256 of the WeasyPrint function replaced here (see the test)
WEASYPRINT_RESOLVE_SHA256 = "71673078096fcf8764e6412933288cc79ba956eae0d939deda27beaeac45acad"

_original = percent.resolve_percentages
_percentage = percent.percentage
_adjust_box_sizing = percent.adjust_box_sizing
_Box, _PageBox = boxes.Box, boxes.PageBox


def _set(box: Any, style: Any, name: str, refer_to: Any) -> None:
    value = style[name]
    if value is not None and value != "auto":
        unit = getattr(value, "unit", None)
        if unit is None:
            value = _percentage(value, style, refer_to)
        elif unit == "%":
            value = refer_to * value.value / 100
        else:
            value = value.value
    setattr(box, name, value)


def resolve_percentages(box: Any, containing_block: Any) -> None:
    """Set used values as attributes of the box object (WeasyPrint 70's, inlined)."""
    if isinstance(containing_block, _Box):
        cb_width = containing_block.width
        cb_height = containing_block.height
    else:
        cb_width, cb_height = containing_block
    maybe_height = cb_height if isinstance(box, _PageBox) else cb_width
    style = box.style
    _set(box, style, "margin_left", cb_width)
    _set(box, style, "margin_right", cb_width)
    _set(box, style, "margin_top", maybe_height)
    _set(box, style, "margin_bottom", maybe_height)
    _set(box, style, "padding_left", cb_width)
    _set(box, style, "padding_right", cb_width)
    _set(box, style, "padding_top", maybe_height)
    _set(box, style, "padding_bottom", maybe_height)
    _set(box, style, "width", cb_width)
    _set(box, style, "min_width", cb_width)
    if box.min_width == "auto":
        box.min_width = 0
    _set(box, style, "max_width", cb_width)

    if cb_height == "auto":
        height = style["height"]
        if height == "auto" or check_math(height) or height.unit == "%":
            box.height = "auto"
        else:
            assert height.unit.lower() == "px"
            box.height = height.value
        _set(box, style, "min_height", 0)
        _set(box, style, "max_height", inf)
    else:
        _set(box, style, "height", cb_height)
        _set(box, style, "min_height", cb_height)
        _set(box, style, "max_height", cb_height)
    if box.min_height == "auto":
        box.min_height = 0

    collapse = style["border_collapse"] == "collapse"
    for prop in ("border_top_width", "border_right_width", "border_bottom_width",
                 "border_left_width"):
        if not (collapse and hasattr(box, prop)):
            setattr(box, prop, style[prop])

    _adjust_box_sizing(box, "width")
    _adjust_box_sizing(box, "height")


def weasyprint_resolve_digest() -> str:
    return hashlib.sha256(inspect.getsource(_original).encode()).hexdigest()


def _modules() -> list[Any]:
    return [m for name, m in list(sys.modules.items())
            if m is not None and (name == "weasyprint" or name.startswith("weasyprint."))]


def _swap(old: Any, new: Any) -> None:
    for module in _modules():
        if getattr(module, "resolve_percentages", None) is old:
            module.resolve_percentages = new


def install() -> None:
    """Idempotent; called once per process by the renderer."""
    _swap(_original, resolve_percentages)


def uninstall() -> None:
    """WeasyPrint's own function again (for the tests that compare both)."""
    _swap(resolve_percentages, _original)


def installed() -> bool:
    from weasyprint.layout import block, inline, table

    return all(m.resolve_percentages is resolve_percentages for m in (block, inline, table))
