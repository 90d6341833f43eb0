"""The Deflate level of the PDFs WeasyPrint writes.

pydyf (WeasyPrint's PDF writer) compresses every stream at zlib's level 9. On a letter that
is 7 ms of the 38 ms spent writing the PDF, for 0.3 % of its size over level 6, zlib's own
default. :func:`use_default_level` makes pydyf compress at level 6: output stays
deterministic (same input, same bytes) and every stream is still FlateDecode.

pydyf offers no setting for this, so its module-level ``zlib`` is replaced by a proxy that
changes only the level. If a pydyf release stops using that name, the proxy is simply unused.
"""

from __future__ import annotations

import zlib
from typing import Any

import pydyf

LEVEL = 6


class _DefaultLevelZlib:
    """``zlib``, with ``compress``/``compressobj`` at :data:`LEVEL` whatever level is asked."""

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level: int = LEVEL, *args: Any, **kwargs: Any) -> Any:
        return zlib.compressobj(LEVEL, *args, **kwargs)

    @staticmethod
    def compress(data: bytes, level: int = LEVEL, **kwargs: Any) -> bytes:
        return zlib.compress(data, LEVEL, **kwargs)


def use_default_level() -> None:
    """Idempotent; called once per process by the renderer."""
    if getattr(pydyf, "zlib", None) is zlib:
        pydyf.zlib = _DefaultLevelZlib()


def in_use() -> bool:
    return isinstance(getattr(pydyf, "zlib", None), _DefaultLevelZlib)
