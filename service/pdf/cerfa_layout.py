"""Laying a value out in a form's box: wrap, shrink down to 80 %, or cut with a marker.

Pure arithmetic on the bundled Liberation Sans metrics (:mod:`service.pdf.fonts`): a value is
first wrapped at the box's size, then drawn smaller step by step (down to ``MIN_FONT_SCALE`` of
the box's size: 7.2 pt for a 9 pt box) before it is cut at a word boundary and ended with
« … (suite en annexe, point k) ».
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from service.pdf import fonts

DEFAULT_FONT_SIZE = 9.0
MIN_FONT_SCALE = 0.8  # a value may be drawn down to 80 % of the box's size before being cut
PADDING = 2.0  # points between the box border and the text
LINE_HEIGHT = 1.15  # em
ELLIPSIS = "…"
OVERFLOW_MARKER = "(suite en annexe, point {k})"
SHORT_OVERFLOW_MARKER = "(annexe {k})"


def wrap(text: str, width: float, size: float, max_lines: int) -> list[str] | None:
    """Greedy word wrap; None when the text needs more than ``max_lines`` lines."""
    font = fonts.sans()
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}" if current else word
            if font.width(candidate, size) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word
            while font.width(current, size) > width:  # a word longer than the line
                cut = len(current)
                while cut > 1 and font.width(current[:cut], size) > width:
                    cut -= 1
                lines.append(current[:cut])
                current = current[cut:]
            if len(lines) > max_lines:
                return None
        lines.append(current)
        if len(lines) > max_lines:
            return None
    return lines




@dataclass(frozen=True)
class Box:
    width: float
    height: float
    size: float
    lines: int
    max_chars: int | None



def layout(text: str, box: Box) -> tuple[list[str], float] | None:
    """Lines and font size that fit ``text`` in the box, or None."""
    if box.max_chars is not None and len(text) > box.max_chars:
        return None
    inner = box.width - 2 * PADDING
    size = box.size
    while size >= box.size * MIN_FONT_SCALE - 1e-6:
        lines_fit = 1
        if box.lines > 1:
            lines_fit = max(1, math.floor((box.height - 2 * PADDING) / (size * LINE_HEIGHT)))
        wrapped = wrap(text, inner, size, lines_fit)
        if wrapped is not None:
            return wrapped, size
        size -= 0.25
    return None



def truncate(text: str, marker: str, box: Box) -> tuple[str, list[str], float] | None:
    """Longest word-boundary prefix of ``text`` that fits with the overflow marker, if any."""
    cuts = [i for i, c in enumerate(text) if c in " \n"]
    best: tuple[str, list[str], float] | None = None
    lo, hi = 0, len(cuts) - 1
    while lo <= hi:  # fitting is monotonic in the prefix length
        mid = (lo + hi) // 2
        prefix = text[: cuts[mid]].rstrip(" ,;:-—\n")
        candidate = f"{prefix} {ELLIPSIS} {marker}" if prefix else marker
        laid = layout(candidate, box)
        if laid is not None:
            best = (candidate, *laid)
            lo = mid + 1
        else:
            hi = mid - 1
    if best is None:
        laid = layout(marker, box)
        best = (marker, *laid) if laid is not None else None
    return best
