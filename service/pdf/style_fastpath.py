"""A shorter road through WeasyPrint's computed styles for the values no rule sets.

WeasyPrint computes each element's style lazily: ``ComputedStyle.__missing__``
(``weasyprint/css/__init__.py``) runs once per element and property asked, about 8 600 times for
a two-page letter. Most of those properties appear in no rule for that element: the value is
then the parent's (an inherited property) or the initial value, but ``__missing__`` still goes
through its whole general path (cascade lookup, logical-property mapping, ``var()`` and math
checks, the special cases) to get there.

:func:`install` puts a first step in front of WeasyPrint's method that answers only that case,
with the same result, and hands every other case to WeasyPrint's method unchanged:

- the property is in the element's cascade, is a custom property (``__``), is ``float``,
  ``display``, ``position``, ``page`` or a ``text_decoration_*``: WeasyPrint's method;
- a physical property whose logical twin (for this ``direction``) is in the cascade:
  WeasyPrint's method;
- inherited, on an element with a parent: the parent's computed value (WeasyPrint's method if
  that value holds a math function);
- otherwise the initial value, passed through the property's computer function when WeasyPrint
  computes initial values of that property (``INITIAL_NOT_COMPUTED``).

Same styles, same bytes: tests/pdf/test_style_fastpath.py compares the computed styles of every
element of a letter and its PDF with and without, and fails if WeasyPrint's ``__missing__``
changes.
"""

from __future__ import annotations

import hashlib
import inspect
from typing import Any

from weasyprint.css import ComputedStyle
from weasyprint.css.computed_values import COMPUTER_FUNCTIONS, PHYSICAL_FUNCTIONS
from weasyprint.css.functions import check_math
from weasyprint.css.properties import INHERITED, INITIAL_NOT_COMPUTED, INITIAL_VALUES

# sha256 of the WeasyPrint method this step stands in front of (see the test)
WEASYPRINT_MISSING_SHA256 = "b318d8efc8ac79d716f05cb81cc3abd65a32bd79601e363b218a32559bb3a5fb"
_SPECIAL = frozenset({"float", "display", "position", "page"})

_original_missing = ComputedStyle.__missing__


# what the short path does with a property, by name: WeasyPrint's path, the parent's value, the
# initial value, or the initial value through its computer function
_GENERAL, _INHERIT, _INITIAL, _COMPUTE = range(4)
_KINDS: dict[str, int] = {}


def _kind(key: str) -> int:
    if key in _SPECIAL or key[:2] == "__" or key[:16] == "text_decoration_":
        kind = _GENERAL
    elif key in INHERITED:
        kind = _INHERIT
    elif key in INITIAL_NOT_COMPUTED and key in COMPUTER_FUNCTIONS:
        kind = _COMPUTE
    else:
        kind = _INITIAL
    _KINDS[key] = kind
    return kind


def missing(self: Any, key: str) -> Any:
    kind = _KINDS.get(key)
    if kind is None:
        kind = _kind(key)
    cascaded = self.cascaded
    if kind == _GENERAL or key in cascaded:
        return _original_missing(self, key)
    logical = PHYSICAL_FUNCTIONS.get(key)
    if logical is not None and logical(block="ttb", inline=self["direction"]) in cascaded:
        return _original_missing(self, key)
    if kind == _INHERIT:
        parent = self.parent_style
        if parent is None:
            return _original_missing(self, key)
        value = parent[key]
        if check_math(value):
            return _original_missing(self, key)
    elif kind == _INITIAL:
        value = INITIAL_VALUES[key]
    else:
        value = COMPUTER_FUNCTIONS[key](self, key, INITIAL_VALUES[key])
    self[key] = value
    return value



def weasyprint_missing_digest() -> str:
    return hashlib.sha256(inspect.getsource(_original_missing).encode()).hexdigest()


def install() -> None:
    """Idempotent; called once per process by the renderer."""
    ComputedStyle.__missing__ = missing


def uninstall() -> None:
    """WeasyPrint's own ``__missing__`` again (for the tests that compare both)."""
    ComputedStyle.__missing__ = _original_missing


def installed() -> bool:
    return ComputedStyle.__missing__ is missing
